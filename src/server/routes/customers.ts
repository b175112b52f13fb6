import { Elysia, t } from 'elysia';
import { notFound } from '../../errors.ts';
import { eraseCustomerEverywhere, exportCustomer } from '../../ops/privacy.ts';
import {
  type CustomerIdentity,
  getCustomer,
  listConversations,
  listIdentities,
  listTickets,
  updateCustomer,
} from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { atLeast } from '../guards.ts';
import { conversationJson } from '../json.ts';
import { ConversationJson, ErrorResponse, IdParams } from '../schemas.ts';
import { TicketJson, ticketJson } from './tickets.ts';

export const CustomerJson = t.Object({
  id: t.String(),
  name: t.Nullable(t.String()),
  email: t.Nullable(t.String()),
  attributes: t.Record(t.String(), t.Unknown()),
  createdAt: t.Integer(),
  mergedIntoId: t.Nullable(t.String({ description: 'set once merged: the customer it joined' })),
});

const IdentityJson = t.Object({
  id: t.String(),
  channel: t.String(),
  externalId: t.String(),
  createdAt: t.Integer(),
});

const identityJson = (i: CustomerIdentity) => ({
  id: i.id,
  channel: i.channel,
  externalId: i.externalId,
  createdAt: i.createdAt,
});

export function customerRoutes(deps: HttpDeps) {
  const { store } = deps;
  const load = async (tenantId: string, id: string) => {
    const customer = await store.read((c) => getCustomer(c, tenantId, id));
    if (!customer) throw notFound('customer');
    const { tenantId: _, ...rest } = customer;
    return rest;
  };
  return new Elysia({
    prefix: '/api/v1/customers',
    detail: { tags: ['customers'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/:id',
      async ({ principal, params }) => {
        const customer = await load(principal.tenantId, params.id);
        const conversations = await store.read((c) =>
          listConversations(c, principal.tenantId, { customerId: params.id, limit: 50 }),
        );
        const tickets = await store.read((c) =>
          listTickets(c, principal.tenantId, {
            requesterId: params.id,
            sort: 'created',
            limit: 50,
            now: Date.now(),
          }),
        );
        const identities = await store.read((c) =>
          listIdentities(c, principal.tenantId, params.id),
        );
        return {
          customer,
          identities: identities.map(identityJson),
          conversations: conversations.map(conversationJson),
          tickets: tickets.map(ticketJson),
        };
      },
      {
        params: IdParams,
        response: {
          200: t.Object({
            customer: CustomerJson,
            identities: t.Array(IdentityJson),
            conversations: t.Array(ConversationJson),
            tickets: t.Array(TicketJson),
          }),
          404: ErrorResponse,
        },
        detail: { summary: 'A customer with their conversations (every channel) and tickets' },
      },
    )
    .patch(
      '/:id',
      async ({ principal, params, body }) => {
        atLeast(principal, 'supervisor');
        const current = await load(principal.tenantId, params.id);
        const patch = {
          ...body,
          attributes: body.attributes ? { ...current.attributes, ...body.attributes } : undefined,
        };
        await store.tx((c) => updateCustomer(c, principal.tenantId, params.id, patch));
        deps.engine.ctx.customers.forget(principal.tenantId, params.id);
        return load(principal.tenantId, params.id);
      },
      {
        params: IdParams,
        body: t.Object(
          {
            name: t.Optional(t.Nullable(t.String({ maxLength: 200 }))),
            email: t.Optional(t.Nullable(t.String({ maxLength: 254 }))),
            attributes: t.Optional(
              t.Record(t.String({ maxLength: 64 }), t.Unknown(), {
                description:
                  'merged into the existing ones; `tier` and `tags` feed the routing rules',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CustomerJson, 403: ErrorResponse, 404: ErrorResponse },
        detail: { summary: 'Set a customer’s name, email and attributes' },
      },
    )
    .get(
      '/:id/export',
      async ({ principal, params }) => {
        atLeast(principal, 'admin');
        return exportCustomer(store, principal.tenantId, params.id);
      },
      {
        params: IdParams,
        detail: {
          summary: 'Everything held about the customer, as one JSON document (access request)',
        },
      },
    )
    .delete(
      '/:id',
      async ({ principal, params }) => {
        atLeast(principal, 'admin');
        const erased = await eraseCustomerEverywhere(
          store,
          deps.engine,
          principal.tenantId,
          params.id,
        );
        deps.pages.clear();
        return { erased };
      },
      {
        params: IdParams,
        response: {
          200: t.Object({ erased: t.Record(t.String(), t.Integer()) }),
          403: ErrorResponse,
          404: ErrorResponse,
        },
        detail: {
          summary:
            'Erase the customer: identities, conversations, messages, tickets (deletion request)',
        },
      },
    )
    .post(
      '/:id/merge',
      async ({ principal, params, body }) => {
        atLeast(principal, 'supervisor');
        await deps.customers.merge(principal.tenantId, params.id, body.otherCustomerId);
        return { customer: await load(principal.tenantId, params.id) };
      },
      {
        params: IdParams,
        body: t.Object(
          { otherCustomerId: t.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: {
          200: t.Object({ customer: CustomerJson }),
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
        detail: {
          summary: 'Merge another customer into this one (same tenant)',
          description:
            'Identities, conversations and tickets of `otherCustomerId` move here in one transaction; the other customer is marked merged and its tokens lead here.',
        },
      },
    )
    .get(
      '/:id/identities',
      async ({ principal, params }) => ({
        identities: (await deps.customers.identities(principal.tenantId, params.id)).map(
          identityJson,
        ),
      }),
      {
        params: IdParams,
        response: { 200: t.Object({ identities: t.Array(IdentityJson) }), 404: ErrorResponse },
        detail: { summary: 'How the customer is known on each channel' },
      },
    )
    .post(
      '/:id/identities',
      async ({ principal, params, body, set }) => {
        atLeast(principal, 'supervisor');
        const linked = await deps.customers.link(
          principal.tenantId,
          params.id,
          body.channel,
          body.externalId,
        );
        set.status = linked.created ? 201 : 200;
        return {
          identities: (await deps.customers.identities(principal.tenantId, params.id)).map(
            identityJson,
          ),
          mergedCustomerId: linked.mergedCustomerId,
        };
      },
      {
        params: IdParams,
        body: t.Object(
          {
            channel: t.String({
              minLength: 1,
              maxLength: 32,
              pattern: '^[a-z][a-z0-9_-]*$',
              description: 'wechat (openid), email, api (externalId), web (verified user id)…',
            }),
            externalId: t.String({ minLength: 1, maxLength: 191 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: t.Object({
            identities: t.Array(IdentityJson),
            mergedCustomerId: t.Nullable(t.String()),
          }),
          201: t.Object({
            identities: t.Array(IdentityJson),
            mergedCustomerId: t.Nullable(t.String()),
          }),
          403: ErrorResponse,
          404: ErrorResponse,
        },
        detail: {
          summary: 'Link an identity to the customer',
          description:
            'If another customer of the tenant holds it (e.g. the WeChat openid wrote before), that customer is merged into this one.',
        },
      },
    )
    .delete(
      '/:id/identities/:identityId',
      async ({ principal, params, set }) => {
        atLeast(principal, 'supervisor');
        await deps.customers.unlink(principal.tenantId, params.id, params.identityId);
        set.status = 204;
      },
      {
        params: t.Object({
          id: t.String({ minLength: 1, maxLength: 64 }),
          identityId: t.String({ minLength: 1, maxLength: 64 }),
        }),
        detail: { summary: 'Unlink an identity' },
      },
    );
}
