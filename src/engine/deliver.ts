/**
 * Who receives what. A conversation's frames go to its topic (the customer's sockets and
 * anyone watching) and to its assigned agent's sockets; state changes also go to every
 * agent of the tenant (their queue view).
 */
import { topics } from '../bus/index.ts';
import type { MsgFrame, ServerFrame } from '../gateway/frames.ts';
import type { Message } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { type Session, viewOf } from './sessions.ts';

export function toMsgFrame(m: Message): MsgFrame {
  return {
    t: 'msg',
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    author: {
      kind: m.authorKind as MsgFrame['author']['kind'],
      id: m.authorId,
      name: m.authorName,
    },
    text: m.text,
    channel: m.channel,
    createdAt: m.createdAt,
  };
}

/** A frame for everyone in the conversation (but the connection that caused it). */
export function toConversation(
  ctx: EngineContext,
  session: Session,
  frame: ServerFrame,
  exceptConn?: string,
) {
  ctx.bus.publish({ topic: topics.conversation(session.tenantId, session.id), frame, exceptConn });
  if (session.assignedAgentId) {
    ctx.bus.publish({
      topic: topics.agent(session.tenantId, session.assignedAgentId),
      frame,
      exceptConn,
    });
  }
}

/** The conversation's state changed: its participants and the tenant's agents learn it. */
export function announceState(
  ctx: EngineContext,
  session: Session,
  previousAgentId?: string | null,
) {
  const frame: ServerFrame = { t: 'conversation', conversation: viewOf(session) };
  ctx.bus.publish({ topic: topics.conversation(session.tenantId, session.id), frame });
  ctx.bus.publish({ topic: topics.agents(session.tenantId), frame });
  if (previousAgentId && previousAgentId !== session.assignedAgentId) {
    ctx.bus.publish({ topic: topics.agent(session.tenantId, previousAgentId), frame });
  }
}
