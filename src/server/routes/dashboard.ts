import { Elysia } from 'elysia';
import { DashboardJson } from '../../dashboard/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse } from '../schemas.ts';

export function dashboardRoutes(deps: HttpDeps) {
  const { dashboard } = deps;
  return new Elysia({
    prefix: '/api/v1/dashboard',
    detail: { tags: ['dashboard'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal }) => {
        atLeast(principal, 'supervisor');
        return dashboard.firstPaint(principal.tenantId);
      },
      {
        response: { 200: DashboardJson, 403: ErrorResponse },
        detail: {
          summary: 'The supervisor dashboard now, with the last 24 hours minute by minute',
          description:
            'The first paint; afterwards supervisors receive `stats` frames on their agent socket (docs/protocol.md).',
        },
      },
    );
}
