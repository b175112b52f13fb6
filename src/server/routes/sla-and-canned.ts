import { Elysia, t } from 'elysia';
import { KefuError, notFound } from '../../errors.ts';
import { checkBusinessHours } from '../../routing/index.ts';
import {
  type CannedResponse,
  deleteCanned,
  deleteSlaPolicy,
  getCanned,
  getCustomer,
  getTicket,
  insertCanned,
  insertSlaPolicy,
  isUniqueViolation,
  listCanned,
  listSlaPolicies,
  type SlaPolicy,
  updateCanned,
  updateSlaPolicy,
} from '../../store/index.ts';
import { renderTemplate } from '../../tickets/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';
import { BusinessHoursSchema } from './groups.ts';

const Minutes = t.Optional(t.Integer({ minimum: 1, maximum: 525_600 }));
const Target = t.Object(
  { firstResponseMin: Minutes, nextResponseMin: Minutes, resolutionMin: Minutes },
  { additionalProperties: false },
);
const Targets = t.Object(
  {
    low: t.Optional(Target),
    normal: t.Optional(Target),
    high: t.Optional(Target),
    urgent: t.Optional(Target),
  },
  { additionalProperties: false },
);
const PolicyBody = t.Object(
  {
    name: t.String({ minLength: 1, maxLength: 200 }),
    targets: Targets,
    businessHours: t.Optional(t.Nullable(BusinessHoursSchema)),
    active: t.Optional(t.Boolean()),
  },
  { additionalProperties: false },
);

const policyJson = ({ tenantId: _, ...p }: SlaPolicy) => p;
const cannedJson = ({ tenantId: _, ...c }: CannedResponse) => c;

