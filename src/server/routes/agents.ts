import { Elysia, t } from 'elysia';
import { createAgent } from '../../accounts/index.ts';
import { actorOf } from '../../audit/index.ts';
import { type Principal, ROLES } from '../../auth/index.ts';
import { forbidden } from '../../errors.ts';
import type { AgentSnapshot } from '../../routing/index.ts';
import { listUsers, type User } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { ErrorResponse } from '../schemas.ts';

export const AgentJson = t.Object({
  id: t.String(),
  email: t.String(),
  name: t.String(),
  role: t.String(),
  skills: t.Array(t.String()),
  capacity: t.Integer(),
  online: t.Boolean(),
  status: t.Union([t.Literal('online'), t.Literal('away'), t.Literal('offline')], {
    description: 'online (takes conversations), away (connected, or just disconnected), offline',
  }),
  active: t.Integer({ description: 'open conversations assigned now' }),
});

/** API keys and admins manage agents; supervisors may list them. */
function mayManage(p: Principal): boolean {
  return p.kind === 'apiKey' || (p.kind === 'agent' && (p.role === 'admin' || p.role === 'owner'));
}

export function agentRoutes(deps: HttpDeps) {
  const { engine, store } = deps;
  const view = (u: User, agents: AgentSnapshot[]) => {
    const presence = agents.find((a) => a.id === u.id);
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      skills: u.skills,
      capacity: u.capacity,
      online: presence?.status === 'online',
      status: presence?.status ?? ('offline' as const),
      active: presence?.active ?? 0,
    };
  };
  return new Elysia({
    prefix: '/api/v1/agents',
    detail: { tags: ['agents'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal }) => {
        if (principal.kind === 'agent' && principal.role === 'agent')
          throw forbidden('supervisors and admins only');
        const { agents } = await engine.ctx.router.snapshot(principal.tenantId);
        const users = await store.read((c) => listUsers(c, principal.tenantId));
        return { agents: users.map((u) => view(u, agents)) };
      },
      {
        response: { 200: t.Object({ agents: t.Array(AgentJson) }), 403: ErrorResponse },
        detail: { summary: 'List agents' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        if (!mayManage(principal)) throw forbidden('admins only');
        const user = await createAgent(
          store,
          { ...body, tenantId: principal.tenantId, role: body.role as never },
          actorOf(principal),
        );
        set.status = 201;
        return view(user, []);
      },
      {
        body: t.Object(
          {
            email: t.String({ maxLength: 254 }),
            password: t.String({ maxLength: 1024 }),
            name: t.Optional(t.String({ maxLength: 200 })),
            role: t.Optional(t.Union(ROLES.map((r) => t.Literal(r)))),
            skills: t.Optional(t.Array(t.String({ maxLength: 64 }), { maxItems: 50 })),
            capacity: t.Optional(t.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AgentJson, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: {
          summary: 'Create an agent',
          description:
            'The password: at least 10 characters, of at least two kinds (lower case, upper case, digits, symbols), not the email. 422 `weak_password` otherwise.',
        },
      },
    )
    .get(
      '/me',
      async ({ principal }) => {
        if (principal.kind !== 'agent') throw forbidden('an agent token is needed');
        const { agents } = await engine.ctx.router.snapshot(principal.tenantId);
        return view(await engine.agentAccount(principal.tenantId, principal.agentId), agents);
      },
      {
        response: { 200: AgentJson, 403: ErrorResponse },
        detail: { summary: 'The calling agent' },
      },
    );
}
