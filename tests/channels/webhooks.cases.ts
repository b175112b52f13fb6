/**
 * The API channel and outbound webhooks through a running kefu and local receivers:
 * idempotent customer messages, signed deliveries, retries, dead letters and replays, a
 * hanging endpoint that slows nobody else, deliveries that outlive a restart, and rule
 * webhooks. Run on SQLite and on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createHmac } from 'node:crypto';
import { verifyWebhookSignature } from '../../src/webhooks/index.ts';
import {
  startWebhookReceiver,
  testBot,
  type WebhookReceiver,
  waitFor,
} from '../support/channels.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

type Json = Record<string, any>;

export function webhooksSuite(engine: EngineName) {
  describe(`API channel and webhooks on ${engine}`, () => {
    let k: TestKefu;
    const receivers: WebhookReceiver[] = [];
    const receiver = () => {
      const r = startWebhookReceiver();
      receivers.push(r);
      return r;
    };
    const call = async (
      path: string,
      apiKey: string,
      init: { method?: string; json?: unknown } = {},
    ) => {
      const res = await k.api(path, {
        method: init.method ?? 'GET',
        token: apiKey,
        json: init.json,
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
    };
    const subscribe = async (
      apiKey: string,
      url: string,
      events: string[] = ['message.created'],
    ) => {
      const res = await call('/api/v1/webhooks', apiKey, { method: 'POST', json: { url, events } });
      expect(res.status).toBe(201);
      return res.body as { webhook: Json; secret: string };
    };
    const say = (apiKey: string, externalId: string, text: string, clientKey: string) =>
      call('/api/v1/channels/api/messages', apiKey, {
        method: 'POST',
        json: { customer: { externalId }, text, clientKey },
      });
    const deliveries = async (apiKey: string, query = '') =>
      (await call(`/api/v1/webhooks/deliveries?${query}`, apiKey)).body.deliveries as Json[];

    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      k = await startTestKefu(
        engine,
        {
          KEFU_DELIVERY_TIMEOUT_MS: '300',
          KEFU_DELIVERY_MAX_ATTEMPTS: '3',
          KEFU_DELIVERY_BACKOFF_MS: '50',
          KEFU_DELIVERY_POLL_MS: '50',
        },
        { bot: testBot },
      );
    }, 60_000);
    afterAll(async () => {
      await k.stop();
      for (const r of receivers) await r.stop();
    });

    it('manages webhooks: the secret is shown once, input is checked, tenants are apart', async () => {
      const tenant = await k.addTenant();
      const r = receiver();
      const created = await subscribe(tenant.apiKey, r.url, ['message.created', 'ticket.created']);
      expect(created.secret).toStartWith('whsec_');
      const id = created.webhook.id;
      const listed = await call('/api/v1/webhooks', tenant.apiKey);
      expect(listed.body.webhooks).toEqual([
        expect.objectContaining({ id, url: r.url, active: true }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(created.secret);

      const badEvent = await call('/api/v1/webhooks', tenant.apiKey, {
        method: 'POST',
        json: { url: r.url, events: ['message.deleted'] },
      });
      expect(badEvent.status).toBe(422);
      const badUrl = await call('/api/v1/webhooks', tenant.apiKey, {
        method: 'POST',
        json: { url: 'ftp://example.com/x', events: ['*'] },
      });
      expect(badUrl.status).toBe(422);

      const patched = await call(`/api/v1/webhooks/${id}`, tenant.apiKey, {
        method: 'PATCH',
        json: { events: ['*'], active: false },
      });
      expect(patched.body).toMatchObject({ events: ['*'], active: false });
      const rotated = await call(`/api/v1/webhooks/${id}/rotate-secret`, tenant.apiKey, {
        method: 'POST',
      });
      expect(rotated.body.secret).not.toBe(created.secret);

      const other = await k.addTenant();
      expect((await call(`/api/v1/webhooks/${id}`, other.apiKey)).status).toBe(404);
      expect((await call('/api/v1/webhooks', other.apiKey)).body.webhooks).toEqual([]);
      const agent = await k.addAgent();
      expect((await call('/api/v1/webhooks', agent.token)).status).toBe(403);
      expect(
        (await call(`/api/v1/webhooks/${id}`, tenant.apiKey, { method: 'DELETE' })).status,
      ).toBe(204);
      expect((await call(`/api/v1/webhooks/${id}`, tenant.apiKey)).status).toBe(404);
    });

    it('stores API-channel messages idempotently by clientKey', async () => {
      const tenant = await k.addTenant();
      const first = await say(tenant.apiKey, 'cust-1', 'Where is order 42?', 'key-1');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ seq: 1, duplicate: false });
      const again = await say(tenant.apiKey, 'cust-1', 'Where is order 42?', 'key-1');
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, duplicate: true });
      const next = await say(tenant.apiKey, 'cust-1', 'Hello?', 'key-2');
      expect(next.body.conversationId).toBe(first.body.conversationId);
      expect(next.body.seq).toBeGreaterThan(first.body.seq);

      const stolen = await say(tenant.apiKey, 'cust-2', 'mine now', 'key-1');
      expect(stolen.status).toBe(409);
      const agent = await k.addAgent();
      const asAgent = await call('/api/v1/channels/api/messages', agent.token, {
        method: 'POST',
        json: { customer: { externalId: 'x' }, text: 'hi', clientKey: 'k' },
      });
      expect(asAgent.status).toBe(403);
      const tooLong = await say(tenant.apiKey, 'cust-1', 'x'.repeat(5000), 'key-3');
      expect(tooLong.status).toBe(413);
      const badKey = await say(tenant.apiKey, 'cust-1', 'hi', 'has spaces');
      expect(badKey.status).toBe(422);

      // The other tenant's same key and external id are another customer entirely.
      const other = await k.addTenant();
      const theirs = await say(other.apiKey, 'cust-1', 'Where is order 42?', 'key-1');
      expect(theirs.status).toBe(201);
      expect(theirs.body.conversationId).not.toBe(first.body.conversationId);
    });

    it('delivers an agent’s reply to an API customer as a signed webhook', async () => {
      const r = receiver();
      const { secret } = await subscribe(k.tenant.apiKey, r.url);
      const agent = await k.addAgent({ capacity: 50 });
      const socket = await agent.connect();
      const said = await say(k.tenant.apiKey, 'api-human', 'I want a human', 'human-1');
      await socket.nextOf('msg', (f) => f.conversationId === said.body.conversationId);
      socket.send({
        t: 'msg',
        conversationId: said.body.conversationId,
        clientMsgId: 'api-reply-1',
        text: 'Hi, this is Alice',
      });
      await socket.nextOf('ack');
      const hit = await waitFor(
        () => r.received.find((q) => JSON.parse(q.body).data.message.text === 'Hi, this is Alice'),
        10_000,
        'the reply webhook',
      );
      const event = JSON.parse(hit.body);
      expect(event).toMatchObject({
        type: 'message.created',
        tenantId: k.tenant.tenantId,
        data: {
          message: { author: { kind: 'agent', id: agent.id }, channel: 'api' },
          conversation: { id: said.body.conversationId, lastChannel: 'api' },
          recipient: { channel: 'api', address: 'api-human' },
        },
      });
      expect(hit.headers.get('kefu-event')).toBe('message.created');
      expect(hit.headers.get('kefu-event-id')).toBe(event.id);
      // The receiver's check, with kefu's helper and by hand.
      const header = hit.headers.get('kefu-signature')!;
      expect(verifyWebhookSignature(header, hit.body, secret)).toBe(true);
      expect(verifyWebhookSignature(header, `${hit.body} `, secret)).toBe(false);
      expect(verifyWebhookSignature(header, hit.body, 'whsec_wrong')).toBe(false);
      const { t, v1 } = Object.fromEntries(header.split(',').map((p) => p.split('='))) as Json;
      expect(createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex')).toBe(v1);
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
      // The customer's own message was delivered too, with no recipient.
      const own = r.received
        .map((q) => JSON.parse(q.body))
        .find((e) => e.data.message.text === 'I want a human');
      expect(own.data.recipient).toBeNull();
      socket.close();
    });

    it('retries a failing endpoint, dead-letters it, and replays it on request', async () => {
      const tenant = await k.addTenant();
      const r = receiver();
      r.respond = () => new Response('down', { status: 500 });
      const { webhook, secret } = await subscribe(tenant.apiKey, r.url);
      await say(tenant.apiKey, 'retry-cust', 'first try', 'retry-1');
      // The customer's message and the bot's answer: two events, both dead after 3 tries.
      const dead = await waitFor(
        async () => {
          const rows = (await call('/api/v1/webhooks/dead-letters', tenant.apiKey)).body.deliveries;
          return rows.length === 2 ? rows : undefined;
        },
        10_000,
        'two dead letters',
      );
      for (const row of dead) {
        expect(row).toMatchObject({
          kind: 'webhook',
          targetId: webhook.id,
          event: 'message.created',
          status: 'dead',
          attempts: 3,
          lastStatus: 500,
          lastError: 'HTTP 500',
        });
        expect(row.durationMs).toBeGreaterThanOrEqual(0);
        expect(r.received.filter((q) => JSON.parse(q.body).id === row.eventId)).toHaveLength(3);
      }

      r.respond = () => new Response('ok');
      const one = dead[0]!;
      const replayed = await call(`/api/v1/webhooks/deliveries/${one.id}/replay`, tenant.apiKey, {
        method: 'POST',
      });
      expect(replayed.body).toMatchObject({ id: one.id, status: 'pending', attempts: 0 });
      const delivered = await waitFor(
        async () =>
          (await deliveries(tenant.apiKey, 'status=delivered')).find((d) => d.id === one.id),
        10_000,
        'the replayed delivery',
      );
      expect(delivered).toMatchObject({ attempts: 1, lastStatus: 200, lastError: null });
      const copies = r.received.filter((q) => JSON.parse(q.body).id === one.eventId);
      expect(copies).toHaveLength(4);
      const last = copies.at(-1)!;
      expect(verifyWebhookSignature(last.headers.get('kefu-signature'), last.body, secret)).toBe(
        true,
      );
      // Only that one: the other stays dead until replayed.
      const still = (await call('/api/v1/webhooks/dead-letters', tenant.apiKey)).body.deliveries;
      expect(still.map((d: Json) => d.id)).toEqual([dead[1]!.id]);

      // A 400 is final at once; replaying all dead letters picks everything up.
      r.respond = () => new Response('no', { status: 400 });
      await say(tenant.apiKey, 'retry-cust', 'second', 'retry-2');
      const refused = await waitFor(
        async () => {
          const rows = (await call('/api/v1/webhooks/dead-letters', tenant.apiKey)).body.deliveries;
          const refusals = rows.filter((d: Json) => d.lastStatus === 400);
          return refusals.length === 2 ? refusals : undefined;
        },
        10_000,
        'both deliveries refused',
      );
      expect(refused.map((d: Json) => d.attempts)).toEqual([1, 1]);
      r.respond = () => new Response('ok');
      const all = await call('/api/v1/webhooks/dead-letters/replay', tenant.apiKey, {
        method: 'POST',
        json: {},
      });
      expect(all.body.replayed).toBe(3);
      const log = await waitFor(
        async () => {
          const rows = (await call(`/api/v1/webhooks/${webhook.id}/deliveries`, tenant.apiKey)).body
            .deliveries;
          return rows.every((d: Json) => d.status === 'delivered') ? rows : undefined;
        },
        10_000,
        'every delivery delivered',
      );
      expect(log).toHaveLength(4);
      expect((await call('/api/v1/webhooks/dead-letters', tenant.apiKey)).body.deliveries).toEqual(
        [],
      );
    });

    it('bounds an endpoint that hangs, and slows nobody else', async () => {
      const tenant = await k.addTenant();
      const slow = receiver();
      const release: (() => void)[] = [];
      slow.respond = () =>
        new Promise<Response>((resolve) => release.push(() => resolve(new Response('late'))));
      const fast = receiver();
      const { webhook: hanging } = await subscribe(tenant.apiKey, slow.url);
      await subscribe(tenant.apiKey, fast.url);
      let mostInFlight = 0;
      const sampler = setInterval(() => {
        mostInFlight = Math.max(mostInFlight, k.kefu.outbox.inFlightFor(hanging.id));
      }, 2);
      const started = Date.now();
      for (let i = 0; i < 12; i++)
        await say(tenant.apiKey, `hang-${i}`, `message ${i}`, `hang-${i}`);
      await waitFor(() => fast.received.length >= 24 || undefined, 10_000, 'the healthy endpoint');
      // Healthy deliveries were not queued behind the hanging ones (generous bound).
      expect(Date.now() - started).toBeLessThan(8_000);
      // Never more than the per-target limit (4) in flight at once, each cut at the time limit.
      const dead = await waitFor(
        async () => {
          const rows = await call('/api/v1/webhooks/dead-letters?limit=200', tenant.apiKey);
          return rows.body.deliveries.length >= 24 ? rows.body.deliveries : undefined;
        },
        30_000,
        'the hanging deliveries to be dead-lettered',
      );
      clearInterval(sampler);
      expect(mostInFlight).toBe(4);
      // Three attempts per delivery, never more: 24 deliveries, 72 requests.
      expect(slow.received).toHaveLength(72);
      expect(dead.every((d: Json) => d.attempts === 3 && /timed out/.test(d.lastError))).toBe(true);
      for (const done of release.splice(0)) done();
    }, 60_000);

    it('keeps pending deliveries across a restart', async () => {
      const tenant = await k.addTenant();
      const r = receiver();
      let hanging = true;
      r.respond = () => (hanging ? new Promise<Response>(() => {}) : new Response('ok'));
      const { webhook } = await subscribe(tenant.apiKey, r.url);
      await say(tenant.apiKey, 'restart-cust', 'before the restart', 'restart-1');
      await waitFor(() => r.received.length >= 2 || undefined, 10_000, 'first attempts');
      // Shut down mid-attempt: the delivery is handed back, not counted, not lost.
      await k.restart();
      hanging = false;
      const delivered = await waitFor(
        async () => {
          const rows = (await call(`/api/v1/webhooks/${webhook.id}/deliveries`, tenant.apiKey)).body
            .deliveries;
          return rows.length === 2 && rows.every((d: Json) => d.status === 'delivered')
            ? rows[0]
            : undefined;
        },
        15_000,
        'both deliveries after the restart',
      );
      expect(delivered.attempts).toBe(1);
      const copies = r.received.filter((q) => JSON.parse(q.body).id === delivered.eventId);
      expect(copies.length).toBeGreaterThanOrEqual(2);
    });

    it('delivers a rule’s webhook action to a registered URL, and dead-letters an unregistered one', async () => {
      const tenant = await k.addTenant();
      const r = receiver();
      const { secret } = await subscribe(tenant.apiKey, r.url, ['ticket.created']);
      const rules = [
        {
          id: 'refunds',
          name: 'Refunds are watched',
          enabled: true,
          match: 'all',
          conditions: [{ field: 'text', op: 'contains_any', value: ['refund'] }],
          actions: [
            { type: 'webhook', url: r.url },
            { type: 'webhook', url: 'http://127.0.0.1:9/nobody' },
            { type: 'bot_answer' },
          ],
        },
      ];
      const saved = await call('/api/v1/rules', tenant.apiKey, {
        method: 'PUT',
        json: { baseVersion: 0, rules },
      });
      expect(saved.status).toBe(200);
      await say(tenant.apiKey, 'rule-cust', 'I want a refund', 'rule-1');
      const hit = await waitFor(() => r.received[0], 10_000, 'the rule webhook');
      const event = JSON.parse(hit.body);
      expect(event).toMatchObject({
        type: 'rule.webhook',
        data: { message: { text: 'I want a refund' } },
      });
      expect(verifyWebhookSignature(hit.headers.get('kefu-signature'), hit.body, secret)).toBe(
        true,
      );
      const dead = await waitFor(
        async () => (await call('/api/v1/webhooks/dead-letters', tenant.apiKey)).body.deliveries[0],
        10_000,
        'the unregistered rule webhook',
      );
      expect(dead).toMatchObject({ event: 'rule.webhook', attempts: 0, targetId: null });
      expect(dead.lastError).toContain('no webhook registered');
    });
  });
}
