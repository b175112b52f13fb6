/**
 * SQLite schema. `mysql.ts` exports the same tables with the same names and row types
 * (checked at compile time in `index.ts`): keep the two files a readable diff.
 * Portable columns: app-generated UUIDv7 text ids, epoch-ms integers, JSON as text.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const id = () => text('id').primaryKey();
const ref = (name: string) => text(name);
const ms = (name: string) => integer(name, { mode: 'number' });
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const tenants = sqliteTable(
  'tenants',
  {
    id: id(),
    name: text('name').notNull(),
    widgetKey: text('widget_key').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('tenants_widget_key').on(t.widgetKey)],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: json<string[]>('scopes').notNull(),
    createdAt: ms('created_at').notNull(),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_tenant').on(t.tenantId)],
);

export const users = sqliteTable(
  'users',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    skills: json<string[]>('skills').notNull(),
    capacity: integer('capacity', { mode: 'number' }).notNull(),
    createdAt: ms('created_at').notNull(),
    disabledAt: ms('disabled_at'),
  },
  (t) => [uniqueIndex('users_email').on(t.email), index('users_tenant').on(t.tenantId)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name'),
    email: text('email'),
    attributes: json<Record<string, unknown>>('attributes').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('customers_tenant').on(t.tenantId)],
);

export const customerIdentities = sqliteTable(
  'customer_identities',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    customerId: ref('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('customer_identities_external').on(t.tenantId, t.channel, t.externalId),
    index('customer_identities_customer').on(t.customerId),
  ],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    customerId: ref('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel').notNull(),
    state: text('state').notNull(),
    assignedAgentId: ref('assigned_agent_id').references(() => users.id),
    lastSeq: integer('last_seq', { mode: 'number' }).notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    closedAt: ms('closed_at'),
  },
  (t) => [
    index('conversations_tenant_state').on(t.tenantId, t.state, t.updatedAt),
    index('conversations_customer').on(t.customerId, t.createdAt),
    index('conversations_agent').on(t.assignedAgentId, t.state),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    conversationId: ref('conversation_id')
      .notNull()
      .references(() => conversations.id),
    seq: integer('seq', { mode: 'number' }).notNull(),
    clientMsgId: text('client_msg_id'),
    authorKind: text('author_kind').notNull(),
    authorId: ref('author_id'),
    authorName: text('author_name'),
    channel: text('channel').notNull(),
    text: text('text').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_msg').on(t.conversationId, t.clientMsgId),
    index('messages_tenant_created').on(t.tenantId, t.createdAt),
  ],
);
