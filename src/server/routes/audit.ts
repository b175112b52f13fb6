import { Elysia, t } from 'elysia';
import { AUDIT_ACTIONS, readAudit } from '../../audit/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse } from '../schemas.ts';

const AuditJson = t.Object({
  id: t.String(),
  at: t.Integer({ description: 'epoch ms' }),
  actor: t.Object({
    kind: t.String({ description: 'agent, apiKey or system' }),
    id: t.Nullable(t.String({ description: 'agent id or API key id' })),
  }),
  action: t.String(),
  target: t.Nullable(t.Object({ type: t.String(), id: t.String() })),
  details: t.Record(t.String(), t.Unknown()),
});

/** The tenant's audit log (admins). */
export function auditRoutes(deps: HttpDeps) {
  return new Elysia({
    prefix: '/api/v1/audit',
    detail: { tags: ['audit'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => {
      const principal = await deps.authn.forRequest(request);
      atLeast(principal, 'admin');
      return { principal };
    })
    .get(
      '/',
      async ({ principal, query }) => {
        const page = await readAudit(deps.store, principal.tenantId, {
          action: query.action,
          actorId: query.actor,
          since: query.since,
          until: query.until,
          before: query.cursor,
          limit: query.limit ?? 50,
        });
        return {
          entries: page.entries.map((e) => ({
            id: e.id,
            at: e.at,
            actor: { kind: e.actorKind, id: e.actorId },
            action: e.action,
            target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
            details: e.details,
          })),
          nextCursor: page.nextCursor,
        };
      },
      {
        query: t.Object(
          {
            action: t.Optional(t.Union(AUDIT_ACTIONS.map((a) => t.Literal(a)))),
            actor: t.Optional(t.String({ minLength: 1, maxLength: 64, description: 'actor id' })),
            since: t.Optional(t.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
            until: t.Optional(t.Integer({ minimum: 0, description: 'epoch ms, inclusive' })),
            limit: t.Optional(t.Integer({ minimum: 1, maximum: 200 })),
            cursor: t.Optional(
              t.String({ minLength: 1, maxLength: 64, description: 'nextCursor of the last page' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: t.Object({ entries: t.Array(AuditJson), nextCursor: t.Nullable(t.String()) }),
          403: ErrorResponse,
          422: ErrorResponse,
        },
        detail: {
          summary: 'Who changed what: the tenant’s audit log, newest first',
          description: `Actions: ${AUDIT_ACTIONS.join(', ')}.`,
        },
      },
    );
}
