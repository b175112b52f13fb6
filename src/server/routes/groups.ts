import { Elysia, t } from 'elysia';
import { KefuError, notFound } from '../../errors.ts';
import { checkBusinessHours, type Group, type RoutingSnapshot } from '../../routing/index.ts';
import {
  deleteGroup,
  insertGroup,
  isUniqueViolation,
  listGroups,
  type SkillGroup,
  updateGroup,
} from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

export const BusinessHoursSchema = t.Object(
  {
    timezone: t.String({ minLength: 1, maxLength: 64, examples: ['Asia/Shanghai'] }),
    weekly: t.Record(t.String(), t.Array(t.Tuple([t.String(), t.String()]), { maxItems: 6 }), {
      description: 'day (0 = Sunday … 6) → [["09:00","18:00"], …]',
    }),
    holidays: t.Array(t.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), { maxItems: 366 }),
  },
  { additionalProperties: false },
);

const GroupFields = {
  name: t.String({ minLength: 1, maxLength: 200 }),
  strategy: t.Union([t.Literal('least_busy'), t.Literal('round_robin'), t.Literal('longest_idle')]),
  sticky: t.Boolean(),
  requeueAfterSec: t.Nullable(t.Integer({ minimum: 1, maximum: 86_400 })),
  overflowAfterSec: t.Nullable(t.Integer({ minimum: 1, maximum: 86_400 })),
  overflowGroup: t.Nullable(t.String({ maxLength: 64, description: 'key of the fallback group' })),
  businessHours: t.Nullable(BusinessHoursSchema),
  outOfHoursReply: t.Nullable(t.String({ maxLength: 2000 })),
};

export const GroupJson = t.Object({
  id: t.String(),
  key: t.String(),
  ...GroupFields,
  online: t.Integer(),
  queued: t.Integer(),
});

export function groupRoutes(deps: HttpDeps) {
  const { engine, store } = deps;
  const { groups, router } = engine.ctx;
  const view = (
    g: SkillGroup,
    all: SkillGroup[],
    live: RoutingSnapshot = { agents: [], queue: [] },
  ) => ({
    id: g.id,
    key: g.key,
    name: g.name,
    strategy: g.strategy as Group['strategy'],
    sticky: g.sticky,
    requeueAfterSec: g.requeueAfterSec,
    overflowAfterSec: g.overflowAfterSec,
    overflowGroup: all.find((o) => o.id === g.overflowGroupId)?.key ?? null,
    businessHours: g.businessHours,
    outOfHoursReply: g.outOfHoursReply,
    online: live.agents.filter((a) => a.status === 'online' && a.skills.includes(g.key)).length,
    queued: live.queue.filter((q) => q.groupId === g.id).length,
  });

  /** Resolves the overflow key and refuses chains that loop back. */
  const resolveOverflow = (
    all: SkillGroup[],
    self: { id: string; key: string },
    key: string | null | undefined,
  ) => {
    if (!key) return null;
    const target = all.find((g) => g.key === key);
    if (!target) throw new KefuError('validation_failed', `overflowGroup: no group "${key}"`);
    for (let g: SkillGroup | undefined = target, hops = 0; g; hops++) {
      if (g.id === self.id || g.key === self.key || hops > all.length) {
        throw new KefuError(
          'validation_failed',
          `overflowGroup: "${key}" leads back to "${self.key}" (a loop)`,
        );
      }
      g = all.find((o) => o.id === g!.overflowGroupId);
    }
    return target.id;
  };
  const checkHours = (hours: SkillGroup['businessHours']) => {
    const problem = hours ? checkBusinessHours(hours) : undefined;
    if (problem) throw new KefuError('validation_failed', `businessHours: ${problem}`);
  };

  return new Elysia({
    prefix: '/api/v1/groups',
    detail: { tags: ['routing'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal }) => {
        const all = await store.read((c) => listGroups(c, principal.tenantId));
        const live = await router.snapshot(principal.tenantId);
        return { groups: all.map((g) => view(g, all, live)) };
      },
      {
        response: { 200: t.Object({ groups: t.Array(GroupJson) }) },
        detail: { summary: 'Skill groups, with agents online and conversations waiting' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        atLeast(principal, 'admin');
        const all = await store.read((c) => listGroups(c, principal.tenantId));
        const id = Bun.randomUUIDv7();
        checkHours(body.businessHours ?? null);
        const now = Date.now();
        const row: SkillGroup = {
          id,
          tenantId: principal.tenantId,
          key: body.key,
          name: body.name,
          strategy: body.strategy ?? 'least_busy',
          sticky: body.sticky ?? false,
          requeueAfterSec: body.requeueAfterSec ?? null,
          overflowAfterSec: body.overflowAfterSec ?? null,
          overflowGroupId: resolveOverflow(all, { id, key: body.key }, body.overflowGroup),
          businessHours: body.businessHours ?? null,
          outOfHoursReply: body.outOfHoursReply ?? null,
          createdAt: now,
          updatedAt: now,
        };
        try {
          await store.tx((c) => insertGroup(c, row));
        } catch (error) {
          if (isUniqueViolation(error))
            throw new KefuError('conflict', `a group "${body.key}" exists`);
          throw error;
        }
        groups.invalidate(principal.tenantId);
        set.status = 201;
        return view(row, [...all, row]);
      },
      {
        body: t.Object(
          {
            key: t.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
            name: GroupFields.name,
            strategy: t.Optional(GroupFields.strategy),
            sticky: t.Optional(t.Boolean()),
            requeueAfterSec: t.Optional(GroupFields.requeueAfterSec),
            overflowAfterSec: t.Optional(GroupFields.overflowAfterSec),
            overflowGroup: t.Optional(GroupFields.overflowGroup),
            businessHours: t.Optional(GroupFields.businessHours),
            outOfHoursReply: t.Optional(GroupFields.outOfHoursReply),
          },
          { additionalProperties: false },
        ),
        response: { 201: GroupJson, 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Create a skill group (agents with the skill `key` are its members)' },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        atLeast(principal, 'admin');
        const all = await store.read((c) => listGroups(c, principal.tenantId));
        const current = all.find((g) => g.id === params.id);
        if (!current) throw notFound('group');
        if (body.businessHours !== undefined) checkHours(body.businessHours);
        const { overflowGroup, ...rest } = body;
        const patch: Partial<SkillGroup> = { ...rest, updatedAt: Date.now() };
        if (overflowGroup !== undefined)
          patch.overflowGroupId = resolveOverflow(all, current, overflowGroup);
        await store.tx((c) => updateGroup(c, principal.tenantId, current.id, patch));
        groups.invalidate(principal.tenantId);
        return view({ ...current, ...patch }, all);
      },
      {
        params: IdParams,
        body: t.Partial(t.Object(GroupFields, { additionalProperties: false })),
        response: { 200: GroupJson, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Change a skill group' },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params, set }) => {
        atLeast(principal, 'admin');
        const all = await store.read((c) => listGroups(c, principal.tenantId));
        const used = all.find((g) => g.overflowGroupId === params.id);
        if (used) throw new KefuError('conflict', `group "${used.key}" overflows into it`);
        if ((await store.tx((c) => deleteGroup(c, principal.tenantId, params.id))) === 0)
          throw notFound('group');
        groups.invalidate(principal.tenantId);
        set.status = 204;
      },
      { params: IdParams, detail: { summary: 'Delete a skill group' } },
    );
}
