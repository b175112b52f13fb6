import { and, asc, eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { CannedResponse } from './schema/index.ts';

export function* listCanned(c: Ctx, tenantId: string) {
  const t = c.s.cannedResponses;
  return yield* all(c.db.select().from(t).where(eq(t.tenantId, tenantId)).orderBy(asc(t.shortcut)));
}

export function* getCanned(c: Ctx, tenantId: string, id: string) {
  const t = c.s.cannedResponses;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* insertCanned(c: Ctx, row: CannedResponse) {
  yield* run(c.db.insert(c.s.cannedResponses).values(row));
}

export function* updateCanned(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<CannedResponse>,
) {
  const t = c.s.cannedResponses;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* deleteCanned(c: Ctx, tenantId: string, id: string) {
  const t = c.s.cannedResponses;
  return yield* run(c.db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.id, id))));
}
