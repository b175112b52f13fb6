/**
 * MySQL/MariaDB schema: the same tables, names and row types as `sqlite.ts`.
 */
import {
  bigint,
  customType,
  index,
  int,
  mysqlTable,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';

const id = () => varchar('id', { length: 36 }).primaryKey();
const ref = (name: string) => varchar(name, { length: 36 });
const ms = (name: string) => bigint(name, { mode: 'number' });
// MariaDB's JSON is LONGTEXT underneath and mysql2 hands it back as a string: parse it here.
const json = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'json',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  })(name);

export const tenants = mysqlTable(
  'tenants',
  {
    id: id(),
    name: varchar('name', { length: 200 }).notNull(),
    widgetKey: varchar('widget_key', { length: 64 }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('tenants_widget_key').on(t.widgetKey)],
);

export const apiKeys = mysqlTable(
  'api_keys',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: varchar('name', { length: 200 }).notNull(),
    prefix: varchar('prefix', { length: 32 }).notNull(),
    keyHash: varchar('key_hash', { length: 64 }).notNull(),
    scopes: json<string[]>('scopes').notNull(),
    createdAt: ms('created_at').notNull(),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_tenant').on(t.tenantId)],
);

export const users = mysqlTable(
  'users',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: varchar('email', { length: 254 }).notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    passwordHash: varchar('password_hash', { length: 255 }).notNull(),
    role: varchar('role', { length: 32 }).notNull(),
    skills: json<string[]>('skills').notNull(),
    capacity: int('capacity').notNull(),
    createdAt: ms('created_at').notNull(),
    disabledAt: ms('disabled_at'),
  },
  (t) => [uniqueIndex('users_email').on(t.email), index('users_tenant').on(t.tenantId)],
);

export const customers = mysqlTable(
  'customers',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: varchar('name', { length: 200 }),
    email: varchar('email', { length: 254 }),
    attributes: json<Record<string, unknown>>('attributes').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('customers_tenant').on(t.tenantId)],
);

export const customerIdentities = mysqlTable(
  'customer_identities',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    customerId: ref('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: varchar('channel', { length: 32 }).notNull(),
    externalId: varchar('external_id', { length: 191 }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('customer_identities_external').on(t.tenantId, t.channel, t.externalId),
    index('customer_identities_customer').on(t.customerId),
  ],
);

export const conversations = mysqlTable(
  'conversations',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    customerId: ref('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: varchar('channel', { length: 32 }).notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    assignedAgentId: ref('assigned_agent_id').references(() => users.id),
    lastSeq: int('last_seq').notNull(),
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

export const messages = mysqlTable(
  'messages',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    conversationId: ref('conversation_id')
      .notNull()
      .references(() => conversations.id),
    seq: int('seq').notNull(),
    clientMsgId: varchar('client_msg_id', { length: 80 }),
    authorKind: varchar('author_kind', { length: 16 }).notNull(),
    authorId: ref('author_id'),
    authorName: varchar('author_name', { length: 200 }),
    channel: varchar('channel', { length: 32 }).notNull(),
    text: text('text').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_msg').on(t.conversationId, t.clientMsgId),
    index('messages_tenant_created').on(t.tenantId, t.createdAt),
  ],
);
