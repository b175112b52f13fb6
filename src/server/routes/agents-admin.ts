import { Elysia, t } from 'elysia';
import { editAgent } from '../../accounts/index.ts';
import { actorOf } from '../../audit/index.ts';
import { type Principal, ROLES, type Role } from '../../auth/index.ts';
import { forbidden, KefuError, notFound } from '../../errors.ts';
import { getUser, type User } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const Available = t.Object({
  id: t.String(),
  name: t.String(),
  skills: t.Array(t.String()),
  active: t.Integer(),
  capacity: t.Integer(),
});

const Edited = t.Object({
  id: t.String(),
  email: t.String(),
  name: t.String(),
  role: t.String(),
  skills: t.Array(t.String()),
  capacity: t.Integer(),
  disabled: t.Boolean(),
});

/**
 * Who may give `next` to `target`: admins (and API keys) manage agents; only an owner
 * makes or unmakes owners; nobody changes their own role (no locking yourself out).
 */
function checkRoleChange(principal: Principal, target: User, next: Role | undefined): void {
  if (principal.kind === 'apiKey') return;
  if (principal.kind !== 'agent' || (principal.role !== 'admin' && principal.role !== 'owner'))
    throw forbidden('admins only');
  if (next === undefined || next === target.role) return;
  if (target.id === principal.agentId) throw forbidden('you cannot change your own role');
  if ((next === 'owner' || target.role === 'owner') && principal.role !== 'owner')
    throw forbidden('only an owner grants or removes the owner role');
}

/** Editing agents (admins), and the teammates an agent may transfer to (everyone). */
export function agentAdminRoutes(deps: HttpDeps) {
  const { engine, store } = deps;
  return new Elysia({
    prefix: '/api/v1/agents',
    detail: { tags: ['agents'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/available',
      async ({ principal }) => {
        if (principal.kind === 'customer') throw forbidden();
        const { agents } = await engine.ctx.router.snapshot(principal.tenantId);
        const self = principal.kind === 'agent' ? principal.agentId : undefined;
        return {
          agents: agents
            .filter((a) => a.status === 'online' && a.active < a.capacity && a.id !== self)
            .map(({ id, name, skills, active, capacity }) => ({
              id,
              name,
              skills,
              active,
              capacity,
            })),
        };
      },
      {
        response: { 200: t.Object({ agents: t.Array(Available) }) },
        detail: {
          summary: 'Teammates online with room (transfer targets)',
          description: 'Any agent may call it; the caller is not listed.',
        },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        const target = await store.read((c) => getUser(c, principal.tenantId, params.id));
        if (!target) throw notFound('agent');
        checkRoleChange(principal, target, body.role);
        const skills = body.skills && [
          ...new Set(body.skills.map((s) => s.trim()).filter(Boolean)),
        ];
        const name = body.name?.trim();
        if (name !== undefined && !name) throw new KefuError('validation_failed', 'name: empty');
        const patch = {
          ...(name !== undefined ? { name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(skills !== undefined ? { skills } : {}),
          ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
        };
        const toggle = body.disabled !== undefined && body.disabled !== !!target.disabledAt;
        if (toggle) {
          checkRoleChange(principal, target, undefined);
          if (principal.kind === 'agent' && target.id === principal.agentId)
            throw forbidden('you cannot disable yourself');
          if (target.role === 'owner' && principal.kind === 'agent' && principal.role !== 'owner')
            throw forbidden('only an owner disables an owner');
        }
        const next = await editAgent(
          store,
          deps.sessions,
          target,
          patch,
          body.disabled,
          actorOf(principal),
        );
        // Routing sees new skills and capacity at once; the role is in the agent's token,
        // so it applies from their next sign-in or token refresh.
        engine.ctx.router.update(principal.tenantId, target.id, next);
        return {
          id: next.id,
          email: next.email,
          name: next.name,
          role: next.role,
          skills: next.skills,
          capacity: next.capacity,
          disabled: next.disabledAt !== null,
        };
      },
      {
        params: IdParams,
        body: t.Object(
          {
            name: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
            role: t.Optional(t.Union(ROLES.map((r) => t.Literal(r)))),
            skills: t.Optional(t.Array(t.String({ maxLength: 64 }), { maxItems: 50 })),
            capacity: t.Optional(t.Integer({ minimum: 1, maximum: 100 })),
            disabled: t.Optional(
              t.Boolean({
                description: 'true disables the account and ends its sessions at once',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Edited, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
        detail: {
          summary: 'Change an agent’s name, role, skills or capacity, or disable them (admins)',
          description:
            'Skills and capacity apply to routing at once; a new role from the agent’s next sign-in or token refresh. Only owners grant or remove the owner role; nobody changes their own role.',
        },
      },
    );
}
