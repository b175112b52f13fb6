/**
 * `Authorization: Bearer …` → a Principal. Tenant API keys (`kefu_sk_…`) for integrations
 * and admin tooling; agent JWTs from login for people.
 */
import type { Sessions } from '../accounts/index.ts';
import {
  grants,
  hashApiKey,
  isApiKey,
  type Principal,
  scopeFor,
  type TokenSigner,
} from '../auth/index.ts';
import type { Engine } from '../engine/index.ts';
import { forbidden, KefuError, unauthorized } from '../errors.ts';
import { findApiKeyByHash, type Store, touchApiKey } from '../store/index.ts';

const KEY_CACHE_MS = 30_000;
const TOUCH_EVERY_MS = 60_000;

interface CachedKey {
  principal: Extract<Principal, { kind: 'apiKey' }> | undefined;
  at: number;
  touchedAt: number;
}

export class Authenticator {
  private readonly keys = new Map<string, CachedKey>();

  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly engine: Engine,
    private readonly sessions: Sessions,
  ) {}

  async principal(authorization: string | null | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('send Authorization: Bearer <API key or token>');
    const token = match[1]!;
    if (isApiKey(token)) return this.apiKey(token);
    const claims = await this.signer.verifyAgent(token);
    if (!(await this.sessions.isLive(claims.sessionId)))
      throw new KefuError('invalid_token', 'session ended: sign in again');
    const user = await this.engine.agentAccount(claims.tenantId, claims.agentId);
    return {
      kind: 'agent',
      tenantId: claims.tenantId,
      agentId: claims.agentId,
      role: claims.role,
      name: user.name,
      sessionId: claims.sessionId,
    };
  }

  /**
   * The caller of an API request: an API key must also hold the scope the route needs
   * (`scopeFor`), else 403.
   */
  async forRequest(request: Request): Promise<Principal> {
    const principal = await this.principal(request.headers.get('authorization'));
    if (principal.kind === 'apiKey') {
      const needed = scopeFor(request.method, new URL(request.url).pathname);
      if (!grants(principal.scopes, needed))
        throw forbidden(`this API key lacks the scope ${[needed].flat().join(' or ')}`);
    }
    return principal;
  }

  private async apiKey(key: string): Promise<Principal> {
    const hash = hashApiKey(key);
    const now = Date.now();
    let cached = this.keys.get(hash);
    if (!cached || now - cached.at > KEY_CACHE_MS) {
      const row = await this.store.read((c) => findApiKeyByHash(c, hash));
      const principal = row
        ? { kind: 'apiKey' as const, tenantId: row.tenantId, keyId: row.id, scopes: row.scopes }
        : undefined;
      if (this.keys.size > 10_000) this.keys.clear();
      cached = { principal, at: now, touchedAt: row?.lastUsedAt ?? 0 };
      this.keys.set(hash, cached);
    }
    if (!cached.principal) throw new KefuError('unauthorized', 'unknown or revoked API key');
    if (now - cached.touchedAt > TOUCH_EVERY_MS) {
      cached.touchedAt = now;
      const { tenantId, keyId } = cached.principal;
      void this.store.tx((c) => touchApiKey(c, tenantId, keyId, now)).catch(() => {});
    }
    return cached.principal;
  }

  /** Forget cached keys (after a revocation). */
  forget(): void {
    this.keys.clear();
  }
}
