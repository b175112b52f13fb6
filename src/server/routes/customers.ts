import { Elysia, t } from 'elysia';
import { notFound } from '../../errors.ts';
import { eraseCustomerEverywhere, exportCustomer } from '../../ops/privacy.ts';
import { getCustomer, listConversations, listTickets, updateCustomer } from '../../store/index.ts';
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
    .resolve(async ({ headers }) => ({
      principal: await deps.authn.principal(headers.authorization),
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
        return {
          customer,
          conversations: conversations.map(conversationJson),
          tickets: tickets.map(ticketJson),
        };
      },
      {
        params: IdParams,
        response: {
          200: t.Object({
            customer: CustomerJson,
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
        return {
          erased: await eraseCustomerEverywhere(store, deps.engine, principal.tenantId, params.id),
        };
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
    );
}
