/**
 * The REST API channel: an integrator's backend posts customer messages
 * (`POST /api/v1/channels/api/messages`). The customer is the identity (`api`,
 * `externalId`); `clientKey` makes the call idempotent: the same key answers with the
 * same message, whatever happened to the conversation since.
 */
import type { Customers } from '../../customers/index.ts';
import type { Engine } from '../../engine/index.ts';
import { KefuError } from '../../errors.ts';
import {
  findChannelRef,
  findIdentity,
  getMessage,
  insertChannelRefs,
  type Message,
  type Store,
} from '../../store/index.ts';

export const API_CHANNEL = 'api';

export interface ApiMessageInput {
  customer: { externalId: string; name?: string; email?: string };
  text: string;
  clientKey: string;
}

export interface ApiMessageResult {
  conversationId: string;
  messageId: string;
  seq: number;
  duplicate: boolean;
}

export class ApiInbound {
  constructor(private readonly options: { engine: Engine; customers: Customers; store: Store }) {}

  async receive(tenantId: string, input: ApiMessageInput): Promise<ApiMessageResult> {
    const { engine, customers, store } = this.options;
    const refKey = `key:${input.clientKey}`;
    const earlier = await this.earlier(tenantId, refKey, input.customer.externalId);
    if (earlier) return result(earlier, true);

    const customerId = await customers.forIdentity(
      tenantId,
      API_CHANNEL,
      input.customer.externalId,
      {
        name: input.customer.name ?? null,
        email: input.customer.email ?? null,
      },
    );
    const principal = { kind: 'customer' as const, tenantId, customerId, channel: API_CHANNEL };
    const session = await engine.customerSession(tenantId, customerId, API_CHANNEL);
    const { message, duplicate } = await engine.sendAsCustomer(principal, session, {
      clientMsgId: `api:${input.clientKey}`,
      text: input.text,
      replyTo: { address: input.customer.externalId },
    });
    await store.tx((c) =>
      insertChannelRefs(c, [
        {
          id: Bun.randomUUIDv7(),
          tenantId,
          channel: API_CHANNEL,
          externalId: refKey,
          conversationId: message.conversationId,
          messageId: message.id,
          createdAt: Date.now(),
        },
      ]),
    );
    return result(message, duplicate);
  }

  /** The message stored earlier with this client key; refused if it was another customer's. */
  private async earlier(tenantId: string, refKey: string, externalId: string) {
    const { store, customers } = this.options;
    const ref = await store.read((c) => findChannelRef(c, tenantId, API_CHANNEL, [refKey]));
    if (!ref?.messageId) return undefined;
    const message = await store.read((c) => getMessage(c, tenantId, ref.messageId!));
    if (!message) return undefined;
    const identity = await store.read((c) => findIdentity(c, tenantId, API_CHANNEL, externalId));
    const author = message.authorId
      ? await customers.resolve(tenantId, message.authorId)
      : undefined;
    if (!identity || identity.customerId !== author) {
      throw new KefuError('conflict', 'clientKey was used for a message of another customer');
    }
    return message;
  }
}

function result(message: Message, duplicate: boolean): ApiMessageResult {
  return {
    conversationId: message.conversationId,
    messageId: message.id,
    seq: message.seq,
    duplicate,
  };
}
