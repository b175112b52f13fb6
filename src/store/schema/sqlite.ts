/**
 * SQLite schema. `mysql.ts` exports the same tables with the same names and row types
 * (checked at compile time in `index.ts`): keep the two files a readable diff.
 * Portable columns: app-generated UUIDv7 text ids, epoch-ms integers, JSON as text.
 */
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

import type {
  BotAnswersJson,
  BusinessHoursJson,
  EvaluationJson,
  ExampleJson,
  ReplyRouteJson,
  SlaTargetsJson,
  TrainMetricsJson,
} from './json-types.ts';

const id = () => text('id').primaryKey();
const ref = (name: string) => text(name);
const ms = (name: string) => integer(name, { mode: 'number' });
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
const str = (name: string, _length: number) => text(name);
const num = (name: string) => integer(name, { mode: 'number' });
const flag = (name: string) => integer(name, { mode: 'boolean' });
const body = (name: string) => text(name);
const bytes = (name: string) => blob(name, { mode: 'buffer' });
const longBody = (name: string) => text(name);

export const tenants = sqliteTable(
  'tenants',
  {
    id: id(),
    name: text('name').notNull(),
    widgetKey: text('widget_key').notNull(),
    createdAt: ms('created_at').notNull(),
    /** Messages of conversations closed longer ago than this are purged (null: kept). */
    retentionDays: num('retention_days'),
    /** Signs verified web/app user ids (`userHash`); created on first request. */
    identitySecret: str('identity_secret', 128),
    /** Origins the widget may be embedded on (null or empty: any origin). */
    allowedOrigins: json<string[]>('allowed_origins'),
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
    /** Set when merged into another customer: old tokens and ids follow it. */
    mergedIntoId: ref('merged_into_id'),
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
    groupId: ref('group_id'),
    priority: num('priority').notNull().default(0),
    tags: json<string[]>('tags'),
    queuedAt: ms('queued_at'),
    assignedAt: ms('assigned_at'),
    firstResponseAt: ms('first_response_at'),
    ticketId: ref('ticket_id'),
    /** Channel of the customer's last message: replies go out there. */
    lastChannel: str('last_channel', 32),
    replyTo: json<ReplyRouteJson>('reply_to'),
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

export const skillGroups = sqliteTable(
  'skill_groups',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    key: str('key', 64).notNull(),
    name: str('name', 200).notNull(),
    strategy: str('strategy', 32).notNull(),
    sticky: flag('sticky').notNull(),
    requeueAfterSec: num('requeue_after_sec'),
    overflowAfterSec: num('overflow_after_sec'),
    overflowGroupId: ref('overflow_group_id'),
    businessHours: json<BusinessHoursJson>('business_hours'),
    outOfHoursReply: body('out_of_hours_reply'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('skill_groups_key').on(t.tenantId, t.key)],
);

export const routingEvents = sqliteTable(
  'routing_events',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    conversationId: ref('conversation_id')
      .notNull()
      .references(() => conversations.id),
    kind: str('kind', 32).notNull(),
    ruleId: str('rule_id', 64),
    actorId: ref('actor_id'),
    detail: json<Record<string, unknown>>('detail').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('routing_events_conversation').on(t.conversationId, t.createdAt),
    index('routing_events_tenant').on(t.tenantId, t.createdAt),
  ],
);

export const ruleSets = sqliteTable(
  'rule_sets',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: num('version').notNull(),
    rules: json<unknown[]>('rules').notNull(),
    authorId: ref('author_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('rule_sets_version').on(t.tenantId, t.version)],
);

export const slaPolicies = sqliteTable(
  'sla_policies',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: str('name', 200).notNull(),
    targets: json<SlaTargetsJson>('targets').notNull(),
    businessHours: json<BusinessHoursJson>('business_hours'),
    active: flag('active').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('sla_policies_tenant').on(t.tenantId)],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    number: num('number').notNull(),
    subject: str('subject', 300).notNull(),
    status: str('status', 16).notNull(),
    priority: str('priority', 16).notNull(),
    requesterId: ref('requester_id').references(() => customers.id),
    assigneeId: ref('assignee_id').references(() => users.id),
    groupId: ref('group_id'),
    tags: json<string[]>('tags').notNull(),
    customFields: json<Record<string, unknown>>('custom_fields').notNull(),
    conversationId: ref('conversation_id'),
    mergedIntoId: ref('merged_into_id'),
    slaPolicyId: ref('sla_policy_id'),
    firstResponseDueAt: ms('first_response_due_at'),
    nextResponseDueAt: ms('next_response_due_at'),
    resolutionDueAt: ms('resolution_due_at'),
    firstRespondedAt: ms('first_responded_at'),
    breachedAt: ms('breached_at'),
    /** The earliest SLA due time not yet met nor marked breached (the scheduler's index). */
    slaNextDueAt: ms('sla_next_due_at'),
    breaches: json<string[]>('breaches').notNull(),
    csatScore: num('csat_score'),
    csatComment: body('csat_comment'),
    version: num('version').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    solvedAt: ms('solved_at'),
    closedAt: ms('closed_at'),
  },
  (t) => [
    uniqueIndex('tickets_number').on(t.tenantId, t.number),
    index('tickets_tenant_status').on(t.tenantId, t.status, t.updatedAt),
    index('tickets_assignee').on(t.tenantId, t.assigneeId, t.status),
    index('tickets_conversation').on(t.conversationId),
    index('tickets_requester').on(t.requesterId, t.createdAt),
    index('tickets_sla_next_due').on(t.slaNextDueAt),
  ],
);

