/**
 * The wire frames (docs/protocol.md). Client frames are TypeBox schemas, compiled once:
 * the schema is both the validator and the type. Unknown fields are refused.
 */
import { type Static, Type as T, type TObject } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Stats } from '../dashboard/schema.ts';

const strict = { additionalProperties: false } as const;
const ClientMsgId = T.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const ConversationId = T.String({ minLength: 1, maxLength: 64 });
const Seq = T.Integer({ minimum: 0, maximum: 2 ** 31 });
// Length is checked after validation, so an over-long text gets its own error code.
const Text = T.String();

export const CustomerFrames = {
  msg: T.Object({ t: T.Literal('msg'), clientMsgId: ClientMsgId, text: Text }, strict),
  resume: T.Object({ t: T.Literal('resume'), afterSeq: Seq }, strict),
  typing: T.Object({ t: T.Literal('typing') }, strict),
  read: T.Object({ t: T.Literal('read'), seq: Seq }, strict),
  csat: T.Object(
    {
      t: T.Literal('csat'),
      conversationId: ConversationId,
      score: T.Integer({ minimum: 1, maximum: 5 }),
      comment: T.Optional(T.String({ maxLength: 2000 })),
    },
    strict,
  ),
  ping: T.Object({ t: T.Literal('ping') }, strict),
};

export const AgentFrames = {
  msg: T.Object(
    { t: T.Literal('msg'), conversationId: ConversationId, clientMsgId: ClientMsgId, text: Text },
    strict,
  ),
  resume: T.Object(
    { t: T.Literal('resume'), conversationId: ConversationId, afterSeq: Seq },
    strict,
  ),
  typing: T.Object({ t: T.Literal('typing'), conversationId: ConversationId }, strict),
  read: T.Object({ t: T.Literal('read'), conversationId: ConversationId, seq: Seq }, strict),
  close: T.Object({ t: T.Literal('close'), conversationId: ConversationId }, strict),
  transfer: T.Object(
    {
      t: T.Literal('transfer'),
      conversationId: ConversationId,
      toAgentId: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
      toGroup: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
      reason: T.String({ maxLength: 500 }),
    },
    strict,
  ),
  takeover: T.Object({ t: T.Literal('takeover'), conversationId: ConversationId }, strict),
  presence: T.Object(
    { t: T.Literal('presence'), status: T.Union([T.Literal('online'), T.Literal('away')]) },
    strict,
  ),
  note: T.Object(
    { t: T.Literal('note'), conversationId: ConversationId, clientMsgId: ClientMsgId, text: Text },
    strict,
  ),
  ping: T.Object({ t: T.Literal('ping') }, strict),
};

export type CustomerFrame = {
  [K in keyof typeof CustomerFrames]: Static<(typeof CustomerFrames)[K]>;
}[keyof typeof CustomerFrames];
export type AgentFrame = {
  [K in keyof typeof AgentFrames]: Static<(typeof AgentFrames)[K]>;
}[keyof typeof AgentFrames];

type Checker = ReturnType<typeof TypeCompiler.Compile>;
function compileAll<F extends Record<string, TObject>>(frames: F): Map<string, Checker> {
  return new Map(Object.entries(frames).map(([t, schema]) => [t, TypeCompiler.Compile(schema)]));
}
export const customerCheckers = compileAll(CustomerFrames);
export const agentCheckers = compileAll(AgentFrames);

/** Author of a message as clients see it. */
export interface Author {
  kind: 'customer' | 'agent' | 'bot' | 'system';
  id: string | null;
  name: string | null;
}

export interface ConversationView {
  id: string;
  customerId: string;
  state: string;
  lastSeq: number;
  assignedAgentId: string | null;
  channel: string;
  createdAt: number;
}

/** An internal note (whisper) on a conversation: staff only. */
export interface NoteView {
  id: string;
  conversationId: string;
  author: { id: string | null; name: string | null };
  text: string;
  createdAt: number;
}

/** A tenant's intent training job, pushed to its supervisors while it runs. */
export interface TrainingJobView {
  id: string;
  version: number;
  status: 'training' | 'ready' | 'failed' | 'active';
  /** queued, evaluating, training, saving, done or failed. */
  phase: string;
  percent: number;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface MsgFrame {
  t: 'msg';
  id: string;
  conversationId: string;
  seq: number;
  author: Author;
  text: string;
  /** The channel the message came in on or goes out by (web, app, wechat, email, api). */
  channel: string;
  createdAt: number;
}

export type ServerFrame =
  | MsgFrame
  | {
      t: 'welcome';
      visitorToken: string;
      customerId: string;
      conversationId: string;
      lastSeq: number;
      state: string;
    }
  | {
      t: 'hello';
      agent: {
        id: string;
        name: string;
        role: string;
        status?: string;
        skills?: string[];
        capacity?: number;
      };
      conversations: ConversationView[];
    }
  | {
      t: 'ack';
      clientMsgId: string;
      id: string;
      seq: number;
      conversationId: string;
      duplicate: boolean;
    }
  | { t: 'resumed'; conversationId: string; lastSeq: number }
  | { t: 'conversation'; conversation: ConversationView }
  | { t: 'typing'; conversationId: string; author: Author }
  | { t: 'read'; conversationId: string; seq: number; author: Author }
  | { t: 'queue'; conversationId: string; position: number; groupId: string | null }
  | { t: 'csat_request'; conversationId: string; ticketId: string }
  | { t: 'presence'; agentId: string; status: string }
  | ({ t: 'stats' } & Stats)
  | { t: 'note'; conversationId: string; clientMsgId: string | null; note: NoteView }
  | { t: 'training'; job: TrainingJobView }
  | { t: 'pong' }
  | { t: 'error'; code: string; message: string; ref?: string };
