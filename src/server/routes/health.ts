import { Elysia } from 'elysia';
import { KefuError } from '../../errors.ts';
import type { HttpDeps } from '../deps.ts';

/** `/healthz`: the process answers. `/readyz`: the database (and bus) answer too. */
export function healthRoutes(deps: HttpDeps) {
  return new Elysia({ detail: { tags: ['health'] } })
    .get('/healthz', () => ({ status: 'ok', node: deps.engine.cluster.nodeId }), {
      detail: { summary: 'Liveness (and which node answered)' },
    })
    .get(
      '/metrics',
      async ({ headers }) => {
        if (deps.metricsToken && headers.authorization !== `Bearer ${deps.metricsToken}`) {
          throw new KefuError('unauthorized', 'send Authorization: Bearer <KEFU_METRICS_TOKEN>');
        }
        return new Response(await deps.metrics.render(), {
          headers: { 'content-type': deps.metrics.contentType },
        });
      },
      { detail: { summary: 'Prometheus metrics (Bearer KEFU_METRICS_TOKEN when set)' } },
    )
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
