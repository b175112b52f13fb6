/**
 * KEFU_CONVERSATION_CONTINUE_SEC: an open conversation follows its customer to another
 * channel within the window; after it, the other channel starts a new conversation (the
 * same channel always continues).
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createHmac } from 'node:crypto';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { TestSocket } from '../support/ws-client.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu('sqlite', { KEFU_CONVERSATION_CONTINUE_SEC: '1' });
}, 60_000);
afterAll(() => k.stop());

async function apiSays(externalId: string, text: string) {
  const res = await k.api('/api/v1/channels/api/messages', {
    method: 'POST',
    token: k.tenant.apiKey,
    json: { customer: { externalId }, text, clientKey: crypto.randomUUID() },
  });
  return ((await res.json()) as { conversationId: string }).conversationId;
}

async function signedWidget(userId: string) {
  const secretRes = await k.api('/api/v1/channels/web/identity-secret', { token: k.tenant.apiKey });
  const { identitySecret } = (await secretRes.json()) as { identitySecret: string };
  const userHash = createHmac('sha256', identitySecret).update(userId).digest('hex');
  const params = new URLSearchParams({ widgetKey: k.tenant.widgetKey, userId, userHash });
  const socket = await TestSocket.open(`${k.wsUrl}/ws/customer?${params}`);
  return { socket, welcome: await socket.nextOf('welcome') };
}

describe('conversation continuation across channels', () => {
  it('continues within the window and starts anew after it on another channel', async () => {
    const conversationId = await apiSays('cont-1', 'from our backend');
    const customer = (await (
      await k.api(`/api/v1/conversations/${conversationId}`, { token: k.tenant.apiKey })
    ).json()) as { conversation: { customerId: string } };
    const link = await k.api(`/api/v1/customers/${customer.conversation.customerId}/identities`, {
      method: 'POST',
      token: k.tenant.apiKey,
      json: { channel: 'web', externalId: 'cont-user' },
    });
    expect(link.status).toBe(201);

    const within = await signedWidget('cont-user');
    expect(within.welcome).toMatchObject({ conversationId, lastSeq: 1 });
    within.socket.close();

    await Bun.sleep(1300);
    const after = await signedWidget('cont-user');
    expect(after.welcome.conversationId).not.toBe(conversationId);
    expect(after.welcome).toMatchObject({ state: 'new', lastSeq: 0 });
    after.socket.close();

    // The channel it was on continues, however long it waited.
    expect(await apiSays('cont-1', 'still the same thread')).toBe(conversationId);
  });
});
