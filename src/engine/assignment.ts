/**
 * Giving a conversation to an agent, and taking it away again: assignment from the queue,
 * re-queue when the agent does not answer or goes offline, overflow, transfer, take-over.
 * Each change is stored first, then announced, then logged.
 */

import { isSupervisor, type Principal } from '../auth/index.ts';
import { topics } from '../bus/index.ts';
import { KefuError } from '../errors.ts';
import type { AgentSnapshot, Group, QueueItem } from '../routing/index.ts';
import { listMessages, type Message, updateConversation } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { announceState, toMsgFrame } from './deliver.ts';
import { canAct } from './lifecycle.ts';
import { queueItem, route } from './queueing.ts';
import { logRouting } from './routing-log.ts';
import type { Session } from './sessions.ts';

/** The router's decision, applied: false when the conversation no longer needs an agent. */
export async function assign(
  ctx: EngineContext,
  item: QueueItem,
  agent: AgentSnapshot,
): Promise<boolean> {
  const session = await ctx.sessions.load(item.tenantId, item.conversationId);
  if (session?.state !== 'queued') return false;
  await giveTo(ctx, session, agent.id);
  logRouting(ctx, session, 'assigned', {
    agentId: agent.id,
    agentName: agent.name,
    group: ctx.groups.byId(item.tenantId, item.groupId)?.key ?? null,
    waitedMs: Date.now() - item.queuedAt,
  });
  return true;
}

