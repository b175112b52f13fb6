/**
 * The outbox rows: calls kefu owes other systems. A worker claims due rows with a lease
 * (`locked_until`), so several nodes can share the table and a crashed attempt is retried
 * once its lease runs out.
 */
import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { Delivery } from './schema/index.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'dead'];

const INSERT_CHUNK = 200;

export function* insertDeliveries(c: Ctx, rows: Delivery[]) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    yield* run(c.db.insert(c.s.deliveries).values(rows.slice(i, i + INSERT_CHUNK)));
  }
}

const unlocked = (c: Ctx, now: number) =>
  or(isNull(c.s.deliveries.lockedUntil), lt(c.s.deliveries.lockedUntil, now))!;

/**
 * Pending, due and not leased by a worker, the oldest due first; skipping rows whose
 * target is saturated and rows waiting behind an earlier one with the same ordering key.
 */
export function* dueDeliveries(c: Ctx, now: number, limit: number, saturated: string[] = []) {
  const d = c.s.deliveries;
  const where: SQL[] = [eq(d.status, 'pending'), lte(d.nextAttemptAt, now), unlocked(c, now)];
  if (saturated.length > 0) {
    where.push(or(isNull(d.targetId), notInArray(d.targetId, saturated))!);
  }
  where.push(
    sql`(${d.orderingKey} IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries earlier WHERE earlier.ordering_key = ${d.orderingKey} AND earlier.status = 'pending' AND earlier.id < ${d.id}))`,
  );
  return yield* all(
    c.db
      .select()
      .from(d)
      .where(and(...where))
      .orderBy(asc(d.nextAttemptAt), asc(d.id))
      .limit(limit),
  );
}

/**
 * Takes the lease on these deliveries for one attempt each; returns the ones this claim
 * got (another worker may have taken some first). Run in one transaction.
 */
export function* claimDeliveries(
  c: Ctx,
  ids: string[],
  now: number,
  leaseUntil: number,
  leaseId: string,
) {
  if (ids.length === 0) return [];
  const d = c.s.deliveries;
  yield* run(
    c.db
      .update(d)
      .set({ lockedUntil: leaseUntil, leaseId })
      .where(and(inArray(d.id, ids), eq(d.status, 'pending'), unlocked(c, now))),
  );
  return yield* all(
    c.db
      .select()
      .from(d)
      .where(and(inArray(d.id, ids), eq(d.leaseId, leaseId))),
  );
}

/** Records attempts, each only while its lease is still the holder's. */
export function* settleDeliveries(
  c: Ctx,
  updates: { id: string; leaseId: string; patch: Partial<Delivery> }[],
) {
  const d = c.s.deliveries;
  for (const u of updates) {
    yield* run(
      c.db
        .update(d)
        .set(u.patch)
        .where(and(eq(d.id, u.id), eq(d.leaseId, u.leaseId))),
    );
  }
}

export function* updateDelivery(c: Ctx, id: string, patch: Partial<Delivery>) {
  const d = c.s.deliveries;
  return yield* run(c.db.update(d).set(patch).where(eq(d.id, id)));
}

export interface DeliveryFilter {
  targetId?: string;
  status?: DeliveryStatus;
  kind?: string;
  limit: number;
  /** Cursor: deliveries older than this id. */
  beforeId?: string;
}

/** Newest first. */
export function* listDeliveries(c: Ctx, tenantId: string, f: DeliveryFilter) {
  const d = c.s.deliveries;
  const where: SQL[] = [eq(d.tenantId, tenantId)];
  if (f.targetId) where.push(eq(d.targetId, f.targetId));
  if (f.status) where.push(eq(d.status, f.status));
  if (f.kind) where.push(eq(d.kind, f.kind));
  if (f.beforeId) where.push(lt(d.id, f.beforeId));
  return yield* all(
    c.db
      .select()
      .from(d)
      .where(and(...where))
      .orderBy(desc(d.id))
      .limit(f.limit),
  );
}

export function* getDelivery(c: Ctx, tenantId: string, id: string) {
  const d = c.s.deliveries;
  return yield* first(
    c.db
      .select()
      .from(d)
      .where(and(eq(d.tenantId, tenantId), eq(d.id, id))),
  );
}

/** Dead deliveries back to pending, attempts counted afresh; returns how many. */
export function* replayDeliveries(c: Ctx, tenantId: string, ids: string[] | 'all', now: number) {
  const d = c.s.deliveries;
  const where: SQL[] = [eq(d.tenantId, tenantId), eq(d.status, 'dead')];
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    where.push(inArray(d.id, ids));
  }
  return yield* run(
    c.db
      .update(d)
      .set({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        updatedAt: now,
      })
      .where(and(...where)),
  );
}

/** Gives up every pending delivery through a target (a deleted webhook or channel). */
export function* killPendingDeliveries(
  c: Ctx,
  tenantId: string,
  targetId: string,
  error: string,
  now: number,
) {
  const d = c.s.deliveries;
  return yield* run(
    c.db
      .update(d)
      .set({ status: 'dead', lastError: error, lockedUntil: null, updatedAt: now })
      .where(and(eq(d.tenantId, tenantId), eq(d.targetId, targetId), eq(d.status, 'pending'))),
  );
}
