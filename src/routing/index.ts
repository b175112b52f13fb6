/** Routing: presence, queues, assignment strategies. */
export * from './router.ts';
export * from './strategies.ts';
