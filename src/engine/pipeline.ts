/**
 * The one path every inbound message takes, whatever its channel:
 * persist → acknowledge → deliver → decide.
 */
import { KefuError } from '../errors.ts';
import type { Author } from '../gateway/frames.ts';
import { type Message, type ReplyRouteJson, updateConversation } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { decide } from './decide.ts';
import { toConversation, toMsgFrame } from './deliver.ts';
import type { Session } from './sessions.ts';

/** The connection a message came from (any node): it gets the ack instead of an echo. */
export interface Origin {
  connId: string;
}

export interface Inbound {
  session: Session;
  author: Author;
  clientMsgId: string | null;
  text: string;
  channel: string;
  /** Customer messages: the customer's address on `channel`, where replies go. */
  replyTo?: ReplyRouteJson;
  origin?: Origin;
}

export interface Ingested {
  message: Message;
  duplicate: boolean;
}

export async function ingest(ctx: EngineContext, input: Inbound): Promise<Ingested> {
  const { session, author } = input;
  const isFirst = !session.stored;

  // 1. Persist: resolves only after the group commit holding this message is durable.
  const started = performance.now();
  const result = await ctx.committer.append({
    tenantId: session.tenantId,
    conversationId: session.id,
    clientMsgId: input.clientMsgId,
    authorKind: author.kind,
    authorId: author.id,
    authorName: author.name,
    channel: input.channel,
    text: input.text,
    createdAt: Date.now(),
    replyTo: author.kind === 'customer' ? (input.replyTo ?? null) : undefined,
    create: isFirst ? creation(session) : undefined,
  });
  if (!result.ok) throw new KefuError('not_found', 'conversation not found');
  ctx.events.emit('pipeline.stage', { stage: 'persist', ms: performance.now() - started });
  const { message, duplicate } = result;
  const created = isFirst && !session.stored;
  if (created) {
    session.stored = true;
    session.state = 'bot';
  }
  if (message.seq > session.lastSeq) session.lastSeq = message.seq;
  session.updatedAt = message.createdAt;
  if (author.kind === 'customer' && !duplicate) {
    session.lastChannel = input.channel;
    session.replyTo = input.replyTo ?? null;
  }

  // 2. Acknowledge, and 3. deliver: synchronously after the commit, so every socket sees
  // this conversation's messages in seq order.
  if (input.clientMsgId && input.origin) {
    // Through the bus even locally: on another node the ack stays in order with the frames.
    ctx.bus.publish({
      connId: input.origin.connId,
      frame: {
        t: 'ack',
        clientMsgId: input.clientMsgId,
        id: message.id,
        seq: message.seq,
        conversationId: session.id,
        duplicate,
      },
    });
  }
  if (duplicate) return { message, duplicate };
  toConversation(ctx, session, toMsgFrame(message), input.origin?.connId);
  if (created) ctx.events.emit('conversation.created', { session });
  ctx.events.emit('message.created', { message, session });

  // 4. Decide what happens next (bot answer, queue, assignment).
  if (author.kind === 'customer') {
    const deciding = performance.now();
    await decide(ctx, session, message);
    ctx.events.emit('pipeline.stage', { stage: 'decide', ms: performance.now() - deciding });
  } else if (author.kind === 'agent') noteAgentReply(ctx, session, message.createdAt);
  return { message, duplicate };
}

function creation(session: Session) {
  const now = Date.now();
  return {
    customer: {
      id: session.customerId,
      tenantId: session.tenantId,
      name: null,
      email: null,
      attributes: {},
      createdAt: now,
      mergedIntoId: null,
    },
    conversation: {
      id: session.id,
      tenantId: session.tenantId,
      customerId: session.customerId,
      channel: session.channel,
      state: 'bot',
      assignedAgentId: null,
      lastSeq: 0,
      createdAt: session.createdAt,
      updatedAt: now,
      closedAt: null,
      groupId: null,
      priority: 0,
      tags: null,
      queuedAt: null,
      assignedAt: null,
      firstResponseAt: null,
      ticketId: null,
      lastChannel: null,
      replyTo: null,
    },
  };
}

/** The agent answered: the re-queue timer is satisfied; the first answer is a metric. */
function noteAgentReply(ctx: EngineContext, session: Session, at: number): void {
  session.agentRepliedAt = at;
  if (session.firstResponseAt !== null) return;
  session.firstResponseAt = at;
  ctx.committer
    .write((c) => updateConversation(c, session.tenantId, session.id, { firstResponseAt: at }))
    .catch((error) => ctx.log.warn({ err: error }, 'first response time not stored'));
  ctx.events.emit('conversation.first_response', { session, at });
}
