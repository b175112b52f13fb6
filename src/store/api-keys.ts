import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { ApiKey } from './schema/index.ts';

export function* insertApiKey(c: Ctx, key: ApiKey) {
  yield* run(c.db.insert(c.s.apiKeys).values(key));
}

/** The live (not revoked) key with this hash. */
export function* findApiKeyByHash(c: Ctx, keyHash: string) {
  const k = c.s.apiKeys;
  return yield* first(
    c.db
      .select()
      .from(k)
      .where(and(eq(k.keyHash, keyHash), isNull(k.revokedAt))),
  );
}

export function* touchApiKey(c: Ctx, tenantId: string, id: string, at: number) {
  const k = c.s.apiKeys;
  yield* run(
    c.db
      .update(k)
      .set({ lastUsedAt: at })
      .where(and(eq(k.tenantId, tenantId), eq(k.id, id))),
  );
}

/** A tenant's keys, newest first (revoked ones too). */
export function* listApiKeys(c: Ctx, tenantId: string) {
  const k = c.s.apiKeys;
  return yield* all(c.db.select().from(k).where(eq(k.tenantId, tenantId)).orderBy(desc(k.id)));
}

export function* countLiveApiKeys(c: Ctx, tenantId: string) {
  const k = c.s.apiKeys;
  const row = yield* first(
    c.db
      .select({ n: count() })
      .from(k)
      .where(and(eq(k.tenantId, tenantId), isNull(k.revokedAt))),
  );
  return Number(row?.n ?? 0);
}

export function* getApiKey(c: Ctx, tenantId: string, id: string) {
  const k = c.s.apiKeys;
  return yield* first(
    c.db
      .select()
      .from(k)
      .where(and(eq(k.tenantId, tenantId), eq(k.id, id))),
  );
}

/** Revokes a live key; 0 when it was revoked already (or is another tenant's). */
export function* revokeApiKey(c: Ctx, tenantId: string, id: string, at: number) {
  const k = c.s.apiKeys;
  return yield* run(
    c.db
      .update(k)
      .set({ revokedAt: at })
      .where(and(eq(k.tenantId, tenantId), eq(k.id, id), isNull(k.revokedAt))),
  );
}
