import { Elysia, t } from 'elysia';
import { actorOf, audit } from '../../audit/index.ts';
import { notFound } from '../../errors.ts';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  getDelivery,
  listDeliveries,
  replayDeliveries,
  type Webhook,
} from '../../store/index.ts';
import { WEBHOOK_EVENTS } from '../../webhooks/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { ErrorResponse, IdParams } from '../schemas.ts';

const WebhookJson = t.Object({
  id: t.String(),
  url: t.String(),
  events: t.Array(t.String()),
  description: t.Nullable(t.String()),
  active: t.Boolean(),
  createdAt: t.Integer(),
  updatedAt: t.Integer(),
});

const DeliveryJson = t.Object({
  id: t.String(),
  kind: t.String({ description: 'webhook, wechat or email' }),
  targetId: t.Nullable(t.String({ description: 'the webhook or channel account' })),
  event: t.String(),
  eventId: t.String(),
  status: t.String({ description: 'pending, delivered or dead' }),
  attempts: t.Integer(),
  lastError: t.Nullable(t.String()),
  lastStatus: t.Nullable(t.Integer({ description: 'HTTP (or SMTP) status of the last attempt' })),
  durationMs: t.Nullable(t.Integer({ description: 'of the last attempt' })),
  nextAttemptAt: t.Nullable(t.Integer()),
  createdAt: t.Integer(),
  deliveredAt: t.Nullable(t.Integer()),
});

const Events = t.Array(t.Union([...WEBHOOK_EVENTS.map((e) => t.Literal(e)), t.Literal('*')]), {
  minItems: 1,
  maxItems: WEBHOOK_EVENTS.length + 1,
});

const DeliveryQuery = t.Object({
  webhookId: t.Optional(t.String({ maxLength: 64 })),
  status: t.Optional(t.Union(DELIVERY_STATUSES.map((s) => t.Literal(s)))),
  kind: t.Optional(t.Union([t.Literal('webhook'), t.Literal('wechat'), t.Literal('email')])),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: t.Optional(
    t.String({ maxLength: 64, description: 'cursor: nextBefore of the last page' }),
  ),
});

function webhookJson(w: Webhook) {
  const { tenantId: _t, secret: _s, ...rest } = w;
  return rest;
}

function deliveryJson(d: Delivery) {
  return {
    id: d.id,
    kind: d.kind,
    targetId: d.targetId,
    event: d.event,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    lastStatus: d.lastStatus,
    durationMs: d.durationMs,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  };
}

