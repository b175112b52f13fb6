import { Elysia, t } from 'elysia';
import { createApiKey, listTenantApiKeys, revokeTenantApiKey } from '../../accounts/index.ts';
import { actorOf } from '../../audit/index.ts';
import { API_SCOPES } from '../../auth/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { announceApiKeysChanged } from '../revocations.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const ApiKeyJson = t.Object({
  id: t.String(),
  name: t.String(),
  prefix: t.String({ description: 'the first characters of the key, to recognise it' }),
  scopes: t.Array(t.String()),
  createdAt: t.Integer(),
  lastUsedAt: t.Nullable(t.Integer({ description: 'epoch ms, updated at most once a minute' })),
  revokedAt: t.Nullable(t.Integer()),
});

/** The tenant's API keys (admins). */
export function apiKeyRoutes(deps: HttpDeps) {
  const { store } = deps;
  return new Elysia({
    prefix: '/api/v1/api-keys',
    detail: { tags: ['api keys'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => {
      const principal = await deps.authn.forRequest(request);
      atLeast(principal, 'admin');
      return { principal };
    })
    .get(
      '/',
      async ({ principal }) => ({ apiKeys: await listTenantApiKeys(store, principal.tenantId) }),
      {
        response: { 200: t.Object({ apiKeys: t.Array(ApiKeyJson) }), 403: ErrorResponse },
        detail: { summary: 'The tenant’s API keys, revoked ones too (never the key itself)' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        const created = await createApiKey(store, principal.tenantId, body, actorOf(principal));
        set.status = 201;
        return created;
      },
      {
        body: t.Object(
          {
            name: t.String({ minLength: 1, maxLength: 200 }),
            scopes: t.Array(t.Union(API_SCOPES.map((s) => t.Literal(s))), {
              minItems: 1,
              maxItems: API_SCOPES.length,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: t.Object({
            key: t.String({ description: 'the key: shown this once, store it now' }),
            apiKey: ApiKeyJson,
          }),
          403: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
        detail: {
          summary: 'Create an API key with some scopes (the key is shown once)',
          description:
            'Scopes: `admin` (the tenant’s configuration: agents, rules, channels, webhooks, keys, audit…), `conversations:read`/`conversations:write` (conversations, customers, the API and email channels’ inbound), `tickets:read`/`tickets:write`. A write scope also reads.',
        },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params }) => {
        const apiKey = await revokeTenantApiKey(
          store,
          principal.tenantId,
          params.id,
          actorOf(principal),
        );
        // Revoked keys stop working at once here, and on the other nodes when told.
        deps.authn.forget();
        announceApiKeysChanged(deps.engine.cluster);
        return { apiKey };
      },
      {
        params: IdParams,
        response: { 200: t.Object({ apiKey: ApiKeyJson }), 403: ErrorResponse, 404: ErrorResponse },
        detail: { summary: 'Revoke an API key (at once on this node)' },
      },
    );
}
