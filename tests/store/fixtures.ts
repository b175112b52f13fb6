import type { AppendItem, Conversation, Customer, Tenant } from '../../src/store/index.ts';

export function tenantRow(name = 'Acme'): Tenant {
  return {
    id: Bun.randomUUIDv7(),
    name,
    widgetKey: `wk_${crypto.randomUUID().replaceAll('-', '')}`,
    createdAt: Date.now(),
    retentionDays: null,
    identitySecret: null,
    allowedOrigins: null,
  };
}

export function newConversation(tenantId: string): {
  customer: Customer;
  conversation: Conversation;
} {
  const now = Date.now();
  const customer: Customer = {
    id: Bun.randomUUIDv7(),
    tenantId,
    name: null,
    email: null,
    attributes: {},
    createdAt: now,
    mergedIntoId: null,
  };
  const conversation: Conversation = {
    id: Bun.randomUUIDv7(),
    tenantId,
    customerId: customer.id,
    channel: 'web',
    state: 'queued',
    assignedAgentId: null,
    lastSeq: 0,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    groupId: null,
    priority: 0,
    tags: null,
    queuedAt: null,
    assignedAt: null,
    firstResponseAt: null,
    ticketId: null,
    lastChannel: null,
    replyTo: null,
  };
  return { customer, conversation };
}

export function customerMessage(
  conversation: Conversation,
  clientMsgId: string | null,
  text: string,
  create?: AppendItem['create'],
): AppendItem {
  return {
    tenantId: conversation.tenantId,
    conversationId: conversation.id,
    clientMsgId,
    authorKind: 'customer',
    authorId: conversation.customerId,
    authorName: null,
    channel: 'web',
    text,
    createdAt: Date.now(),
    create,
  };
}