/** Stores the assignment, then announces it and hands the agent the conversation so far. */
async function giveTo(ctx: EngineContext, session: Session, agentId: string): Promise<void> {
  const now = Date.now();
  const previous = session.assignedAgentId;
  await ctx.committer.write((c) =>
    updateConversation(c, session.tenantId, session.id, {
      state: 'assigned',
      assignedAgentId: agentId,
      assignedAt: now,
      updatedAt: now,
    }),
  );
  const backlog = await readBacklog(ctx, session);
  // From here on synchronous: no message can slip between the backlog and live delivery.
  session.state = 'assigned';
  session.assignedAgentId = agentId;
  session.assignedAt = now;
  session.updatedAt = now;
  announceState(ctx, session, previous);
  const topic = topics.agent(session.tenantId, agentId);
  for (const m of backlog) ctx.bus.publish({ topic, frame: toMsgFrame(m) });
  ctx.events.emit('conversation.assigned', { session, agentId });
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

/** Back to the queue, away from the agents in `exclude` (they did not answer, or left). */
export async function requeue(
  ctx: EngineContext,
  session: Session,
  reason: string,
  exclude: string[],
): Promise<void> {
  const agentId = session.assignedAgentId;
  const now = Date.now();
  await ctx.committer.write((c) =>
    updateConversation(c, session.tenantId, session.id, {
      state: 'queued',
      assignedAgentId: null,
      updatedAt: now,
    }),
  );
  session.state = 'queued';
  session.assignedAgentId = null;
  session.updatedAt = now;
  if (agentId) ctx.router.release(session.tenantId, agentId, session.id);
  logRouting(ctx, session, 'requeued', { reason, from: agentId });
  announceState(ctx, session, agentId);
  ctx.events.emit('conversation.requeued', { session, reason });
  ctx.router.enqueue(queueItem(session, undefined, exclude));
}

/** The requeue window passed: silent agents lose the conversation to the next in line. */
export async function answerWindowPassed(
  ctx: EngineContext,
  tenantId: string,
  conversationId: string,
  agentId: string,
) {
  const session = ctx.sessions.peek(conversationId);
  if (
    !session ||
    session.tenantId !== tenantId ||
    session.state !== 'assigned' ||
    session.assignedAgentId !== agentId
  )
    return;
  if ((session.agentRepliedAt ?? 0) >= (session.assignedAt ?? 0)) return;
  await requeue(ctx, session, 'no_answer', [agentId]);
}

/** The agent went offline holding this conversation: it goes back to the queue. */
export async function requeueFromGone(
  ctx: EngineContext,
  tenantId: string,
  conversationId: string,
  agentId: string,
) {
  const session = await ctx.sessions.load(tenantId, conversationId);
  if (session?.state === 'assigned' && session.assignedAgentId === agentId) {
    await requeue(ctx, session, 'agent_offline', [agentId]);
  }
}

export async function overflowed(
  ctx: EngineContext,
  item: QueueItem,
  from: Group,
  to: Group,
): Promise<void> {
  const session = await ctx.sessions.load(item.tenantId, item.conversationId);
  if (!session) return;
  session.groupId = to.id;
  ctx.committer
    .write((c) =>
      updateConversation(c, session.tenantId, session.id, {
        groupId: to.id,
        updatedAt: Date.now(),
      }),
    )
    .catch((error) => ctx.log.warn({ err: error }, 'overflow not stored'));
  logRouting(ctx, session, 'overflowed', {
    from: from.key,
    to: to.key,
    waitedMs: Date.now() - item.queuedAt,
  });
  announceState(ctx, session);
}

export interface TransferRequest {
  toAgentId?: string;
  toGroup?: string;
  reason: string;
}

/** Agent → agent (the target must be online with room) or agent → group (its queue). */
export async function transfer(
  ctx: EngineContext,
  principal: Principal,
  session: Session,
  request: TransferRequest,
) {
  if (!canAct(principal, session))
    throw new KefuError('forbidden', 'only the assigned agent or a supervisor may transfer it');
  if (session.state === 'closed') throw new KefuError('conflict', 'the conversation is closed');
  if (!request.toAgentId === !request.toGroup)
    throw new KefuError('validation_failed', 'give exactly one of toAgentId and toGroup');
  const from = session.assignedAgentId;
  const actorId = principal.kind === 'agent' ? principal.agentId : null;
  if (request.toGroup) {
    await ctx.groups.forTenant(session.tenantId);
    if (!ctx.groups.byKey(session.tenantId, request.toGroup))
      throw new KefuError('validation_failed', `no group "${request.toGroup}"`);
    if (from) ctx.router.release(session.tenantId, from, session.id);
    session.assignedAgentId = null;
    session.queuedAt = Date.now();
    logRouting(
      ctx,
      session,
      'transferred',
      { from, toGroup: request.toGroup, reason: request.reason },
      { actorId },
    );
    ctx.router.dequeue(session.tenantId, session.id);
    session.state = 'bot';
    await route(ctx, session, { groupKey: request.toGroup, reason: `transfer: ${request.reason}` });
    return;
  }
  const target = await ctx.router.agent(session.tenantId, request.toAgentId!);
  if (target?.status !== 'online') throw new KefuError('conflict', 'that agent is not online');
  if (target.active >= target.capacity)
    throw new KefuError('conflict', 'that agent has no free capacity');
  if (target.id === from)
    throw new KefuError('validation_failed', 'already assigned to that agent');
  await handTo(ctx, session, target.id);
  logRouting(
    ctx,
    session,
    'transferred',
    { from, toAgentId: target.id, reason: request.reason },
    { actorId },
  );
}

/** A supervisor takes the conversation over, whatever their capacity. */
export async function takeOver(ctx: EngineContext, principal: Principal, session: Session) {
  if (
    principal.kind !== 'agent' ||
    !isSupervisor(principal) ||
    principal.tenantId !== session.tenantId
  ) {
    throw new KefuError('forbidden', 'supervisors only');
  }
  if (session.state === 'closed') throw new KefuError('conflict', 'the conversation is closed');
  const from = session.assignedAgentId;
  await handTo(ctx, session, principal.agentId);
  logRouting(
    ctx,
    session,
    'taken_over',
    { from, by: principal.agentId },
    { actorId: principal.agentId },
  );
}

async function handTo(ctx: EngineContext, session: Session, agentId: string) {
  const from = session.assignedAgentId;
  ctx.router.dequeue(session.tenantId, session.id);
  if (from) ctx.router.release(session.tenantId, from, session.id);
  await giveTo(ctx, session, agentId);
  ctx.router.hold(session.tenantId, agentId, session.id, session.groupId);
}