export const ticketTags = sqliteTable(
  'ticket_tags',
  {
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id),
    tag: str('tag', 64).notNull(),
  },
  (t) => [
    uniqueIndex('ticket_tags_pk').on(t.ticketId, t.tag),
    index('ticket_tags_tag').on(t.tenantId, t.tag),
  ],
);

export const ticketComments = sqliteTable(
  'ticket_comments',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id),
    authorKind: str('author_kind', 16).notNull(),
    authorId: ref('author_id'),
    public: flag('public').notNull(),
    body: body('body').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('ticket_comments_ticket').on(t.ticketId, t.createdAt)],
);

export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id),
    kind: str('kind', 32).notNull(),
    actorKind: str('actor_kind', 16).notNull(),
    actorId: ref('actor_id'),
    data: json<Record<string, unknown>>('data').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.createdAt)],
);

export const searchTerms = sqliteTable(
  'search_terms',
  {
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id),
    term: str('term', 64).notNull(),
  },
  (t) => [
    uniqueIndex('search_terms_pk').on(t.tenantId, t.term, t.ticketId),
    index('search_terms_ticket').on(t.ticketId),
  ],
);

export const cannedResponses = sqliteTable(
  'canned_responses',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    shortcut: str('shortcut', 64).notNull(),
    title: str('title', 200).notNull(),
    body: body('body').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('canned_responses_shortcut').on(t.tenantId, t.shortcut)],
);

export const conversationNotes = sqliteTable(
  'conversation_notes',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    conversationId: ref('conversation_id')
      .notNull()
      .references(() => conversations.id),
    authorId: ref('author_id'),
    authorName: str('author_name', 200),
    text: body('text').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('conversation_notes_conversation').on(t.conversationId, t.createdAt)],
);

/** Channel accounts of a tenant (WeChat Official Accounts, the email mailbox); secrets as given. */
export const channels = sqliteTable(
  'channels',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: str('kind', 16).notNull(),
    /** One account per key and kind: the WeChat appId, `default` for email. */
    key: str('key', 191).notNull(),
    config: json<Record<string, unknown>>('config').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('channels_key').on(t.tenantId, t.kind, t.key)],
);

/** Messages' ids on other channels (email Message-IDs, API client keys) → conversation. */
export const channelRefs = sqliteTable(
  'channel_refs',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    channel: str('channel', 32).notNull(),
    externalId: str('external_id', 191).notNull(),
    conversationId: ref('conversation_id')
      .notNull()
      .references(() => conversations.id),
    messageId: ref('message_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('channel_refs_external').on(t.tenantId, t.channel, t.externalId),
    index('channel_refs_conversation').on(t.conversationId, t.createdAt),
  ],
);

export const webhooks = sqliteTable(
  'webhooks',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    url: str('url', 2000).notNull(),
    events: json<string[]>('events').notNull(),
    description: str('description', 500),
    /** HMAC key of the signatures: needed in clear to sign (see docs/channels.md). */
    secret: str('secret', 128).notNull(),
    active: flag('active').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('webhooks_tenant').on(t.tenantId)],
);

/**
 * The outbox: every call kefu owes another system (webhooks, WeChat and email sends),
 * retried with backoff until delivered or dead; survives restarts.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: str('kind', 16).notNull(),
    /** The webhook or channel account it goes through. */
    targetId: ref('target_id'),
    event: str('event', 64).notNull(),
    eventId: ref('event_id').notNull(),
    url: str('url', 2000),
    /** The conversation it is about, if any (erasure and retention find it by this). */
    conversationId: ref('conversation_id'),
    /** Deliveries with the same key go out one at a time, in creation order. */
    orderingKey: ref('ordering_key'),
    payload: longBody('payload').notNull(),
    status: str('status', 16).notNull(),
    attempts: num('attempts').notNull(),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    lockedUntil: ms('locked_until'),
    /** Which claim holds the lease: only its holder may record the attempt. */
    leaseId: ref('lease_id'),
    lastError: str('last_error', 500),
    lastStatus: num('last_status'),
    durationMs: num('duration_ms'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    index('deliveries_due').on(t.status, t.nextAttemptAt),
    index('deliveries_tenant').on(t.tenantId, t.status, t.createdAt),
    index('deliveries_target').on(t.targetId, t.createdAt),
    index('deliveries_ordering').on(t.orderingKey, t.createdAt),
    index('deliveries_conversation').on(t.conversationId),
  ],
);

