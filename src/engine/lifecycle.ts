/**
 * Closing a conversation (a human-served one becomes a solved ticket and the customer is
 * asked for a rating), system messages, and who may act on a conversation.
 */
import { isSupervisor, type Principal } from '../auth/index.ts';
import { forbidden } from '../errors.ts';
import { listMessages, updateConversation } from '../store/index.ts';
import { actorOf, SYSTEM } from '../tickets/index.ts';
import type { EngineContext } from './context.ts';
import { announceState, toConversation } from './deliver.ts';
import { ingest } from './pipeline.ts';
import { logRouting } from './routing-log.ts';
import { replyChannel, type Session } from './sessions.ts';

export async function close(
  ctx: EngineContext,
  principal: Principal,
  session: Session,
): Promise<void> {
  if (!canAct(principal, session))
    throw forbidden('only the assigned agent or a supervisor may close it');
  await closeSession(ctx, session, principal);
}

export async function closeSession(
  ctx: EngineContext,
  session: Session,
  principal: Principal | null,
): Promise<void> {
  if (session.state === 'closed') return;
  const now = Date.now();
  await ctx.committer.write((c) =>
    updateConversation(c, session.tenantId, session.id, {
      state: 'closed',
      closedAt: now,
      updatedAt: now,
    }),
  );
  const agentId = session.assignedAgentId;
  session.state = 'closed';
  session.updatedAt = now;
  ctx.router.dequeue(session.tenantId, session.id);
  if (agentId) ctx.router.release(session.tenantId, agentId, session.id);
  announceState(ctx, session);
  const humanServed = session.assignedAt !== null;
  if (humanServed && !session.ticketId) await ticketFor(ctx, session, principal);
  if (humanServed && session.ticketId) {
    toConversation(ctx, session, {
      t: 'csat_request',
      conversationId: session.id,
      ticketId: session.ticketId,
    });
  }
  logRouting(ctx, session, 'closed', {
    by: principal?.kind === 'agent' ? principal.agentId : null,
    ticketId: session.ticketId,
  });
  ctx.events.emit('conversation.closed', {
    session,
    by: principal?.kind === 'agent' ? principal.agentId : null,
  });
}

/** The closed chat, kept as a solved ticket: searchable, rateable, reopenable. */
async function ticketFor(
  ctx: EngineContext,
  session: Session,
  principal: Principal | null,
): Promise<void> {
  const messages = await ctx.store.read((c) =>
    listMessages(c, session.tenantId, session.id, 0, 200),
  );
  const firstQuestion = messages.find((m) => m.authorKind === 'customer')?.text ?? 'Conversation';
  const ticket = await ctx.tickets.create(
    session.tenantId,
    principal ? actorOf(principal) : SYSTEM,
    {
      subject: firstQuestion.slice(0, 120),
      status: 'solved',
      requesterId: session.customerId,
      assigneeId: session.assignedAgentId,
      groupId: session.groupId,
      conversationId: session.id,
      tags: session.tags,
      searchText: messages.map((m) => m.text).join(' '),
    },
  );
  session.ticketId = ticket.id;
  await ctx.committer.write((c) =>
    updateConversation(c, session.tenantId, session.id, { ticketId: ticket.id }),
  );
}

/** A message from the system (auto-replies, notices), through the same pipeline. */
export function postSystemMessage(ctx: EngineContext, session: Session, text: string) {
  return ingest(ctx, {
    session,
    author: { kind: 'system', id: null, name: null },
    clientMsgId: null,
    text,
    channel: replyChannel(session),
  });
}

/** Agents act on conversations assigned to them; supervisors, admins and API keys on any. */
export function canAct(principal: Principal, session: Session): boolean {
  if (principal.tenantId !== session.tenantId) return false;
  if (principal.kind === 'customer') return principal.customerId === session.customerId;
  return (
    isSupervisor(principal) ||
    (principal.kind === 'agent' && session.assignedAgentId === principal.agentId)
  );
}

/** Anyone of the tenant's staff may read a conversation; a customer only their own. */
export function canRead(principal: Principal, session: Session): boolean {
  if (principal.tenantId !== session.tenantId) return false;
  return principal.kind !== 'customer' || principal.customerId === session.customerId;
}
