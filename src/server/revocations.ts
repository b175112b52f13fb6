/**
 * Revocations reach every node at once through the cluster: ended agent sessions (their
 * sockets close), revoked API keys, changed tenant settings (widget origins). Without a
 * message (an outage) the caches expire anyway: 5 s for sessions, 30 s for keys, 60 s for
 * tenants.
 */
import type { Sessions, TenantDirectory } from '../accounts/index.ts';
import type { Cluster } from '../bus/index.ts';
import type { Hub } from '../gateway/hub.ts';
import type { Authenticator } from './authenticate.ts';

const SESSIONS_REVOKED = 'auth.sessionsRevoked';
const API_KEYS_CHANGED = 'auth.apiKeysChanged';
const TENANT_CHANGED = 'auth.tenantChanged';

export function wireRevocations(
  cluster: Cluster,
  parts: { sessions: Sessions; authn: Authenticator; tenants: TenantDirectory; hub: Hub },
): void {
  const { sessions, authn, tenants, hub } = parts;
  const closeSockets = (ids: string[]) => {
    const ended = new Set(ids);
    for (const conn of hub.conns) {
      const p = conn.principal;
      if (p.kind === 'agent' && p.sessionId && ended.has(p.sessionId))
        conn.close(4401, 'session ended');
    }
  };
  cluster.handle(SESSIONS_REVOKED, ((ids: string[]) => {
    sessions.revokedElsewhere(ids);
    closeSockets(ids);
  }) as never);
  cluster.handle(API_KEYS_CHANGED, (() => authn.forget()) as never);
  cluster.handle(TENANT_CHANGED, ((tenantId: string) => tenants.forget(tenantId)) as never);
  sessions.onRevoked((ids) => {
    closeSockets(ids);
    cluster.broadcast(SESSIONS_REVOKED, [ids]);
  });
}

/** After an API key was revoked: every node re-reads keys. */
export function announceApiKeysChanged(cluster: Cluster): void {
  cluster.broadcast(API_KEYS_CHANGED, []);
}

/** After a tenant's settings changed: every node re-reads the tenant. */
export function announceTenantChanged(cluster: Cluster, tenantId: string): void {
  cluster.broadcast(TENANT_CHANGED, [tenantId]);
}
