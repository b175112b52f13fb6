/** Response and shared request schemas for the REST API (also the OpenAPI document). */
import { t } from 'elysia';

export const ErrorResponse = t.Object({
  error: t.Object({ code: t.String(), message: t.String() }),
});

export const Author = t.Object({
  kind: t.Union([t.Literal('customer'), t.Literal('agent'), t.Literal('bot'), t.Literal('system')]),
  id: t.Nullable(t.String()),
  name: t.Nullable(t.String()),
});

export const MessageJson = t.Object({
  id: t.String(),
  conversationId: t.String(),
  seq: t.Integer(),
  clientMsgId: t.Nullable(t.String()),
  author: Author,
  text: t.String(),
  channel: t.String(),
  createdAt: t.Integer({ description: 'epoch milliseconds' }),
});

export const ConversationJson = t.Object({
  id: t.String(),
  customerId: t.String(),
  channel: t.String(),
  state: t.String(),
  assignedAgentId: t.Nullable(t.String()),
  lastSeq: t.Integer(),
  createdAt: t.Integer(),
  updatedAt: t.Integer(),
  closedAt: t.Nullable(t.Integer()),
  groupId: t.Nullable(t.String()),
  priority: t.Integer(),
  tags: t.Array(t.String()),
  ticketId: t.Nullable(t.String()),
  firstResponseAt: t.Nullable(t.Integer()),
  lastChannel: t.String({
    description: 'channel of the customer’s last message: replies go there',
  }),
});

export const IdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) });

export const NoteJson = t.Object({
  id: t.String(),
  conversationId: t.String(),
  author: t.Object({ id: t.Nullable(t.String()), name: t.Nullable(t.String()) }),
  text: t.String(),
  createdAt: t.Integer(),
});
