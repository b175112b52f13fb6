import { Elysia, t } from 'elysia';
import { actorOf, audit } from '../../audit/index.ts';
import { KefuError, notFound } from '../../errors.ts';
import { getTenant, type Tenant, updateTenant } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { announceTenantChanged } from '../revocations.ts';
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
  allowedOrigins: t.Array(t.String(), {
    description: 'origins the widget may run on (e.g. https://shop.example.com); empty: any origin',
  }),
});

const view = (tenant: Tenant) => ({
  id: tenant.id,
  name: tenant.name,
  widgetKey: tenant.widgetKey,
  retentionDays: tenant.retentionDays,
  createdAt: tenant.createdAt,
  allowedOrigins: tenant.allowedOrigins ?? [],
});

/** `https://Shop.example.com/` → `https://shop.example.com`; anything but an origin is refused. */
function normalOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOrigin(value);
  }
  const bare = value.replace(/\/$/, '').toLowerCase();
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== bare)
    throw invalidOrigin(value);
  return url.origin;
}

const invalidOrigin = (value: string) =>
  new KefuError(
    'validation_failed',
    `allowedOrigins: ${JSON.stringify(value.slice(0, 100))} is not an origin like https://shop.example.com`,
  );

/** The caller's own tenant: its settings. */
export function tenantRoutes(deps: HttpDeps) {
  const { store } = deps;
  const load = async (id: string) => {
    const tenant = await store.read((c) => getTenant(c, id));
    if (!tenant) throw notFound('tenant');
    return view(tenant);
  };
  return new Elysia({
    prefix: '/api/v1/tenant',
    detail: { tags: ['tenant'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get('/', async ({ principal }) => load(principal.tenantId), {
      response: { 200: TenantJson },
      detail: { summary: 'This tenant and its settings' },
    })
    .patch(
      '/',
      async ({ principal, body }) => {
        atLeast(principal, 'admin');
        const { allowedOrigins, ...rest } = body;
        const patch = {
          ...rest,
          ...(allowedOrigins !== undefined
            ? { allowedOrigins: [...new Set(allowedOrigins.map(normalOrigin))] }
            : {}),
        };
        if (Object.keys(patch).length > 0)
          await store.tx(function* (c) {
            yield* updateTenant(c, principal.tenantId, patch);
            yield* audit(
              c,
              principal.tenantId,
              actorOf(principal),
              'tenant.update',
              ['tenant', principal.tenantId],
              patch,
            );
          });
        // Widget connections see the new origins at once, here and on the other nodes.
        deps.tenants.forget(principal.tenantId);
        announceTenantChanged(deps.engine.cluster, principal.tenantId);
        return load(principal.tenantId);
      },
      {
        body: t.Object(
          {
            name: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
            retentionDays: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 36_500 }))),
            allowedOrigins: t.Optional(
              t.Array(t.String({ minLength: 1, maxLength: 300 }), {
                maxItems: 50,
                description:
                  'origins the widget may run on; the customer socket refuses others (403). Empty: any',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: TenantJson, 403: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Rename the tenant, set its retention or the widget’s allowed origins' },
      },
    );
}