export function webhookRoutes(deps: HttpDeps) {
  const { webhooks, store, outbox } = deps;
  const page = async (
    tenantId: string,
    query: {
      webhookId?: string;
      status?: DeliveryStatus;
      kind?: string;
      limit?: number;
      before?: string;
    },
  ) => {
    const limit = query.limit ?? 50;
    const rows = await store.read((c) =>
      listDeliveries(c, tenantId, {
        targetId: query.webhookId,
        status: query.status,
        kind: query.kind,
        limit,
        beforeId: query.before,
      }),
    );
    return {
      deliveries: rows.map(deliveryJson),
      nextBefore: rows.length === limit ? rows.at(-1)!.id : null,
    };
  };
  const Page = t.Object({ deliveries: t.Array(DeliveryJson), nextBefore: t.Nullable(t.String()) });

  return new Elysia({
    prefix: '/api/v1/webhooks',
    detail: { tags: ['webhooks'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => {
      const principal = await deps.authn.forRequest(request);
      atLeast(principal, 'admin');
      return { principal };
    })
    .post(
      '/',
      async ({ principal, body, set }) => {
        const actor = actorOf(principal);
        const { webhook, secret } = await webhooks.create(principal.tenantId, body, (c, h) =>
          audit(c, h.tenantId, actor, 'webhook.create', ['webhook', h.id], {
            url: h.url,
            events: h.events,
          }),
        );
        set.status = 201;
        return { webhook: webhookJson(webhook), secret };
      },
      {
        body: t.Object(
          {
            url: t.String({
              minLength: 8,
              maxLength: 2000,
              examples: ['https://example.com/kefu-hook'],
            }),
            events: Events,
            description: t.Optional(t.String({ maxLength: 500 })),
            active: t.Optional(t.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          201: t.Object({
            webhook: WebhookJson,
            secret: t.String({ description: 'signing secret: shown this once' }),
          }),
          409: ErrorResponse,
          422: ErrorResponse,
        },
        detail: {
          summary: 'Subscribe a URL to events',
          description:
            'Deliveries are POSTed as JSON with `Kefu-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`; see docs/channels.md.',
        },
      },
    )
    .get(
      '/',
      async ({ principal }) => ({
        webhooks: (await webhooks.list(principal.tenantId)).map(webhookJson),
      }),
      { response: { 200: t.Object({ webhooks: t.Array(WebhookJson) }) } },
    )
    .get('/deliveries', ({ principal, query }) => page(principal.tenantId, query), {
      query: DeliveryQuery,
      response: { 200: Page },
      detail: {
        summary: 'The delivery log: webhooks and channel sends, newest first',
        description: 'Status, attempts, last error and HTTP status, duration of the last attempt.',
      },
    })
    .get(
      '/dead-letters',
      ({ principal, query }) => page(principal.tenantId, { ...query, status: 'dead' }),
      {
        query: t.Omit(DeliveryQuery, ['status']),
        response: { 200: Page },
        detail: { summary: 'Deliveries that failed every attempt (or could never succeed)' },
      },
    )
    .post(
      '/dead-letters/replay',
      async ({ principal, body }) => {
        const replayed = await store.tx((c) =>
          replayDeliveries(c, principal.tenantId, body.ids ?? 'all', Date.now()),
        );
        outbox.kick();
        return { replayed };
      },
      {
        body: t.Object(
          { ids: t.Optional(t.Array(t.String({ maxLength: 64 }), { maxItems: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: t.Object({ replayed: t.Integer() }) },
        detail: { summary: 'Send dead deliveries again (these ids, or all of them)' },
      },
    )
    .post(
      '/deliveries/:id/replay',
      async ({ principal, params }) => {
        const current = await store.read((c) => getDelivery(c, principal.tenantId, params.id));
        if (!current) throw notFound('delivery');
        await store.tx((c) => replayDeliveries(c, principal.tenantId, [params.id], Date.now()));
        outbox.kick();
        const row = await store.read((c) => getDelivery(c, principal.tenantId, params.id));
        return deliveryJson(row!);
      },
      {
        params: IdParams,
        response: { 200: DeliveryJson, 404: ErrorResponse },
        detail: {
          summary: 'Send one dead delivery again (a pending or delivered one is left alone)',
        },
      },
    )
    .get(
      '/:id',
      async ({ principal, params }) =>
        webhookJson(await webhooks.get(principal.tenantId, params.id)),
      { params: IdParams, response: { 200: WebhookJson, 404: ErrorResponse } },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) =>
        webhookJson(
          await webhooks.update(principal.tenantId, params.id, body, (c, h) =>
            audit(c, h.tenantId, actorOf(principal), 'webhook.update', ['webhook', h.id], {
              ...body,
            }),
          ),
        ),
      {
        params: IdParams,
        body: t.Object(
          {
            url: t.Optional(t.String({ minLength: 8, maxLength: 2000 })),
            events: t.Optional(Events),
            description: t.Optional(t.Nullable(t.String({ maxLength: 500 }))),
            active: t.Optional(t.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: WebhookJson, 404: ErrorResponse, 422: ErrorResponse },
        detail: { summary: 'Change a webhook (url, events, active)' },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params, set }) => {
        await webhooks.remove(principal.tenantId, params.id, (c, h) =>
          audit(c, h.tenantId, actorOf(principal), 'webhook.delete', ['webhook', h.id], {
            url: h.url,
          }),
        );
        set.status = 204;
      },
      {
        params: IdParams,
        detail: { summary: 'Delete a webhook; its pending deliveries are dead-lettered' },
      },
    )
    .post(
      '/:id/rotate-secret',
      async ({ principal, params }) => ({
        secret: await webhooks.rotateSecret(principal.tenantId, params.id, (c, h) =>
          audit(c, h.tenantId, actorOf(principal), 'webhook.update', ['webhook', h.id], {
            secretRotated: true,
          }),
        ),
      }),
      {
        params: IdParams,
        response: { 200: t.Object({ secret: t.String() }), 404: ErrorResponse },
        detail: { summary: 'A new signing secret (shown this once); the old one stops at once' },
      },
    )
    .get(
      '/:id/deliveries',
      async ({ principal, params, query }) => {
        await webhooks.get(principal.tenantId, params.id);
        return page(principal.tenantId, { ...query, webhookId: params.id });
      },
      {
        params: IdParams,
        query: t.Omit(DeliveryQuery, ['webhookId', 'kind']),
        response: { 200: Page, 404: ErrorResponse },
        detail: { summary: 'This webhook’s delivery log' },
      },
    );
}
