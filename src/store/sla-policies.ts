import { and, asc, desc, eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { SlaPolicy } from './schema/index.ts';

/** The tenant's active policy (the newest active one). */
export function* activeSlaPolicy(c: Ctx, tenantId: string) {
  const p = c.s.slaPolicies;
  return yield* first(
    c.db
      .select()
      .from(p)
      .where(and(eq(p.tenantId, tenantId), eq(p.active, true)))
      .orderBy(desc(p.createdAt))
      .limit(1),
  );
}

export function* listSlaPolicies(c: Ctx, tenantId: string) {
  const p = c.s.slaPolicies;
  return yield* all(
    c.db.select().from(p).where(eq(p.tenantId, tenantId)).orderBy(asc(p.createdAt)),
  );
}

export function* insertSlaPolicy(c: Ctx, policy: SlaPolicy) {
  yield* run(c.db.insert(c.s.slaPolicies).values(policy));
}

export function* updateSlaPolicy(c: Ctx, tenantId: string, id: string, patch: Partial<SlaPolicy>) {
  const p = c.s.slaPolicies;
  return yield* run(
    c.db
      .update(p)
      .set(patch)
      .where(and(eq(p.tenantId, tenantId), eq(p.id, id))),
  );
}

export function* deleteSlaPolicy(c: Ctx, tenantId: string, id: string) {
  const p = c.s.slaPolicies;
  return yield* run(c.db.delete(p).where(and(eq(p.tenantId, tenantId), eq(p.id, id))));
}
