/**
 * The audit log: who changed what in a tenant. Write an entry inside the transaction of
 * the change (`yield* audit(c, …)`), so the change and its record commit together.
 */
import type { Principal } from '../auth/index.ts';
import { type AuditFilter, type Ctx, insertAudit, listAudit, type Store } from '../store/index.ts';

export const AUDIT_ACTIONS = [
  'agent.create',
  'agent.update',
  'agent.disable',
  'agent.enable',
  'agent.password_change',
  'api_key.create',
  'api_key.revoke',
  'channel.create',
  'channel.update',
  'channel.delete',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'rules.publish',
  'tenant.update',
  'bot_model.activate',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface Actor {
  kind: 'agent' | 'apiKey' | 'system';
  id: string | null;
}

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'agent') return { kind: 'agent', id: principal.agentId };
  if (principal.kind === 'apiKey') return { kind: 'apiKey', id: principal.keyId };
  return { kind: 'system', id: null };
}

/**
 * Records one audit entry (a step of a transaction body).
 *
 * @example
 *   await store.tx(function* (c) {
 *     yield* updateUser(c, tenantId, id, patch);
 *     yield* audit(c, tenantId, actorOf(principal), 'agent.update', ['agent', id], patch);
 *   });
 */
export function* audit(
  c: Ctx,
  tenantId: string,
  actor: Actor,
  action: AuditAction,
  target: [type: string, id: string] | undefined,
  details: Record<string, unknown> = {},
) {
  yield* insertAudit(c, {
    id: Bun.randomUUIDv7(),
    tenantId,
    at: Date.now(),
    actorKind: actor.kind,
    actorId: actor.id,
    action,
    targetType: target?.[0] ?? null,
    targetId: target?.[1] ?? null,
    details,
  });
}

/** One page of a tenant's audit log, newest first, with the cursor of the next page. */
export async function readAudit(store: Store, tenantId: string, filter: AuditFilter) {
  const rows = await store.read((c) =>
    listAudit(c, tenantId, { ...filter, limit: filter.limit + 1 }),
  );
  const more = rows.length > filter.limit;
  const entries = more ? rows.slice(0, filter.limit) : rows;
  return { entries, nextCursor: more ? entries[entries.length - 1]!.id : null };
}
