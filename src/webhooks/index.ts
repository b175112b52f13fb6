/** Outbound webhooks: per-tenant subscriptions, signed deliveries through the outbox. */
export { WEBHOOK_EVENTS, type WebhookEvent, type WebhookInput, Webhooks } from './directory.ts';
export { subscribeWebhooks } from './fan-out.ts';
export { webhookSender } from './send.ts';
export {
  newWebhookSecret,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
} from './sign.ts';
