import { Elysia } from 'elysia';
import type { HttpDeps } from '../deps.ts';

/** `/healthz`: the process answers. `/readyz`: the database (and bus) answer too. */
export function healthRoutes(deps: HttpDeps) {
  return new Elysia({ detail: { tags: ['health'] } })
    .get('/healthz', () => ({ status: 'ok' }), { detail: { summary: 'Liveness' } })
    .get(
      '/readyz',
      async ({ set }) => {
        const checks: Record<string, boolean> = {};
        try {
          await deps.store.ping();
          checks.database = true;
        } catch {
          checks.database = false;
        }
        Object.assign(checks, await deps.readiness());
        const ready = Object.values(checks).every(Boolean);
        set.status = ready ? 200 : 503;
        return { status: ready ? 'ready' : 'unavailable', checks };
      },
      { detail: { summary: 'Readiness: database and bus reachable' } },
    );
}
