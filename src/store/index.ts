/** The store: Drizzle schemas for SQLite and MySQL, and repositories written once for both. */
export * from './api-keys.ts';
export * from './canned.ts';
export * from './conversations.ts';
export * from './customers.ts';
export * from './errors.ts';
export * from './groups.ts';
export * from './messages.ts';
export type { Body, Ctx, Dialect } from './ops.ts';
export * from './schema/index.ts';
export * from './sla-policies.ts';
export * from './store.ts';
export * from './tenants.ts';
export * from './tickets.ts';
export * from './users.ts';