/** A tenant's uploaded training examples (intents and their example sentences). */
export const intentDatasets = sqliteTable(
  'intent_datasets',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: str('name', 200).notNull(),
    format: str('format', 16).notNull(),
    examples: json<ExampleJson[]>('examples').notNull(),
    exampleCount: num('example_count').notNull(),
    labelCounts: json<Record<string, number>>('label_counts').notNull(),
    authorId: ref('author_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('intent_datasets_tenant').on(t.tenantId, t.createdAt)],
);

/**
 * A tenant's model versions, from the training job (status `training`, with its phase
 * and percent) to `ready`, `failed` or `active` (at most one per tenant). The files are
 * in `intent_model_parts`.
 */
export const intentModels = sqliteTable(
  'intent_models',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: num('version').notNull(),
    datasetId: ref('dataset_id'),
    status: str('status', 16).notNull(),
    phase: str('phase', 16).notNull(),
    percent: num('percent').notNull(),
    preset: str('preset', 16).notNull(),
    seed: num('seed').notNull(),
    labels: json<string[]>('labels'),
    metrics: json<TrainMetricsJson>('metrics'),
    evaluation: json<EvaluationJson>('evaluation'),
    onnxBytes: num('onnx_bytes'),
    onnxSha256: str('onnx_sha256', 64),
    error: body('error'),
    nodeId: str('node_id', 128),
    authorId: ref('author_id'),
    createdAt: ms('created_at').notNull(),
    /** Progress and heartbeat of a training job; a job silent for long was interrupted. */
    updatedAt: ms('updated_at').notNull(),
    finishedAt: ms('finished_at'),
    activatedAt: ms('activated_at'),
  },
  (t) => [
    uniqueIndex('intent_models_version').on(t.tenantId, t.version),
    index('intent_models_status').on(t.tenantId, t.status),
  ],
);

/**
 * The files of a model version (`model.onnx`, `model.json`) as blobs, in parts of at
 * most 4 MiB: MySQL refuses a statement larger than `max_allowed_packet` (16 MiB by default).
 */
export const intentModelParts = sqliteTable(
  'intent_model_parts',
  {
    modelId: ref('model_id')
      .notNull()
      .references(() => intentModels.id),
    file: str('file', 16).notNull(),
    part: num('part').notNull(),
    bytes: bytes('bytes').notNull(),
  },
  (t) => [uniqueIndex('intent_model_parts_pk').on(t.modelId, t.file, t.part)],
);

/** A tenant's own bot answers (without a row: the shipped default answers). */
export const botAnswers = sqliteTable('bot_answers', {
  tenantId: ref('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  answers: json<BotAnswersJson>('answers').notNull(),
  authorId: ref('author_id'),
  updatedAt: ms('updated_at').notNull(),
});

/** FAQ articles: the bot's second chance when no intent is confident. */
export const faqArticles = sqliteTable(
  'faq_articles',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    title: str('title', 300).notNull(),
    body: body('body').notNull(),
    language: str('language', 8).notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('faq_articles_tenant').on(t.tenantId, t.updatedAt)],
);

/** An agent's sign-in: access tokens carry its id (`sid`), refresh tokens belong to it. */
export const agentSessions = sqliteTable(
  'agent_sessions',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ms('created_at').notNull(),
    /** The session ends then, however often it is refreshed. */
    expiresAt: ms('expires_at').notNull(),
    revokedAt: ms('revoked_at'),
    /** logout, refresh_reuse, disabled, password_changed */
    revokedReason: str('revoked_reason', 32),
  },
  (t) => [index('agent_sessions_user').on(t.userId)],
);

/** Refresh tokens (SHA-256 of the token): each is used once, then replaced by the next. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: id(),
    sessionId: ref('session_id')
      .notNull()
      .references(() => agentSessions.id),
    tokenHash: str('token_hash', 64).notNull(),
    createdAt: ms('created_at').notNull(),
    usedAt: ms('used_at'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash').on(t.tokenHash),
    index('refresh_tokens_session').on(t.sessionId),
  ],
);

/** Failed logins by key (a hash of email and address, or of the email alone). */
export const loginFailures = sqliteTable('login_failures', {
  key: str('key', 64).primaryKey(),
  failures: num('failures').notNull(),
  windowStart: ms('window_start').notNull(),
  lockedUntil: ms('locked_until'),
});

/** Who changed what in a tenant's settings, agents, keys, channels, rules. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    tenantId: ref('tenant_id')
      .notNull()
      .references(() => tenants.id),
    at: ms('at').notNull(),
    /** agent, apiKey, system */
    actorKind: str('actor_kind', 16).notNull(),
    actorId: str('actor_id', 64),
    action: str('action', 64).notNull(),
    targetType: str('target_type', 32),
    targetId: str('target_id', 64),
    details: json<Record<string, unknown>>('details').notNull(),
  },
  (t) => [index('audit_log_tenant').on(t.tenantId, t.id)],
);
