import { Elysia, t } from 'elysia';
import { KefuError, notFound } from '../../errors.ts';
import {
  getTicket,
  listComments,
  listTicketEvents,
  listTickets,
  sortValue,
  type Ticket,
  type TicketSort,
} from '../../store/index.ts';
import { actorOf, allowedFrom, searchTerms, type TicketStatus } from '../../tickets/index.ts';
import type { HttpDeps } from '../deps.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const Status = t.Union([
  t.Literal('new'),
  t.Literal('open'),
  t.Literal('pending'),
  t.Literal('on-hold'),
  t.Literal('solved'),
  t.Literal('closed'),
]);
const Priority = t.Union([
  t.Literal('low'),
  t.Literal('normal'),
  t.Literal('high'),
  t.Literal('urgent'),
]);
const Tags = t.Array(t.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });
const Fields = t.Record(t.String({ maxLength: 64 }), t.Unknown());

export const TicketJson = t.Object({
  id: t.String(),
  number: t.Integer(),
  subject: t.String(),
  status: t.String(),
  nextStatuses: t.Array(t.String()),
  priority: t.String(),
  requesterId: t.Nullable(t.String()),
  assigneeId: t.Nullable(t.String()),
  groupId: t.Nullable(t.String()),
  tags: t.Array(t.String()),
  customFields: t.Record(t.String(), t.Unknown()),
  conversationId: t.Nullable(t.String()),
  mergedIntoId: t.Nullable(t.String()),
  sla: t.Object({
    firstResponseDueAt: t.Nullable(t.Integer()),
    nextResponseDueAt: t.Nullable(t.Integer()),
    resolutionDueAt: t.Nullable(t.Integer()),
    firstRespondedAt: t.Nullable(t.Integer()),
    breachedAt: t.Nullable(t.Integer()),
    breaches: t.Array(t.String()),
  }),
  csat: t.Nullable(t.Object({ score: t.Integer(), comment: t.Nullable(t.String()) })),
  version: t.Integer(),
  createdAt: t.Integer(),
  updatedAt: t.Integer(),
  solvedAt: t.Nullable(t.Integer()),
  closedAt: t.Nullable(t.Integer()),
});

export function ticketJson(x: Ticket) {
  return {
    id: x.id,
    number: x.number,
    subject: x.subject,
    status: x.status,
    nextStatuses: [...allowedFrom(x.status as TicketStatus)],
    priority: x.priority,
    requesterId: x.requesterId,
    assigneeId: x.assigneeId,
    groupId: x.groupId,
    tags: x.tags,
    customFields: x.customFields,
    conversationId: x.conversationId,
    mergedIntoId: x.mergedIntoId,
    sla: {
      firstResponseDueAt: x.firstResponseDueAt,
      nextResponseDueAt: x.nextResponseDueAt,
      resolutionDueAt: x.resolutionDueAt,
      firstRespondedAt: x.firstRespondedAt,
      breachedAt: x.breachedAt,
      breaches: x.breaches,
    },
    csat: x.csatScore === null ? null : { score: x.csatScore, comment: x.csatComment },
    version: x.version,
    createdAt: x.createdAt,
    updatedAt: x.updatedAt,
    solvedAt: x.solvedAt,
    closedAt: x.closedAt,
  };
}

const cursorOf = (x: Ticket, sort: TicketSort) =>
  Buffer.from(`${sortValue(x, sort)}:${x.id}`).toString('base64url');
function parseCursor(raw: string) {
  const [value, id] = Buffer.from(raw, 'base64url').toString().split(':');
  if (!value || !id || !/^\d+$/.test(value)) throw new KefuError('bad_request', 'invalid cursor');
  return { value: Number(value), id };
}

