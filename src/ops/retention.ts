/**
 * Retention: tenants that set `retentionDays` lose the message content of conversations
 * closed longer ago than that. The router's node runs the purge (once per cluster), hourly,
 * in small batches so the database never locks for long.
 */
import type { Cluster } from '../bus/index.ts';
import type { Logger } from '../log.ts';
import {
  purgeClosedBefore,
  purgeEndedSessions,
  purgeLoginFailures,
  type Store,
  tenantsWithRetention,
} from '../store/index.ts';

const DAY_MS = 86_400_000;

/** Purges one tenant (or all with retention); returns what went. */
export async function purge(
  store: Store,
  options: { tenantId?: string; olderThanDays?: number; now?: number } = {},
) {
  const now = options.now ?? Date.now();
  const tenants = options.tenantId
    ? [{ id: options.tenantId, retentionDays: options.olderThanDays ?? null }]
    : await store.read((c) => tenantsWithRetention(c));
  let conversations = 0;
  let messages = 0;
  for (const tenant of tenants) {
    const days = options.olderThanDays ?? tenant.retentionDays;
    if (days === null || days === undefined) continue;
    for (;;) {
      const batch = await store.tx((c) => purgeClosedBefore(c, tenant.id, now - days * DAY_MS));
      conversations += batch.conversations;
      messages += batch.messages;
      if (batch.conversations === 0) break;
    }
  }
  return { conversations, messages };
}

/**
 * Forgets what authentication no longer needs: sessions ended (expired or revoked) over
 * a day ago with their refresh tokens, and login-failure counters whose window and lock
 * are over.
 */
export async function purgeAuth(store: Store, now = Date.now()) {
  let sessions = 0;
  for (;;) {
    const batch = await store.tx((c) => purgeEndedSessions(c, now - DAY_MS, 500));
    sessions += batch;
    if (batch < 500) break;
  }
  const loginFailures = await store.tx((c) => purgeLoginFailures(c, now - DAY_MS, now));
  return { sessions, loginFailures };
}

export function startRetention(
  store: Store,
  cluster: Cluster,
  log: Logger,
  everyMs = 3600_000,
): () => void {
  const timer = setInterval(() => {
    if (!cluster.isLeader()) return;
    purge(store)
      .then((r) => r.messages > 0 && log.info(r, 'retention purge'))
      .catch((error) => log.error({ err: error }, 'retention purge failed'));
    purgeAuth(store).catch((error) => log.error({ err: error }, 'session purge failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
