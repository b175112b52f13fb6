import { Elysia, t } from 'elysia';
import { notFound } from '../../errors.ts';
import { getTenant, updateTenant } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse } from '../schemas.ts';

const TenantJson = t.Object({
  id: t.String(),
  name: t.String(),
  widgetKey: t.String(),
  retentionDays: t.Nullable(
    t.Integer({
      description: 'message content of conversations closed longer ago is purged; null keeps it',
    }),
  ),
  createdAt: t.Integer(),
});

/** The caller's own tenant: its settings. */
export function tenantRoutes(deps: HttpDeps) {
  const { store } = deps;
  const load = async (id: string) => {
    const tenant = await store.read((c) => getTenant(c, id));
    if (!tenant) throw notFound('tenant');
    return tenant;
  };
  return new Elysia({
    prefix: '/api/v1/tenant',
    detail: { tags: ['tenant'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ headers }) => ({
      principal: await deps.authn.principal(headers.authorization),
    }))
    .get('/', async ({ principal }) => load(principal.tenantId), {
      response: { 200: TenantJson },
      detail: { summary: 'This tenant and its settings' },
    })
    .patch(
      '/',
      async ({ principal, body }) => {
        atLeast(principal, 'admin');
        await store.tx((c) => updateTenant(c, principal.tenantId, body));
        return load(principal.tenantId);
      },
      {
        body: t.Object(
          {
            name: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
            retentionDays: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 36_500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: TenantJson, 403: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Rename the tenant or set its retention' },
      },
    );
}
