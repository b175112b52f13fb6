/** Routing: presence, queues, skill groups, assignment strategies, business hours, rules. */
export * from './business-hours.ts';
export * from './cluster-router.ts';
export * from './groups.ts';
export * from './port.ts';
export type { AgentInfo, AgentPresence } from './presence.ts';
export type { QueueItem } from './queue.ts';
export * from './router.ts';
export * from './rules/index.ts';
export * from './strategies.ts';
