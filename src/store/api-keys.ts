import { and, eq, isNull } from 'drizzle-orm';
import { type Ctx, first, run } from './ops.ts';
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
