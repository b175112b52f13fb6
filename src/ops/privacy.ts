/**
 * Access and deletion requests (GDPR / PIPL): everything kefu holds about one customer,
 * as one JSON document; or erased, every row, in one transaction, and their sockets closed
 * on every node.
 */
import type { Engine } from '../engine/index.ts';
import { notFound } from '../errors.ts';
import { customerData, eraseCustomer, type Store } from '../store/index.ts';

export async function exportCustomer(store: Store, tenantId: string, customerId: string) {
  const data = await store.read((c) => customerData(c, tenantId, customerId));
  if (!data) throw notFound('customer');
  const strip = <T extends { tenantId: string }>({ tenantId: _, ...rest }: T) => rest;
  return {
    exportedAt: new Date().toISOString(),
    customer: strip(data.customer),
    identities: data.identities.map(strip),
    conversations: data.conversations.map((conversation) => ({
      ...strip(conversation),
      messages: data.messages.filter((m) => m.conversationId === conversation.id).map(strip),
    })),
    tickets: data.tickets.map((ticket) => ({
      ...strip(ticket),
      comments: data.comments.filter((m) => m.ticketId === ticket.id).map(strip),
    })),
  };
}

export async function eraseCustomerEverywhere(
  store: Store,
  engine: Engine | undefined,
  tenantId: string,
  customerId: string,
) {
  const { conversationIds, counts } = await store.tx((c) => eraseCustomer(c, tenantId, customerId));
  if (!counts.customers) throw notFound('customer');
  engine?.customerErased(tenantId, customerId, conversationIds);
  return counts;
}
