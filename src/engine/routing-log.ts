/**
 * Every routing decision is an event: stored (who, why, which rule) for supervisors, and
 * emitted for live dashboards. Storing it never blocks or breaks the decision.
 */
import { insertRoutingEvent } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import type { Session } from './sessions.ts';

export type RoutingKind =
  | 'rule_matched'
  | 'queued'
  | 'assigned'
  | 'requeued'
  | 'overflowed'
  | 'transferred'
  | 'taken_over'
  | 'out_of_hours'
  | 'bot_handoff'
  | 'closed';

export function logRouting(
  ctx: EngineContext,
  session: Session,
  kind: RoutingKind,
  detail: Record<string, unknown>,
  extra: { ruleId?: string | null; actorId?: string | null } = {},
): void {
  const event = {
    id: Bun.randomUUIDv7(),
    tenantId: session.tenantId,
    conversationId: session.id,
    kind,
    ruleId: extra.ruleId ?? null,
    actorId: extra.actorId ?? null,
    detail,
    createdAt: Date.now(),
  };
  ctx.events.emit('routing.decided', { event });
  ctx.committer
    .write((c) => insertRoutingEvent(c, event))
    .catch((error) => {
      ctx.log.warn({ err: error, conversationId: session.id, kind }, 'routing event not stored');
    });
}
