import { Elysia, t } from 'elysia';
import { noteView, type Session } from '../../engine/index.ts';
import { KefuError } from '../../errors.ts';
import {
  type ConversationState,
  listConversations,
  listMessages,
  listNotes,
  listRoutingEvents,
} from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { conversationJson, cursor, messageJson } from '../json.ts';
import { ConversationJson, ErrorResponse, IdParams, MessageJson, NoteJson } from '../schemas.ts';

const State = t.Union([
  t.Literal('bot'),
  t.Literal('queued'),
  t.Literal('assigned'),
  t.Literal('closed'),
]);
const Page = t.Object({
  afterSeq: t.Optional(t.Integer({ minimum: 0, default: 0 })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export function conversationRoutes(deps: HttpDeps) {
  const { engine, store } = deps;
  const { pages } = deps;
  const page = (session: Session, afterSeq = 0, limit = 100) =>
    pages.get(
      `${session.tenantId}/${session.id}/${afterSeq}/${limit}`,
      session.lastSeq,
      async () => {
        const rows = await store.read((c) =>
          listMessages(c, session.tenantId, session.id, afterSeq, limit),
        );
        return {
          messages: rows.map(messageJson),
          nextAfterSeq: rows.length === limit ? rows.at(-1)!.seq : null,
        };
      },
    );

  return new Elysia({
    prefix: '/api/v1/conversations',
    detail: { tags: ['conversations'], security: [{ bearer: [] }] },
  })
    .resolve(async ({ request }) => ({
      principal: await deps.authn.forRequest(request),
    }))
    .get(
      '/',
      async ({ principal, query }) => {
        const before = query.cursor ? cursor.decode(query.cursor) : undefined;
        if (query.cursor && !before) throw new KefuError('bad_request', 'invalid cursor');
        const limit = query.limit ?? 50;
        const rows = await store.read((c) =>
          listConversations(c, principal.tenantId, {
            states: query.state ? ([query.state] as ConversationState[]) : undefined,
            assignedAgentId: query.assignedAgentId,
            customerId: query.customerId,
            limit,
            before,
          }),
        );
        return {
          conversations: rows.map(conversationJson),
          nextCursor: rows.length === limit ? cursor.encode(rows.at(-1)!) : null,
        };
      },
      {
        query: t.Object({
          state: t.Optional(State),
          assignedAgentId: t.Optional(t.String({ maxLength: 64 })),
          customerId: t.Optional(t.String({ maxLength: 64 })),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: t.Optional(t.String({ maxLength: 200 })),
        }),
        response: {
          200: t.Object({
            conversations: t.Array(ConversationJson),
            nextCursor: t.Nullable(t.String()),
          }),
          401: ErrorResponse,
        },
        detail: { summary: 'List conversations, newest activity first (cursor pagination)' },
      },
    )
    .get(
      '/:id',
      async ({ principal, params, query }) => {
        const session = await engine.session(principal, params.id);
        return {
          conversation: conversationJson(session),
          ...(await page(session, query.afterSeq, query.limit)),
        };
      },
      {
        params: IdParams,
        query: Page,
        response: {
          200: t.Object({
            conversation: ConversationJson,
            messages: t.Array(MessageJson),
            nextAfterSeq: t.Nullable(t.Integer()),
          }),
          404: ErrorResponse,
        },
        detail: { summary: 'A conversation with its messages after `afterSeq`' },
      },
    )
    .get(
      '/:id/messages',
      async ({ principal, params, query }) => {
        const session = await engine.session(principal, params.id);
        return page(session, query.afterSeq, query.limit);
      },
      {
        params: IdParams,
        query: Page,
        response: {
          200: t.Object({ messages: t.Array(MessageJson), nextAfterSeq: t.Nullable(t.Integer()) }),
          404: ErrorResponse,
        },
        detail: { summary: 'Messages after `afterSeq`, in seq order' },
      },
    )
    .post(
      '/:id/messages',
      async ({ principal, params, body, set }) => {
        const { message, duplicate } = await engine.sendAsAgent(principal, params.id, {
          clientMsgId: body.clientMsgId ?? null,
          text: body.text,
        });
        set.status = duplicate ? 200 : 201;
        return { ...messageJson(message), duplicate };
      },
      {
        params: IdParams,
        body: t.Object(
          {
            text: t.String({ minLength: 1 }),
            clientMsgId: t.Optional(
              t.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: t.Composite([MessageJson, t.Object({ duplicate: t.Boolean() })]),
          201: t.Composite([MessageJson, t.Object({ duplicate: t.Boolean() })]),
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
        },
        detail: {
          summary: 'Send a message as the agent (idempotent by clientMsgId)',
          description:
            'Stored durably before the response; 201 when new, 200 when the clientMsgId was already stored.',
        },
      },
    )
    .post(
      '/:id/transfer',
      async ({ principal, params, body }) => ({
        conversation: conversationJson(await engine.transfer(principal, params.id, body)),
      }),
      {
        params: IdParams,
        body: t.Object(
          {
            toAgentId: t.Optional(t.String({ maxLength: 64 })),
            toGroup: t.Optional(t.String({ maxLength: 64, description: 'skill group key' })),
            reason: t.String({ maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: t.Object({ conversation: ConversationJson }),
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
        },
        detail: { summary: 'Transfer to another agent (online, with room) or to a group queue' },
      },
    )
    .post(
      '/:id/takeover',
      async ({ principal, params }) => ({
        conversation: conversationJson(await engine.takeOver(principal, params.id)),
      }),
      {
        params: IdParams,
        response: {
          200: t.Object({ conversation: ConversationJson }),
          403: ErrorResponse,
          404: ErrorResponse,
        },
        detail: { summary: 'A supervisor takes the conversation over' },
      },
    )
    .get(
      '/:id/events',
      async ({ principal, params }) => {
        const session = await engine.session(principal, params.id);
        const rows = await store.read((c) => listRoutingEvents(c, principal.tenantId, session.id));
        return { events: rows.map(({ tenantId: _, ...e }) => e) };
      },
      {
        params: IdParams,
        response: {
          200: t.Object({
            events: t.Array(
              t.Object({
                id: t.String(),
                conversationId: t.String(),
                kind: t.String(),
                ruleId: t.Nullable(t.String()),
                actorId: t.Nullable(t.String()),
                detail: t.Record(t.String(), t.Unknown()),
                createdAt: t.Integer(),
              }),
            ),
          }),
          404: ErrorResponse,
        },
        detail: { summary: 'Routing decisions for the conversation: who, why, which rule' },
      },
    )
    .get(
      '/:id/notes',
      async ({ principal, params }) => {
        if (principal.kind === 'customer') throw new KefuError('forbidden', 'staff only');
        const session = await engine.session(principal, params.id);
        return {
          notes: (await store.read((c) => listNotes(c, principal.tenantId, session.id))).map(
            noteView,
          ),
        };
      },
      {
        params: IdParams,
        response: { 200: t.Object({ notes: t.Array(NoteJson) }), 404: ErrorResponse },
        detail: { summary: 'Internal notes (staff only)' },
      },
    )
    .post(
      '/:id/notes',
      async ({ principal, params, body, set }) => {
        set.status = 201;
        return engine.addNote(principal, params.id, body.text);
      },
      {
        params: IdParams,
        body: t.Object({ text: t.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 201: NoteJson, 403: ErrorResponse, 404: ErrorResponse, 413: ErrorResponse },
        detail: { summary: 'Whisper: an internal note on the conversation, shown to staff only' },
      },
    )
    .post(
      '/:id/close',
      async ({ principal, params }) => ({
        conversation: conversationJson(await engine.closeConversation(principal, params.id)),
      }),
      {
        params: IdParams,
        response: {
          200: t.Object({ conversation: ConversationJson }),
          403: ErrorResponse,
          404: ErrorResponse,
        },
        detail: { summary: 'Close a conversation' },
      },
    );
}
