/** Reading what the store holds, for assertions: a customer's messages by identity. */
import {
  findIdentity,
  listConversations,
  listMessages,
  type Message,
} from '../../src/store/index.ts';
import type { TestKefu } from './kefu.ts';

/** Every message of the customer behind (channel, externalId), oldest conversation first. */
export async function messagesOf(
  k: TestKefu,
  tenantId: string,
  channel: string,
  externalId: string,
): Promise<Message[]> {
  const store = k.kefu.store;
  const identity = await store.read((c) => findIdentity(c, tenantId, channel, externalId));
  if (!identity) return [];
  const conversations = await store.read((c) =>
    listConversations(c, tenantId, { customerId: identity.customerId, limit: 100 }),
  );
  const out: Message[] = [];
  for (const conversation of conversations.reverse()) {
    out.push(...(await store.read((c) => listMessages(c, tenantId, conversation.id, 0, 1000))));
  }
  return out;
}
