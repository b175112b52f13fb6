/** The store: Drizzle schemas for SQLite and MySQL, and repositories written once for both. */
export * from './api-keys.ts';
export * from './conversations.ts';
export * from './errors.ts';
export * from './messages.ts';
export type { Body, Ctx, Dialect } from './ops.ts';
export * from './schema/index.ts';
export * from './store.ts';
export * from './tenants.ts';
export * from './users.ts';
