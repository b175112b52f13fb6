import { Elysia, t } from 'elysia';
import { actorOf, audit } from '../../audit/index.ts';
import { RuleSet, validateRules } from '../../routing/index.ts';
import type { HttpDeps } from '../deps.ts';
import { actorId, atLeast } from '../guards.ts';
import { ErrorResponse } from '../schemas.ts';

const Active = t.Object({ version: t.Integer(), isDefault: t.Boolean(), rules: RuleSet });
const Saved = t.Object({
  version: t.Integer(),
  isDefault: t.Boolean(),
  rules: RuleSet,
  warnings: t.Array(t.String(), {
    description: 'saved, but worth knowing (e.g. a group that does not exist yet)',
  }),
});

export function ruleRoutes(deps: HttpDeps) {
  const { engine } = deps;
  const { rules, groups } = engine.ctx;
  return new Elysia({
    prefix: '/api/v1/rules',
    detail: { tags: ['routing'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get('/', ({ principal }) => rules.active(principal.tenantId), {
      response: { 200: Active },
      detail: { summary: 'The active rule set (the default one until a tenant saves its own)' },
    })
    .put(
      '/',
      async ({ principal, body }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        return rules.save(
          principal.tenantId,
          actorId(principal),
          body.rules,
          body.baseVersion,
          (c, version) =>
            audit(c, principal.tenantId, actor, 'rules.publish', ['rules', String(version)], {
              version,
            }),
        );
      },
      {
        // The rules are validated by the rules engine itself, with messages that name the rule.
        body: t.Object(
          { baseVersion: t.Integer({ minimum: 0 }), rules: t.Unknown() },
          { additionalProperties: false },
        ),
        response: { 200: Saved, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: {
          summary: 'Save a new version of the rules',
          description:
            'Validated on save: unknown fields, regexes that do not compile or could backtrack catastrophically, (a group that does not exist yet is a warning: those conversations go to any available agent). `baseVersion` must be the current version (409 otherwise).',
        },
      },
    )
    .get(
      '/versions',
      async ({ principal }) => {
        atLeast(principal, 'supervisor');
        const rows = await rules.versions(principal.tenantId);
        return {
          versions: rows.map((r) => ({
            version: r.version,
            authorId: r.authorId,
            createdAt: r.createdAt,
            rules: r.rules as never,
          })),
        };
      },
      {
        response: {
          200: t.Object({
            versions: t.Array(
              t.Object({
                version: t.Integer(),
                authorId: t.Nullable(t.String()),
                createdAt: t.Integer(),
                rules: RuleSet,
              }),
            ),
          }),
        },
        detail: { summary: 'Every saved version, newest first' },
      },
    )
    .post(
      '/versions/:version/restore',
      async ({ principal, params }) => {
        atLeast(principal, 'admin');
        const actor = actorOf(principal);
        return rules.restore(principal.tenantId, actorId(principal), params.version, (c, version) =>
          audit(c, principal.tenantId, actor, 'rules.publish', ['rules', String(version)], {
            version,
            restoredFrom: params.version,
          }),
        );
      },
      {
        params: t.Object({ version: t.Integer({ minimum: 1 }) }),
        response: { 200: Saved, 404: ErrorResponse },
        detail: { summary: 'Make an old version current again (as a new version)' },
      },
    )
    .post(
      '/dry-run',
      async ({ principal, body }) => {
        const keys = new Set((await groups.forTenant(principal.tenantId)).map((g) => g.key));
        const candidate =
          body.rules === undefined ? undefined : validateRules(body.rules, keys).rules;
        return engine.dryRun(principal.tenantId, { ...body, rules: candidate });
      },
      {
        body: t.Object(
          {
            text: t.String({ minLength: 1, maxLength: 4000 }),
            channel: t.Optional(t.String({ maxLength: 32 })),
            customer: t.Optional(
              t.Object(
                { tier: t.Optional(t.Nullable(t.String())), tags: t.Optional(t.Array(t.String())) },
                { additionalProperties: false },
              ),
            ),
            messageCount: t.Optional(t.Integer({ minimum: 0 })),
            botFallbacks: t.Optional(t.Integer({ minimum: 0 })),
            rules: t.Optional(
              t.Unknown({ description: 'unsaved rules to try instead of the active ones' }),
            ),
          },
          { additionalProperties: false },
        ),
        detail: {
          summary:
            'Which rule fires for this message from this customer, and what happens (nothing is stored)',
        },
      },
    );
}