export function ticketRoutes(deps: HttpDeps) {
  const { engine, store } = deps;
  const tickets = engine.ctx.tickets;
  const load = async (tenantId: string, id: string) => {
    const ticket = await store.read((c) => getTicket(c, tenantId, id));
    if (!ticket) throw notFound('ticket');
    return ticket;
  };

  return new Elysia({
    prefix: '/api/v1/tickets',
    detail: { tags: ['tickets'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal, query }) => {
        const sort = query.sort ?? 'updated';
        const limit = query.limit ?? 50;
        const terms = query.q ? searchTerms(query.q, true).slice(0, 12) : undefined;
        if (query.q && terms?.length === 0) return { tickets: [], nextCursor: null };
        const rows = await store.read((c) =>
          listTickets(c, principal.tenantId, {
            statuses: query.status?.split(',').filter(Boolean),
            priorities: query.priority?.split(',').filter(Boolean),
            assigneeId: query.assigneeId === 'none' ? null : query.assigneeId,
            groupId: query.groupId,
            tag: query.tag?.toLowerCase(),
            requesterId: query.requesterId,
            sla: query.sla,
            terms,
            sort,
            limit,
            after: query.cursor ? parseCursor(query.cursor) : undefined,
            now: Date.now(),
          }),
        );
        return {
          tickets: rows.map(ticketJson),
          nextCursor: rows.length === limit ? cursorOf(rows.at(-1)!, sort) : null,
        };
      },
      {
        query: t.Object({
          status: t.Optional(t.String({ maxLength: 100, description: 'comma-separated statuses' })),
          priority: t.Optional(t.String({ maxLength: 100 })),
          assigneeId: t.Optional(
            t.String({ maxLength: 64, description: 'an agent id, or "none"' }),
          ),
          groupId: t.Optional(t.String({ maxLength: 64 })),
          tag: t.Optional(t.String({ maxLength: 64 })),
          requesterId: t.Optional(t.String({ maxLength: 64 })),
          sla: t.Optional(t.Union([t.Literal('breached'), t.Literal('at_risk'), t.Literal('ok')])),
          q: t.Optional(
            t.String({
              maxLength: 200,
              description: 'full-text search over subject, comments and messages',
            }),
          ),
          sort: t.Optional(
            t.Union([
              t.Literal('updated'),
              t.Literal('created'),
              t.Literal('priority'),
              t.Literal('due'),
            ]),
          ),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: t.Optional(t.String({ maxLength: 200 })),
        }),
        response: {
          200: t.Object({ tickets: t.Array(TicketJson), nextCursor: t.Nullable(t.String()) }),
          400: ErrorResponse,
          422: ErrorResponse,
        },
        detail: { summary: 'List and search tickets (filters, sort, cursor pagination)' },
      },
    )
    .post(
      '/',
      async ({ principal, body, set }) => {
        const ticket = await tickets.create(principal.tenantId, actorOf(principal), body);
        set.status = 201;
        return ticketJson(ticket);
      },
      {
        body: t.Object(
          {
            subject: t.String({ minLength: 1, maxLength: 300 }),
            priority: t.Optional(Priority),
            status: t.Optional(Status),
            requesterId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            assigneeId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            groupId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            tags: t.Optional(Tags),
            customFields: t.Optional(Fields),
            conversationId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            comment: t.Optional(
              t.Object(
                { body: t.String({ minLength: 1, maxLength: 20_000 }), public: t.Boolean() },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: TicketJson, 422: ErrorResponse },
        detail: { summary: 'Create a ticket' },
      },
    )
    .get(
      '/:id',
      async ({ principal, params }) => ticketJson(await load(principal.tenantId, params.id)),
      {
        params: IdParams,
        response: { 200: TicketJson, 404: ErrorResponse },
        detail: { summary: 'A ticket' },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) =>
        ticketJson(await tickets.update(principal.tenantId, actorOf(principal), params.id, body)),
      {
        params: IdParams,
        body: t.Object(
          {
            version: t.Integer({
              minimum: 1,
              description: 'the version you read: a concurrent change answers 409',
            }),
            subject: t.Optional(t.String({ minLength: 1, maxLength: 300 })),
            status: t.Optional(Status),
            priority: t.Optional(Priority),
            assigneeId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            groupId: t.Optional(t.Nullable(t.String({ maxLength: 64 }))),
            tags: t.Optional(Tags),
            customFields: t.Optional(Fields),
          },
          { additionalProperties: false },
        ),
        response: { 200: TicketJson, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: {
          summary:
            'Change status, priority, assignee, group, tags or fields (allowed transitions only)',
        },
      },
    )
    .get(
      '/:id/comments',
      async ({ principal, params }) => {
        await load(principal.tenantId, params.id);
        const rows = await store.read((c) => listComments(c, principal.tenantId, params.id));
        return { comments: rows.map(({ tenantId: _, ...x }) => x) };
      },
      { params: IdParams, detail: { summary: 'Public replies and internal notes' } },
    )
    .post(
      '/:id/comments',
      async ({ principal, params, body, set }) => {
        const ticket = await tickets.comment(
          principal.tenantId,
          actorOf(principal),
          params.id,
          body,
        );
        set.status = 201;
        return ticketJson(ticket);
      },
      {
        params: IdParams,
        body: t.Object(
          {
            body: t.String({ minLength: 1, maxLength: 20_000 }),
            public: t.Boolean({
              description: 'true: a reply delivered to the customer; false: an internal note',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: TicketJson, 404: ErrorResponse, 409: ErrorResponse },
        detail: {
          summary: 'Reply publicly (reaches the customer’s channel) or add an internal note',
        },
      },
    )
    .post(
      '/:id/merge',
      async ({ principal, params, body }) =>
        ticketJson(
          await tickets.merge(principal.tenantId, actorOf(principal), params.id, body.intoId),
        ),
      {
        params: IdParams,
        body: t.Object({ intoId: t.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: TicketJson, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Merge this ticket into another (this one closes and points at it)' },
      },
    )
    .get(
      '/:id/events',
      async ({ principal, params }) => {
        await load(principal.tenantId, params.id);
        const rows = await store.read((c) => listTicketEvents(c, principal.tenantId, params.id));
        return { events: rows.map(({ tenantId: _, ...x }) => x) };
      },
      { params: IdParams, detail: { summary: 'The append-only audit log of the ticket' } },
    );
}
