/**
 * Access and deletion requests, and retention, on SQLite and MariaDB: the export holds
 * everything about one customer and nothing of another; erasure removes every row and
 * closes their sockets; retention purges old closed conversations only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { purge } from '../../src/ops/retention.ts';
import { assignedTo, customerSays } from '../routing/helpers.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

export function privacySuite(engine: EngineName) {
  describe(`customer data on ${engine}`, () => {
    let k: TestKefu;
    beforeAll(async () => {
      k = await startTestKefu(engine);
    });
    afterAll(() => k.stop());
    const api = async (
      path: string,
      init: { method?: string; json?: unknown; token?: string } = {},
    ) => {
      const res = await k.api(path, { token: k.tenant.apiKey, ...init });
      return { status: res.status, body: (await res.json()) as any };
    };

    it('exports everything about one customer, then erases it on request', async () => {
      const agent = await k.addAgent({ capacity: 10 });
      const agentSocket = await agent.connect();
      const mine = await customerSays(k, 'my name is Li Lei, order 4711');
      await assignedTo(agentSocket, mine.conversationId);
      agentSocket.send({
        t: 'msg',
        conversationId: mine.conversationId,
        clientMsgId: 'x',
        text: 'Thanks Li Lei',
      });
      await mine.socket.nextOf('msg');
      agentSocket.send({ t: 'close', conversationId: mine.conversationId });
      await mine.socket.nextOf('csat_request');
      const other = await customerSays(k, 'someone else entirely');
      const customerId = (await api(`/api/v1/conversations/${mine.conversationId}`)).body
        .conversation.customerId;

      const exported = await api(`/api/v1/customers/${customerId}/export`);
      expect(exported.status).toBe(200);
      const texts = exported.body.conversations.flatMap((c: any) =>
        c.messages.map((m: any) => m.text),
      );
      expect(texts).toEqual(['my name is Li Lei, order 4711', 'Thanks Li Lei']);
      expect(exported.body.tickets).toHaveLength(1);
      expect(JSON.stringify(exported.body)).not.toContain('someone else entirely');
      expect(JSON.stringify(exported.body)).not.toContain('tenantId');
      const plainAgent = await k.addAgent();
      expect(
        (await api(`/api/v1/customers/${customerId}/export`, { token: plainAgent.token })).status,
      ).toBe(403);

      // The customer comes back, then asks to be forgotten: their socket closes.
      const back = await k.customer({ token: mine.welcome.visitorToken });
      await back.nextOf('welcome');
      const erased = await api(`/api/v1/customers/${customerId}`, { method: 'DELETE' });
      expect(erased.status).toBe(200);
      expect(erased.body.erased).toMatchObject({
        customers: 1,
        conversations: 1,
        messages: 2,
        tickets: 1,
      });
      expect((await back.closed).code).toBe(4401);
      expect((await api(`/api/v1/customers/${customerId}`)).status).toBe(404);
      expect((await api(`/api/v1/conversations/${mine.conversationId}`)).status).toBe(404);
      expect((await api(`/api/v1/tickets?q=4711`)).body.tickets).toEqual([]);
      expect((await api(`/api/v1/customers/${customerId}`, { method: 'DELETE' })).status).toBe(404);
      // The other customer is untouched.
      expect(
        (await api(`/api/v1/conversations/${other.conversationId}/messages`)).body.messages,
      ).toHaveLength(1);
      for (const s of [agentSocket, mine.socket, other.socket]) s.close();
    });

    it('purges message content of conversations closed before the retention window only', async () => {
      const agent = await k.addAgent({ capacity: 10 });
      const agentSocket = await agent.connect();
      const old = await customerSays(k, 'an old question');
      await assignedTo(agentSocket, old.conversationId);
      agentSocket.send({ t: 'close', conversationId: old.conversationId });
      await old.socket.nextOf('conversation', (f) => f.conversation.state === 'closed');
      const open = await customerSays(k, 'still talking');

      const tenant = await api('/api/v1/tenant', { method: 'PATCH', json: { retentionDays: 30 } });
      expect(tenant.body.retentionDays).toBe(30);
      // Nothing is old enough yet.
      expect(await purge(k.kefu.store)).toEqual({ conversations: 0, messages: 0 });
      // Forty days from now, the closed one is past the window; the open one is not closed.
      const later = Date.now() + 40 * 86_400_000;
      expect(await purge(k.kefu.store, { now: later })).toEqual({ conversations: 1, messages: 1 });
      expect(
        (await api(`/api/v1/conversations/${old.conversationId}/messages`)).body.messages,
      ).toEqual([]);
      expect(
        (await api(`/api/v1/conversations/${old.conversationId}`)).body.conversation.state,
      ).toBe('closed');
      expect(
        (await api(`/api/v1/conversations/${open.conversationId}/messages`)).body.messages,
      ).toHaveLength(1);
      expect(await purge(k.kefu.store, { now: later })).toEqual({ conversations: 0, messages: 0 });
      expect(
        (await api('/api/v1/tenant', { method: 'PATCH', json: { retentionDays: 0 } })).status,
      ).toBe(422);
      for (const s of [agentSocket, old.socket, open.socket]) s.close();
    });
  });
}
