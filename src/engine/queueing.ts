/**
 * Handing a conversation to people: into its group's queue (with sticky preference and
 * priority), or — when the group is out of business hours — an auto-reply and a ticket.
 */
import { topics } from '../bus/index.ts';
import { type Group, isOpen, type QueueItem, type Router } from '../routing/index.ts';
import { lastServingAgent, listMessages, updateConversation } from '../store/index.ts';
import { SYSTEM } from '../tickets/index.ts';
import type { EngineContext } from './context.ts';
import { announceState } from './deliver.ts';
import { closeSession, postSystemMessage } from './lifecycle.ts';
import { logRouting } from './routing-log.ts';
import type { Session } from './sessions.ts';

export interface RouteRequest {
  /** Skill group key; undefined or unknown: any agent of the tenant. */
  groupKey?: string;
  reason: string;
  ruleId?: string | null;
}

const DEFAULT_OUT_OF_HOURS = {
  zh: '您好，现在是非工作时间。我们已记录您的问题，客服上班后会尽快回复您。',
  en: 'Thanks for your message. We are outside business hours right now; we have opened a ticket and will reply as soon as we are back.',
};

export async function route(
  ctx: EngineContext,
  session: Session,
  request: RouteRequest,
): Promise<void> {
  await ctx.groups.forTenant(session.tenantId);
  const group = request.groupKey ? ctx.groups.byKey(session.tenantId, request.groupKey) : undefined;
  if (group && !isOpen(group.businessHours, Date.now()))
    return outOfHours(ctx, session, group, request);
  const now = Date.now();
  const stickyAgentId = group?.sticky
    ? await ctx.store.read((c) =>
        lastServingAgent(c, session.tenantId, session.customerId, session.id),
      )
    : undefined;
  await ctx.committer.write((c) =>
    updateConversation(c, session.tenantId, session.id, {
      state: 'queued',
      groupId: group?.id ?? null,
      priority: session.priority,
      queuedAt: session.queuedAt ?? now,
      updatedAt: now,
    }),
  );
  session.state = 'queued';
  session.groupId = group?.id ?? null;
  session.queuedAt ??= now;
  session.updatedAt = now;
  logRouting(
    ctx,
    session,
    'queued',
    { group: group?.key ?? null, reason: request.reason, priority: session.priority },
    { ruleId: request.ruleId },
  );
  announceState(ctx, session);
  ctx.events.emit('conversation.queued', { session });
  ctx.router.enqueue(queueItem(session, stickyAgentId));
}

export function queueItem(
  session: Session,
  stickyAgentId?: string,
  excluded: Iterable<string> = [],
): QueueItem {
  return {
    tenantId: session.tenantId,
    conversationId: session.id,
    groupId: session.groupId,
    priority: session.priority,
    queuedAt: session.queuedAt ?? Date.now(),
    stickyAgentId,
    excluded: [...excluded],
  };
}

/** Out of hours: tell the customer, open a ticket for the group, close the chat. */
async function outOfHours(
  ctx: EngineContext,
  session: Session,
  group: Group,
  request: RouteRequest,
): Promise<void> {
  const first = await ctx.store.read((c) => listMessages(c, session.tenantId, session.id, 0, 20));
  const language = first.some((m) => /[\u3400-\u9fff]/u.test(m.text)) ? 'zh' : 'en';
  await postSystemMessage(ctx, session, group.outOfHoursReply || DEFAULT_OUT_OF_HOURS[language]);
  const ticket = await ctx.tickets.create(session.tenantId, SYSTEM, {
    subject:
      first.find((m) => m.authorKind === 'customer')?.text.slice(0, 120) ?? 'Out-of-hours message',
    groupId: group.id,
    requesterId: session.customerId,
    conversationId: session.id,
    searchText: first.map((m) => m.text).join(' '),
    tags: ['out-of-hours'],
  });
  session.ticketId = ticket.id;
  logRouting(
    ctx,
    session,
    'out_of_hours',
    { group: group.key, ticketId: ticket.id, ticketNumber: ticket.number },
    { ruleId: request.ruleId },
  );
  await closeSession(ctx, session, null);
}

/**
 * Tells each waiting customer their place in line when it changed. Coalesced per tenant to
 * one pass per turn of the event loop: a burst of arrivals costs one pass, not one each.
 */
export class PositionAnnouncer {
  /** Last place told to each waiting conversation (only waiting ones are kept). */
  private readonly told = new Map<string, number>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly router: Router,
  ) {}

  changed(tenantId: string): void {
    if (this.pending.has(tenantId)) return;
    this.pending.add(tenantId);
    setImmediate(() => {
      this.pending.delete(tenantId);
      this.announce(tenantId);
    });
  }

  forget(conversationId: string): void {
    this.told.delete(conversationId);
  }

  private announce(tenantId: string): void {
    for (const [item, position] of this.router.queues.positions(tenantId)) {
      if (this.told.get(item.conversationId) === position) continue;
      this.told.set(item.conversationId, position);
      this.ctx.bus.publish({
        topic: topics.conversation(tenantId, item.conversationId),
        frame: { t: 'queue', conversationId: item.conversationId, position, groupId: item.groupId },
      });
    }
  }
}