export function slaRoutes(deps: HttpDeps) {
  const { store } = deps;
  const checkHours = (hours: SlaPolicy['businessHours'] | undefined) => {
    const problem = hours ? checkBusinessHours(hours) : undefined;
    if (problem) throw new KefuError('validation_failed', `businessHours: ${problem}`);
  };
  return new Elysia({
    prefix: '/api/v1/sla-policies',
    detail: { tags: ['tickets'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal }) => ({
        policies: (await store.read((c) => listSlaPolicies(c, principal.tenantId))).map(policyJson),
      }),
      {
        detail: { summary: 'SLA policies (the newest active one applies to new tickets)' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        atLeast(principal, 'admin');
        checkHours(body.businessHours);
        const now = Date.now();
        const row: SlaPolicy = {
          id: Bun.randomUUIDv7(),
          tenantId: principal.tenantId,
          name: body.name,
          targets: body.targets,
          businessHours: body.businessHours ?? null,
          active: body.active ?? true,
          createdAt: now,
          updatedAt: now,
        };
        await store.tx((c) => insertSlaPolicy(c, row));
        set.status = 201;
        return policyJson(row);
      },
      {
        body: PolicyBody,
        response: { 403: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Create an SLA policy: minutes by priority, counted in business hours' },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        atLeast(principal, 'admin');
        checkHours(body.businessHours);
        if (
          (await store.tx((c) =>
            updateSlaPolicy(c, principal.tenantId, params.id, { ...body, updatedAt: Date.now() }),
          )) === 0
        )
          throw notFound('SLA policy');
        const rows = await store.read((c) => listSlaPolicies(c, principal.tenantId));
        return policyJson(rows.find((r) => r.id === params.id)!);
      },
      {
        params: IdParams,
        body: t.Partial(PolicyBody),
        detail: { summary: 'Change an SLA policy' },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params, set }) => {
        atLeast(principal, 'admin');
        if ((await store.tx((c) => deleteSlaPolicy(c, principal.tenantId, params.id))) === 0)
          throw notFound('SLA policy');
        set.status = 204;
      },
      { params: IdParams, detail: { summary: 'Delete an SLA policy' } },
    );
}

/**
 * Letters of any script, digits, `_` and `-`. Checked here rather than as a schema
 * `pattern`: schema patterns compile without the `u` flag, where `\p{L}` matches nothing.
 */
const SHORTCUT = /^[\p{L}\p{N}_-]+$/u;
function checkShortcut(shortcut: string | undefined): void {
  if (shortcut !== undefined && !SHORTCUT.test(shortcut))
    throw new KefuError('validation_failed', 'shortcut: letters, digits, _ and - only');
}

export function cannedRoutes(deps: HttpDeps) {
  const { store, engine } = deps;
  const CannedBody = t.Object(
    {
      shortcut: t.String({
        minLength: 1,
        maxLength: 64,
        description: 'letters (any script), digits, _ and -; typed after / in the reply box',
      }),
      title: t.String({ minLength: 1, maxLength: 200 }),
      body: t.String({
        minLength: 1,
        maxLength: 4000,
        description:
          'text with {{customer.name}}, {{agent.name}}, {{ticket.number}}, {{customer.attributes.X}}',
      }),
    },
    { additionalProperties: false },
  );
  return new Elysia({
    prefix: '/api/v1/canned-responses',
    detail: { tags: ['tickets'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal, query }) => {
        const q = query.q?.toLowerCase();
        const rows = await store.read((c) => listCanned(c, principal.tenantId));
        return {
          responses: rows
            .filter(
              (r) =>
                !q || r.shortcut.toLowerCase().includes(q) || r.title.toLowerCase().includes(q),
            )
            .map(cannedJson),
        };
      },
      {
        query: t.Object({ q: t.Optional(t.String({ maxLength: 64 })) }),
        detail: { summary: 'Canned responses (filter by shortcut or title)' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        atLeast(principal, 'supervisor');
        checkShortcut(body.shortcut);
        const now = Date.now();
        const row: CannedResponse = {
          id: Bun.randomUUIDv7(),
          tenantId: principal.tenantId,
          ...body,
          createdAt: now,
          updatedAt: now,
        };
        try {
          await store.tx((c) => insertCanned(c, row));
        } catch (error) {
          if (isUniqueViolation(error))
            throw new KefuError('conflict', `shortcut "${body.shortcut}" exists`);
          throw error;
        }
        set.status = 201;
        return cannedJson(row);
      },
      {
        body: CannedBody,
        response: { 403: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Create a canned response' },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        atLeast(principal, 'supervisor');
        checkShortcut(body.shortcut);
        if (
          (await store.tx((c) =>
            updateCanned(c, principal.tenantId, params.id, { ...body, updatedAt: Date.now() }),
          )) === 0
        )
          throw notFound('canned response');
        return cannedJson((await store.read((c) => getCanned(c, principal.tenantId, params.id)))!);
      },
      {
        params: IdParams,
        body: t.Partial(CannedBody),
        detail: { summary: 'Change a canned response' },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params, set }) => {
        atLeast(principal, 'supervisor');
        if ((await store.tx((c) => deleteCanned(c, principal.tenantId, params.id))) === 0)
          throw notFound('canned response');
        set.status = 204;
      },
      { params: IdParams, detail: { summary: 'Delete a canned response' } },
    )
    .post(
      '/:id/render',
      async ({ principal, params, body }) => {
        const canned = await store.read((c) => getCanned(c, principal.tenantId, params.id));
        if (!canned) throw notFound('canned response');
        const session = body.conversationId
          ? await engine.session(principal, body.conversationId)
          : undefined;
        const customer = session
          ? await store.read((c) => getCustomer(c, principal.tenantId, session.customerId))
          : undefined;
        const ticketId = session?.ticketId;
        const ticket = ticketId
          ? await store.read((c) => getTicket(c, principal.tenantId, ticketId))
          : undefined;
        const text = renderTemplate(canned.body, {
          customer: customer
            ? {
                name: customer.name ?? '',
                email: customer.email ?? '',
                attributes: customer.attributes,
              }
            : {},
          agent: principal.kind === 'agent' ? { name: principal.name } : {},
          conversation: session ? { id: session.id } : {},
          ticket: ticket ? { number: ticket.number, subject: ticket.subject } : {},
          ...(body.values ?? {}),
        });
        return { text };
      },
      {
        params: IdParams,
        body: t.Object(
          {
            conversationId: t.Optional(t.String({ maxLength: 64 })),
            values: t.Optional(t.Record(t.String(), t.Unknown())),
          },
          { additionalProperties: false },
        ),
        response: { 200: t.Object({ text: t.String() }), 404: ErrorResponse },
        detail: { summary: 'Fill in a canned response for a conversation' },
      },
    );
}
