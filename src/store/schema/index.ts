/**
 * The two dialect schemas, and the compile-time proof that their rows are the same type.
 * Queries are written once against `Schema` (typed as the SQLite schema); at run time
 * the MySQL tables stand in for it.
 */
import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import * as mysqlSchema from './mysql.ts';
import * as sqliteSchema from './sqlite.ts';

export { mysqlSchema, sqliteSchema };
export type Schema = typeof sqliteSchema;
export type TableName = keyof Schema;

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type SameRows = {
  [K in TableName]: Equal<
    InferSelectModel<Schema[K]>,
    InferSelectModel<(typeof mysqlSchema)[K]>
  > extends true
    ? Equal<InferInsertModel<Schema[K]>, InferInsertModel<(typeof mysqlSchema)[K]>>
    : false;
};
// A schema drift between the dialects fails `tsc` on this line, naming the table.
const _sameRows: { [K in TableName]: true } = {} as SameRows;
void _sameRows;

export type Tenant = InferSelectModel<Schema['tenants']>;
export type ApiKey = InferSelectModel<Schema['apiKeys']>;
export type User = InferSelectModel<Schema['users']>;
export type Customer = InferSelectModel<Schema['customers']>;
export type CustomerIdentity = InferSelectModel<Schema['customerIdentities']>;
export type Conversation = InferSelectModel<Schema['conversations']>;
export type Message = InferSelectModel<Schema['messages']>;
export type SkillGroup = InferSelectModel<Schema['skillGroups']>;
export type RoutingEvent = InferSelectModel<Schema['routingEvents']>;
export type RuleSetRow = InferSelectModel<Schema['ruleSets']>;
export type SlaPolicy = InferSelectModel<Schema['slaPolicies']>;
export type Ticket = InferSelectModel<Schema['tickets']>;
export type TicketComment = InferSelectModel<Schema['ticketComments']>;
export type TicketEvent = InferSelectModel<Schema['ticketEvents']>;
export type CannedResponse = InferSelectModel<Schema['cannedResponses']>;
export type ConversationNote = InferSelectModel<Schema['conversationNotes']>;
export type ChannelRow = InferSelectModel<Schema['channels']>;
export type ChannelRef = InferSelectModel<Schema['channelRefs']>;
export type Webhook = InferSelectModel<Schema['webhooks']>;
export type Delivery = InferSelectModel<Schema['deliveries']>;
export type IntentDataset = InferSelectModel<Schema['intentDatasets']>;
export type IntentModel = InferSelectModel<Schema['intentModels']>;
export type IntentModelPart = InferSelectModel<Schema['intentModelParts']>;
export type BotAnswersRow = InferSelectModel<Schema['botAnswers']>;
export type FaqArticleRow = InferSelectModel<Schema['faqArticles']>;
export type {
  BotAnswersJson,
  BusinessHoursJson,
  EvaluationJson,
  ExampleJson,
  ReplyRouteJson,
  SlaTargetsJson,
  TrainMetricsJson,
} from './json-types.ts';
export type AgentSession = InferSelectModel<Schema['agentSessions']>;
export type RefreshToken = InferSelectModel<Schema['refreshTokens']>;
export type AuditEntry = InferSelectModel<Schema['auditLog']>;
