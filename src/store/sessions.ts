import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { all, type Ctx, first, forUpdate, run } from './ops.ts';
import type { AgentSession, RefreshToken } from './schema/index.ts';

export function* insertSession(c: Ctx, session: AgentSession, refresh: RefreshToken) {
  yield* run(c.db.insert(c.s.agentSessions).values(session));
  yield* run(c.db.insert(c.s.refreshTokens).values(refresh));
}

export function* insertRefreshToken(c: Ctx, refresh: RefreshToken) {
  yield* run(c.db.insert(c.s.refreshTokens).values(refresh));
}

/** A refresh token by hash with its session, locked until the transaction ends. */
export function* findRefreshToken(c: Ctx, tokenHash: string) {
  const r = c.s.refreshTokens;
  const s = c.s.agentSessions;
  return yield* first(
    forUpdate(
      c,
      c.db
        .select({ token: r, session: s })
        .from(r)
        .innerJoin(s, eq(s.id, r.sessionId))
        .where(eq(r.tokenHash, tokenHash)),
    ),
  );
}

/** Marks a refresh token used; 0 when it was used already (a concurrent refresh). */
export function* useRefreshToken(c: Ctx, id: string, at: number) {
  const r = c.s.refreshTokens;
  return yield* run(
    c.db
      .update(r)
      .set({ usedAt: at })
      .where(and(eq(r.id, id), isNull(r.usedAt))),
  );
}

export function* getSession(c: Ctx, id: string) {
  const s = c.s.agentSessions;
  return yield* first(c.db.select().from(s).where(eq(s.id, id)));
}

export function* revokeSession(c: Ctx, id: string, at: number, reason: string) {
  const s = c.s.agentSessions;
  return yield* run(
    c.db
      .update(s)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(eq(s.id, id), isNull(s.revokedAt))),
  );
}

/** Revokes every live session of an agent; returns their ids. */
export function* revokeUserSessions(
  c: Ctx,
  tenantId: string,
  userId: string,
  at: number,
  reason: string,
  exceptId?: string,
) {
  const s = c.s.agentSessions;
  const live = yield* all(
    c.db
      .select({ id: s.id })
      .from(s)
      .where(and(eq(s.tenantId, tenantId), eq(s.userId, userId), isNull(s.revokedAt))),
  );
  const ids = live.map((r) => r.id).filter((id) => id !== exceptId);
  if (ids.length > 0)
    yield* run(
      c.db
        .update(s)
        .set({ revokedAt: at, revokedReason: reason })
        .where(and(inArray(s.id, ids), isNull(s.revokedAt))),
    );
  return ids;
}

/** Deletes up to `limit` sessions (and their refresh tokens) that ended before `before`. */
export function* purgeEndedSessions(c: Ctx, before: number, limit: number) {
  const s = c.s.agentSessions;
  const r = c.s.refreshTokens;
  const ended = yield* all(
    c.db
      .select({ id: s.id })
      .from(s)
      .where(or(lt(s.expiresAt, before), lt(s.revokedAt, before)))
      .limit(limit),
  );
  const ids = ended.map((e) => e.id);
  if (ids.length === 0) return 0;
  yield* run(c.db.delete(r).where(inArray(r.sessionId, ids)));
  yield* run(c.db.delete(s).where(inArray(s.id, ids)));
  return ids.length;
}
