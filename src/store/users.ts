import { and, eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { User } from './schema/index.ts';

export function* insertUser(c: Ctx, user: User) {
  yield* run(c.db.insert(c.s.users).values(user));
}

/** Emails are unique across tenants: login needs no tenant. */
export function* findUserByEmail(c: Ctx, email: string) {
  return yield* first(c.db.select().from(c.s.users).where(eq(c.s.users.email, email)));
}

export function* getUser(c: Ctx, tenantId: string, id: string) {
  const u = c.s.users;
  return yield* first(
    c.db
      .select()
      .from(u)
      .where(and(eq(u.tenantId, tenantId), eq(u.id, id))),
  );
}

export function* listUsers(c: Ctx, tenantId: string) {
  const u = c.s.users;
  return yield* all(c.db.select().from(u).where(eq(u.tenantId, tenantId)).orderBy(u.createdAt));
}

/** Changes an agent's profile (name, role, skills, capacity); returns the rows changed. */
export function* updateUser(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<User, 'name' | 'role' | 'skills' | 'capacity'>>,
) {
  const u = c.s.users;
  return yield* run(
    c.db
      .update(u)
      .set(patch)
      .where(and(eq(u.tenantId, tenantId), eq(u.id, id))),
  );
}

export function* setUserPassword(c: Ctx, tenantId: string, id: string, passwordHash: string) {
  const u = c.s.users;
  return yield* run(
    c.db
      .update(u)
      .set({ passwordHash })
      .where(and(eq(u.tenantId, tenantId), eq(u.id, id))),
  );
}

/** Disables (a time) or enables (null) an agent's account. */
export function* setUserDisabled(c: Ctx, tenantId: string, id: string, disabledAt: number | null) {
  const u = c.s.users;
  return yield* run(
    c.db
      .update(u)
      .set({ disabledAt })
      .where(and(eq(u.tenantId, tenantId), eq(u.id, id))),
  );
}
