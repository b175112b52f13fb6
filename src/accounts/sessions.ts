/**
 * Agent sessions: a sign-in gives a short-lived access token (a JWT naming the session,
 * `sid`) and a refresh token. A refresh token works once and is replaced by the next;
 * presenting a used one again means it was copied, so the whole session is revoked.
 * Logging out, disabling the agent or changing the password revokes sessions; access
 * tokens of a revoked session stop working at once on this node, on the others when the
 * cluster tells them (`revokedElsewhere`), and at the latest after `LIVE_CACHE_MS`.
 */
import { hashApiKey, newRefreshToken, type Role, type TokenSigner } from '../auth/index.ts';
import { KefuError } from '../errors.ts';
import {
  type AgentSession,
  type Body,
  findRefreshToken,
  getSession,
  getUser,
  insertRefreshToken,
  insertSession,
  revokeSession,
  revokeUserSessions,
  type Store,
  type User,
  useRefreshToken,
} from '../store/index.ts';

/** How long a node trusts that a session is still live before asking the database. */
const LIVE_CACHE_MS = 5_000;
const MAX_CACHED = 50_000;

export type RevokeReason = 'logout' | 'refresh_reuse' | 'disabled' | 'password_changed';

export interface SessionTokens {
  token: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: number;
  sessionId: string;
}

export class Sessions {
  private readonly live = new Map<string, { live: boolean; at: number }>();
  private readonly listeners: ((sessionIds: string[]) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly refreshTtlSec: number,
  ) {}

  /** Starts a session for a user who just proved who they are. */
  async open(user: User): Promise<SessionTokens> {
    const now = Date.now();
    const sessionId = Bun.randomUUIDv7();
    const refresh = newRefreshToken();
    const expiresAt = now + this.refreshTtlSec * 1000;
    await this.store.tx((c) =>
      insertSession(
        c,
        {
          id: sessionId,
          tenantId: user.tenantId,
          userId: user.id,
          createdAt: now,
          expiresAt,
          revokedAt: null,
          revokedReason: null,
        },
        {
          id: Bun.randomUUIDv7(),
          sessionId,
          tokenHash: refresh.hash,
          createdAt: now,
          usedAt: null,
        },
      ),
    );
    return this.tokens(user, sessionId, refresh.token, expiresAt);
  }

  /** Trades a refresh token for new tokens; a reused one revokes its session. */
  async refresh(refreshToken: string): Promise<{ user: User; tokens: SessionTokens }> {
    const now = Date.now();
    const next = newRefreshToken();
    const store = this.store;
    type Outcome =
      | { error: string; revoked?: string }
      | { error?: undefined; user: User; session: AgentSession };
    const outcome = await store.tx(function* (c): Body<Outcome> {
      const found = yield* findRefreshToken(c, hashApiKey(refreshToken));
      if (!found) return { error: 'unknown refresh token' };
      const { token, session } = found;
      if (session.revokedAt !== null) return { error: 'session revoked' };
      if (session.expiresAt <= now) return { error: 'session expired' };
      const used = token.usedAt === null ? yield* useRefreshToken(c, token.id, now) : 0;
      if (used === 0) {
        yield* revokeSession(c, session.id, now, 'refresh_reuse');
        return { error: 'refresh token reused: the session is revoked', revoked: session.id };
      }
      const user = yield* getUser(c, session.tenantId, session.userId);
      if (!user || user.disabledAt !== null) return { error: 'account disabled' };
      yield* insertRefreshToken(c, {
        id: Bun.randomUUIDv7(),
        sessionId: session.id,
        tokenHash: next.hash,
        createdAt: now,
        usedAt: null,
      });
      return { user, session };
    });
    if (outcome.error !== undefined) {
      if (outcome.revoked) this.ended([outcome.revoked]);
      throw new KefuError('invalid_token', outcome.error);
    }
    const { user, session } = outcome;
    return { user, tokens: await this.tokens(user, session.id, next.token, session.expiresAt) };
  }

  /** Ends one session (logout). */
  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await this.store.tx((c) => revokeSession(c, sessionId, Date.now(), reason));
    this.ended([sessionId]);
  }

  /** Ends the session a refresh token belongs to (logout without a live access token). */
  async revokeByRefreshToken(refreshToken: string): Promise<string | undefined> {
    const found = await this.store.tx((c) => findRefreshToken(c, hashApiKey(refreshToken)));
    if (!found) return undefined;
    await this.revoke(found.session.id, 'logout');
    return found.session.id;
  }

  /** Ends every session of an agent (disabled, password changed), except `keep`. */
  async revokeAgent(tenantId: string, userId: string, reason: RevokeReason, keep?: string) {
    const ids = await this.store.tx((c) =>
      revokeUserSessions(c, tenantId, userId, Date.now(), reason, keep),
    );
    this.ended(ids);
    return ids.length;
  }

  /** Calls `listener` with the sessions revoked on this node (to tell the others, close sockets). */
  onRevoked(listener: (sessionIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Sessions another node revoked: refused here from now on (no listeners called). */
  revokedElsewhere(sessionIds: string[]): void {
    for (const id of sessionIds) this.mark(id, false);
  }

  private ended(sessionIds: string[]): void {
    for (const id of sessionIds) this.mark(id, false);
    if (sessionIds.length > 0) for (const listener of this.listeners) listener(sessionIds);
  }

  /** Whether access tokens of this session still work: the hot path, cached briefly. */
  async isLive(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.live.get(sessionId);
    if (hit && (!hit.live || now - hit.at < LIVE_CACHE_MS)) return hit.live;
    const session = await this.store.read((c) => getSession(c, sessionId));
    const live = !!session && session.revokedAt === null && session.expiresAt > now;
    this.mark(sessionId, live);
    return live;
  }

  private mark(sessionId: string, live: boolean): void {
    if (this.live.size >= MAX_CACHED) this.live.clear();
    this.live.set(sessionId, { live, at: Date.now() });
  }

  private async tokens(
    user: User,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: number,
  ): Promise<SessionTokens> {
    const token = await this.signer.signAgent({
      tenantId: user.tenantId,
      agentId: user.id,
      role: user.role as Role,
      sessionId,
    });
    this.mark(sessionId, true);
    return { token, expiresIn: this.signer.agentTtl, refreshToken, refreshExpiresAt, sessionId };
  }
}
