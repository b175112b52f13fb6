/** The outbox: durable, retried, bounded delivery of everything kefu sends to other systems. */
export { retryDelay } from './backoff.ts';
export {
  type AttemptResult,
  type DeliveryHandler,
  type NewDelivery,
  Outbox,
  type OutboxOptions,
  type OutboxStats,
  targetOf,
} from './outbox.ts';
