/**
 * Conversation state changes after creation: assignment (decided by the router) and close.
 * Each is stored first, then announced.
 */
import type { Principal } from '../auth/index.ts';
import { isSupervisor } from '../auth/index.ts';
import { forbidden } from '../errors.ts';
import type { AgentPresence, Queued } from '../routing/index.ts';
import { topics } from '../bus/index.ts';
import { listMessages, type Message, updateConversation } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { announceState, toMsgFrame } from './deliver.ts';
import type { Session } from './sessions.ts';

/** The router's decision, applied: false when the conversation no longer needs an agent. */
export async function assign(
  ctx: EngineContext,
  item: Queued,
  agent: AgentPresence,
): Promise<boolean> {
  const session = await ctx.sessions.load(item.tenantId, item.conversationId);
  if (!session || session.state === 'closed' || session.state === 'assigned') return false;
  const now = Date.now();
  await ctx.store.tx((c) =>
    updateConversation(c, session.tenantId, session.id, {
      state: 'assigned',
      assignedAgentId: agent.id,
      updatedAt: now,
    }),
  );
  const backlog = await readBacklog(ctx, session);
  // From here on synchronous: no message can slip between the backlog and live delivery.
  session.state = 'assigned';
  session.assignedAgentId = agent.id;
  session.updatedAt = now;
  announceState(ctx, session);
  const topic = topics.agent(session.tenantId, agent.id);
  for (const m of backlog) ctx.bus.publish({ topic, frame: toMsgFrame(m) });
  ctx.events.emit('conversation.assigned', { session, agentId: agent.id });
  return true;
}

const BACKLOG = 50;

/** The newest messages, up to the session's current last seq (the rest come on `resume`). */
async function readBacklog(ctx: EngineContext, session: Session): Promise<Message[]> {
  const read = (after: number) =>
    ctx.store.read((c) => listMessages(c, session.tenantId, session.id, after, 500));
  const backlog = await read(Math.max(0, session.lastSeq - BACKLOG));
  // Messages committed while reading (MySQL reads are asynchronous) are read too.
  while ((backlog.at(-1)?.seq ?? 0) < session.lastSeq) {
    const more = await read(backlog.at(-1)?.seq ?? 0);
    if (more.length === 0) break;
    backlog.push(...more);
  }
  return backlog;
}

export async function close(
  ctx: EngineContext,
  principal: Principal,
  session: Session,
): Promise<void> {
  if (!canAct(principal, session))
    throw forbidden('only the assigned agent or a supervisor may close it');
  if (session.state === 'closed') return;
  const now = Date.now();
  await ctx.store.tx((c) =>
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
  ctx.events.emit('conversation.closed', {
    session,
    by: principal.kind === 'agent' ? principal.agentId : null,
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
