/** A tenant's API keys: created by admins (the key shown once), listed, revoked. */
import { type Actor, audit } from '../audit/index.ts';
import { API_SCOPES, type ApiScope, newApiKey } from '../auth/index.ts';
import { KefuError, notFound } from '../errors.ts';
import {
  type ApiKey,
  countLiveApiKeys,
  getApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type Store,
} from '../store/index.ts';

/** Live keys a tenant may hold. */
export const MAX_LIVE_KEYS = 50;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** What may be shown of a key: never its hash. */
export function apiKeyView(k: ApiKey): ApiKeyView {
  const { id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt } = k;
  return { id, name, prefix, scopes, createdAt, lastUsedAt, revokedAt };
}

export async function createApiKey(
  store: Store,
  tenantId: string,
  input: { name: string; scopes: string[] },
  actor: Actor,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const name = input.name.trim();
  if (!name) throw new KefuError('validation_failed', 'name: empty');
  const unknown = input.scopes.filter((s) => !API_SCOPES.includes(s as ApiScope));
  if (unknown.length > 0 || input.scopes.length === 0)
    throw new KefuError('validation_failed', `scopes: one or more of ${API_SCOPES.join(', ')}`);
  const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
  const fresh = newApiKey();
  const row: ApiKey = {
    id: Bun.randomUUIDv7(),
    tenantId,
    name,
    prefix: fresh.prefix,
    keyHash: fresh.hash,
    scopes,
    createdAt: Date.now(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await store.tx(function* (c) {
    if ((yield* countLiveApiKeys(c, tenantId)) >= MAX_LIVE_KEYS)
      throw new KefuError('conflict', `a tenant holds at most ${MAX_LIVE_KEYS} live API keys`);
    yield* insertApiKey(c, row);
    yield* audit(c, tenantId, actor, 'api_key.create', ['api_key', row.id], { name, scopes });
  });
  return { key: fresh.key, apiKey: apiKeyView(row) };
}

export async function listTenantApiKeys(store: Store, tenantId: string): Promise<ApiKeyView[]> {
  return (await store.read((c) => listApiKeys(c, tenantId))).map(apiKeyView);
}

/** Revokes a key (idempotent); the caller clears its key caches. */
export async function revokeTenantApiKey(
  store: Store,
  tenantId: string,
  id: string,
  actor: Actor,
): Promise<ApiKeyView> {
  const now = Date.now();
  const row = await store.tx(function* (c) {
    const key = yield* getApiKey(c, tenantId, id);
    if (!key) throw notFound('API key');
    if (key.revokedAt !== null) return key;
    yield* revokeApiKey(c, tenantId, id, now);
    yield* audit(c, tenantId, actor, 'api_key.revoke', ['api_key', id], { name: key.name });
    return { ...key, revokedAt: now };
  });
  return apiKeyView(row);
}
