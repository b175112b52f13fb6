import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { type Ctx, first, forUpdate, run } from './ops.ts';

/** The counter under `key`; `lock` holds the row until the transaction ends (MySQL). */
export function* getLoginFailures(c: Ctx, key: string, lock = false) {
  const f = c.s.loginFailures;
  const query = c.db.select().from(f).where(eq(f.key, key));
  return yield* first(lock ? forUpdate(c, query) : query);
}

export function* putLoginFailures(
  c: Ctx,
  row: { key: string; failures: number; windowStart: number; lockedUntil: number | null },
  exists: boolean,
) {
  const f = c.s.loginFailures;
  if (exists) {
    const { key, ...rest } = row;
    yield* run(c.db.update(f).set(rest).where(eq(f.key, key)));
  } else {
    yield* run(c.db.insert(f).values(row));
  }
}

export function* clearLoginFailures(c: Ctx, key: string) {
  const f = c.s.loginFailures;
  yield* run(c.db.delete(f).where(eq(f.key, key)));
}

/** Drops counters whose window and lock are both over. */
export function* purgeLoginFailures(c: Ctx, windowStartBefore: number, now: number) {
  const f = c.s.loginFailures;
  return yield* run(
    c.db
      .delete(f)
      .where(
        and(
          lt(f.windowStart, windowStartBefore),
          or(isNull(f.lockedUntil), lt(f.lockedUntil, now)),
        ),
      ),
  );
}
