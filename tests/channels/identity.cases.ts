/**
 * One customer across channels: verified web users, identities linked by the tenant,
 * merges (never across tenants), one history for the agent with a channel per message,
 * and replies on the channel the customer last used. Run on SQLite and on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createHmac } from 'node:crypto';
import { waitFor } from '../support/channels.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../support/wechat-api-server.ts';
import { FakeWechat } from '../support/wechat-client.ts';
import { textMessage } from '../support/wechat-samples.ts';
import { TestSocket } from '../support/ws-client.ts';

type Json = Record<string, any>;
const TOKEN = 'kefuToken2024';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxidentity000001';
const SECRET = 'appsecret0123456789';
let msgId = 8_000_000_000_000_000;

const hashOf = (secret: string, userId: string) =>
  createHmac('sha256', secret).update(userId).digest('hex');

export function identitySuite(engine: EngineName) {
  describe(`one customer across channels on ${engine}`, () => {
    let k: TestKefu;
    let api: FakeWechatApi;
    let callbackPath: string;
    const wechat = new FakeWechat({
      appId: APP_ID,
      token: TOKEN,
      encodingAesKey: AES_KEY,
      mode: 'safe',
    });
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
    const identitySecret = async (apiKey = k.tenant.apiKey) =>
      (await call('/api/v1/channels/web/identity-secret', apiKey)).body.identitySecret as string;
    const widgetUrl = (params: Record<string, string>, widgetKey = k.tenant.widgetKey) =>
      `${k.wsUrl}/ws/customer?${new URLSearchParams({ widgetKey, ...params })}`;
    const fromWechat = (openid: string, text: string) => {
      const request = wechat.post(textMessage(text, String(++msgId), openid));
      return fetch(`${k.url}${callbackPath}?${request.query}`, {
        method: 'POST',
        body: request.body,
      });
    };
    const say = (apiKey: string, externalId: string, text: string) =>
      call('/api/v1/channels/api/messages', apiKey, {
        method: 'POST',
        json: { customer: { externalId }, text, clientKey: `k-${crypto.randomUUID()}` },
      });

    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      api = startFakeWechatApi({ appId: APP_ID, appSecret: SECRET });
      k = await startTestKefu(engine, {
        KEFU_WECHAT_API_BASE_URL: api.baseUrl,
        KEFU_DELIVERY_BACKOFF_MS: '50',
        KEFU_DELIVERY_POLL_MS: '50',
      });
      const res = await call('/api/v1/channels/wechat', k.tenant.apiKey, {
        method: 'POST',
        json: {
          appId: APP_ID,
          appSecret: SECRET,
          token: TOKEN,
          encodingAesKey: AES_KEY,
          mode: 'safe',
        },
      });
      callbackPath = res.body.callbackPath;
    }, 60_000);
    afterAll(async () => {
      await k.stop();
      await api.stop();
    });

    it('verifies signed user ids with the tenant’s identity secret, rotatable', async () => {
      const secret = await identitySecret();
      expect(secret).toMatch(/^kefu_is_[0-9a-f]{64}$/);
      expect(await identitySecret()).toBe(secret);
      const agent = await k.addAgent();
      expect((await call('/api/v1/channels/web/identity-secret', agent.token)).status).toBe(403);

      // Checked before the upgrade: a plain GET tells refusal (401) from acceptance (426).
      const probe = (params: Record<string, string>) =>
        fetch(widgetUrl(params).replace('ws', 'http'));
      expect((await probe({ userId: 'user-1', userHash: hashOf(secret, 'user-1') })).status).toBe(
        426,
      );
      expect((await probe({ userId: 'user-1', userHash: hashOf(secret, 'user-2') })).status).toBe(
        401,
      );
      expect((await probe({ userId: 'user-1', userHash: 'nothex' })).status).toBe(401);
      expect((await probe({ userId: 'user-1' })).status).toBe(401);

      const socket = await TestSocket.open(
        widgetUrl({ userId: 'user-1', userHash: hashOf(secret, 'user-1') }),
      );
      const welcome = await socket.nextOf('welcome');
      const again = await TestSocket.open(
        widgetUrl({ userId: 'user-1', userHash: hashOf(secret, 'user-1') }),
      );
      expect((await again.nextOf('welcome')).customerId).toBe(welcome.customerId);
      socket.close();
      again.close();

      const rotated = (
        await call('/api/v1/channels/web/identity-secret/rotate', k.tenant.apiKey, {
          method: 'POST',
        })
      ).body.identitySecret;
      expect(rotated).not.toBe(secret);
      expect((await probe({ userId: 'user-1', userHash: hashOf(secret, 'user-1') })).status).toBe(
        401,
      );
      expect((await probe({ userId: 'user-1', userHash: hashOf(rotated, 'user-1') })).status).toBe(
        426,
      );

      // Another tenant's secret signs nothing here.
      const other = await k.addTenant();
      const theirs = await identitySecret(other.apiKey);
      expect((await probe({ userId: 'user-1', userHash: hashOf(theirs, 'user-1') })).status).toBe(
        401,
      );
    });

    it('links a WeChat follower and a web user into one history, replying where they last wrote', async () => {
      const secret = await identitySecret();
      const agent = await k.addAgent({ capacity: 50 });
      const agentSocket = await agent.connect();
      const openid = 'o-linked-user';

      // 1. On WeChat, asking for a person.
      expect(await (await fromWechat(openid, 'Hello from WeChat, I need a human')).text()).toBe(
        'success',
      );
      const first = await agentSocket.nextOf(
        'msg',
        (f) => f.text === 'Hello from WeChat, I need a human',
      );
      expect(first.channel).toBe('wechat');
      const conversationId = first.conversationId;
      await agentSocket.nextOf(
        'conversation',
        (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned',
      );

      // 2. The same person signs in on the website: a verified user, not linked yet.
      const auth = { userId: 'shop-user-42', userHash: hashOf(secret, 'shop-user-42') };
      const web = await TestSocket.open(widgetUrl(auth));
      const webWelcome = await web.nextOf('welcome');
      expect(webWelcome.conversationId).not.toBe(conversationId);

      // 3. The tenant says they are one person: the WeChat customer merges into the web one.
      const linked = await call(
        `/api/v1/customers/${webWelcome.customerId}/identities`,
        k.tenant.apiKey,
        {
          method: 'POST',
          json: { channel: 'wechat', externalId: openid },
        },
      );
      expect(linked.status).toBe(200);
      expect(linked.body.mergedCustomerId).toBe(first.author.id);
      expect(linked.body.identities.map((i: Json) => [i.channel, i.externalId]).sort()).toEqual([
        ['web', 'shop-user-42'],
        ['wechat', openid],
      ]);

      // The open widget moves to the WeChat conversation, and replays its history.
      const moved = await web.nextOf('welcome');
      expect(moved).toMatchObject({ conversationId, customerId: webWelcome.customerId });
      web.send({ t: 'resume', afterSeq: 0 });
      const replayed = await web.nextOf('msg', (f) => f.seq === 1);
      expect(replayed).toMatchObject({
        text: 'Hello from WeChat, I need a human',
        channel: 'wechat',
      });
      await web.nextOf('resumed');

      // 4. Writing on the web: the agent's answer goes to the widget, not to WeChat.
      web.send({ t: 'msg', clientMsgId: 'w1', text: 'Now I am on your website' });
      await web.nextOf('ack');
      const onWeb = await agentSocket.nextOf('msg', (f) => f.text === 'Now I am on your website');
      expect(onWeb).toMatchObject({ conversationId, channel: 'web' });
      agentSocket.send({ t: 'msg', conversationId, clientMsgId: 'a1', text: 'Answer on the web' });
      expect(await web.nextOf('msg', (f) => f.text === 'Answer on the web')).toMatchObject({
        channel: 'web',
      });

      // 5. Back on WeChat: the next answer goes through the WeChat API.
      await fromWechat(openid, 'Back on my phone');
      await agentSocket.nextOf('msg', (f) => f.text === 'Back on my phone');
      agentSocket.send({ t: 'msg', conversationId, clientMsgId: 'a2', text: 'Answer on WeChat' });
      await waitFor(
        () => api.sent.find((m) => m.text?.content === 'Answer on WeChat'),
        10_000,
        'the WeChat reply',
      );
      await Bun.sleep(200);
      expect(api.sent.filter((m) => m.touser === openid).map((m) => m.text?.content)).toEqual([
        'Answer on WeChat',
      ]);

      // The agent sees one history with a channel on every message.
      const history = await call(`/api/v1/conversations/${conversationId}/messages`, agent.token);
      expect(history.body.messages.map((m: Json) => [m.author.kind, m.channel, m.text])).toEqual([
        ['customer', 'wechat', 'Hello from WeChat, I need a human'],
        ['customer', 'web', 'Now I am on your website'],
        ['agent', 'web', 'Answer on the web'],
        ['customer', 'wechat', 'Back on my phone'],
        ['agent', 'wechat', 'Answer on WeChat'],
      ]);
      const customer = await call(`/api/v1/customers/${webWelcome.customerId}`, agent.token);
      expect(customer.body.conversations.map((c: Json) => c.id)).toContain(conversationId);
      const old = await call(`/api/v1/customers/${first.author.id}`, agent.token);
      expect(old.body.customer.mergedIntoId).toBe(webWelcome.customerId);
      web.close();
      agentSocket.close();
    });

    it('merges an anonymous visitor into the user they sign in as', async () => {
      const secret = await identitySecret();
      const anonymous = await TestSocket.open(widgetUrl({}));
      const hello = await anonymous.nextOf('welcome');
      anonymous.send({ t: 'msg', clientMsgId: 'anon-1', text: 'Just browsing' });
      await anonymous.nextOf('ack');
      anonymous.close();
      const auth = {
        token: hello.visitorToken,
        userId: 'signed-in-7',
        userHash: hashOf(secret, 'signed-in-7'),
      };
      const signedIn = await TestSocket.open(widgetUrl(auth));
      const welcome = await signedIn.nextOf('welcome');
      expect(welcome.customerId).not.toBe(hello.customerId);
      expect(welcome.conversationId).toBe(hello.conversationId);
      expect(welcome.lastSeq).toBe(1);
      // The old token now leads to the signed-in customer.
      const back = await TestSocket.open(widgetUrl({ token: hello.visitorToken }));
      expect((await back.nextOf('welcome')).customerId).toBe(welcome.customerId);
      signedIn.close();
      back.close();
    });

    it('merges customers of one tenant in one step, and refuses across tenants leaking nothing', async () => {
      const a = await say(k.tenant.apiKey, 'merge-a', 'I am A');
      const b = await say(k.tenant.apiKey, 'merge-b', 'I am B');
      const idOf = async (conversationId: string) =>
        (await call(`/api/v1/conversations/${conversationId}`, k.tenant.apiKey)).body.conversation
          .customerId as string;
      const aId = await idOf(a.body.conversationId);
      const bId = await idOf(b.body.conversationId);
      const ticket = await call('/api/v1/tickets', k.tenant.apiKey, {
        method: 'POST',
        json: { subject: 'B’s problem', requesterId: bId },
      });
      expect(ticket.status).toBe(201);

      const other = await k.addTenant();
      const c = await say(other.apiKey, 'merge-c', 'I am C, elsewhere');
      const cId = (await call(`/api/v1/conversations/${c.body.conversationId}`, other.apiKey)).body
        .conversation.customerId as string;
      const cBefore = await call(`/api/v1/customers/${cId}`, other.apiKey);

      // Across tenants: the same answer as for an id that does not exist, both ways.
      const across = await call(`/api/v1/customers/${aId}/merge`, k.tenant.apiKey, {
        method: 'POST',
        json: { otherCustomerId: cId },
      });
      const ghost = await call(`/api/v1/customers/${aId}/merge`, k.tenant.apiKey, {
        method: 'POST',
        json: { otherCustomerId: Bun.randomUUIDv7() },
      });
      expect(across).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: 'customer not found' } },
      });
      expect(ghost).toEqual(across);
      const reverse = await call(`/api/v1/customers/${cId}/merge`, other.apiKey, {
        method: 'POST',
        json: { otherCustomerId: aId },
      });
      expect(reverse).toEqual(across);
      expect(await call(`/api/v1/customers/${cId}`, other.apiKey)).toEqual(cBefore);
      expect((await call(`/api/v1/customers/${aId}`, other.apiKey)).status).toBe(404);

      // Within the tenant: everything of B moves to A.
      const merged = await call(`/api/v1/customers/${aId}/merge`, k.tenant.apiKey, {
        method: 'POST',
        json: { otherCustomerId: bId },
      });
      expect(merged.status).toBe(200);
      const after = await call(`/api/v1/customers/${aId}`, k.tenant.apiKey);
      expect(after.body.identities.map((i: Json) => i.externalId).sort()).toEqual([
        'merge-a',
        'merge-b',
      ]);
      expect(after.body.conversations.map((x: Json) => x.id).sort()).toEqual(
        [a.body.conversationId, b.body.conversationId].sort(),
      );
      expect(after.body.tickets.map((x: Json) => x.id)).toEqual([ticket.body.id]);
      expect(
        (await call(`/api/v1/customers/${bId}`, k.tenant.apiKey)).body.customer.mergedIntoId,
      ).toBe(aId);
      // B's channel identity now writes as A.
      const bAgain = await say(k.tenant.apiKey, 'merge-b', 'Still me');
      expect(await idOf(bAgain.body.conversationId)).toBe(aId);

      const twice = await call(`/api/v1/customers/${aId}/merge`, k.tenant.apiKey, {
        method: 'POST',
        json: { otherCustomerId: bId },
      });
      expect(twice.status).toBe(409);
      const self = await call(`/api/v1/customers/${aId}/merge`, k.tenant.apiKey, {
        method: 'POST',
        json: { otherCustomerId: aId },
      });
      expect(self.status).toBe(422);
      const agent = await k.addAgent();
      const byAgent = await call(`/api/v1/customers/${aId}/merge`, agent.token, {
        method: 'POST',
        json: { otherCustomerId: bId },
      });
      expect(byAgent.status).toBe(403);
    });
  });
}
