/**
 * The WeChat Official Account channel wired into a running kefu: configured through the
 * API, called back over real HTTP by a WeChat-side fake, replying passively or through a
 * local fake of the customer-service API. Run on SQLite and on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { testBot, waitFor } from '../support/channels.ts';
import type { EngineName } from '../support/databases.ts';
import { messagesOf } from '../support/history.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../support/wechat-api-server.ts';
import {
  type CallbackRequest,
  FakeWechat,
  type WechatMode,
  xmlField,
} from '../support/wechat-client.ts';
import { SUBSCRIBE, textMessage, UNSUBSCRIBE } from '../support/wechat-samples.ts';

const TOKEN = 'kefuToken2024';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SECRET = 'appsecret0123456789';
let msgCounter = 7_000_000_000_000_000;
const nextMsgId = () => String(++msgCounter);

export function wechatSuite(engine: EngineName) {
  describe(`WeChat channel on ${engine}`, () => {
    let k: TestKefu;
    let api: FakeWechatApi;
    const appId = 'wxsafe0000000001';
    let safe: { channelId: string; callbackPath: string };
    const wechat = new FakeWechat({ appId, token: TOKEN, encodingAesKey: AES_KEY, mode: 'safe' });

    const post = (path: string, request: CallbackRequest) =>
      fetch(`${k.url}${path}?${request.query}`, {
        method: request.method,
        body: request.method === 'POST' ? request.body : undefined,
      });
    const addChannel = async (body: Record<string, unknown>, apiKey = k.tenant.apiKey) =>
      k.api('/api/v1/channels/wechat', { method: 'POST', token: apiKey, json: body });
    const history = (openid: string) => messagesOf(k, k.tenant.tenantId, 'wechat', openid);

    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      api = startFakeWechatApi({ appId, appSecret: SECRET });
      k = await startTestKefu(
        engine,
        { KEFU_WECHAT_API_BASE_URL: api.baseUrl, KEFU_DELIVERY_BACKOFF_MS: '50' },
        { bot: testBot },
      );
      const res = await addChannel({
        appId,
        appSecret: SECRET,
        token: TOKEN,
        encodingAesKey: AES_KEY,
        mode: 'safe',
        replyBudgetMs: 300,
        welcomeText: 'Welcome to Acme!',
      });
      expect(res.status).toBe(201);
      safe = (await res.json()) as typeof safe;
    }, 60_000);
    afterAll(async () => {
      await k.stop();
      await api.stop();
    });

    it('is configured through the API, which never shows a secret', async () => {
      expect(safe.callbackPath).toBe(`/wechat/${safe.channelId}`);
      const list = await k.api('/api/v1/channels', { token: k.tenant.apiKey });
      const text = await list.text();
      expect(list.status).toBe(200);
      const body = JSON.parse(text) as {
        channels: { id: string; kind: string; callbackPath: string }[];
      };
      expect(body.channels).toContainEqual(
        expect.objectContaining({
          id: safe.channelId,
          kind: 'wechat',
          callbackPath: safe.callbackPath,
        }),
      );
      for (const secret of [SECRET, TOKEN, AES_KEY]) expect(text).not.toContain(secret);

      const duplicate = await addChannel({ appId, appSecret: SECRET, token: TOKEN, mode: 'plain' });
      expect(duplicate.status).toBe(409);
      const noKey = await addChannel({
        appId: 'wxnokey',
        appSecret: SECRET,
        token: TOKEN,
        mode: 'safe',
      });
      expect(noKey.status).toBe(422);
      expect(((await noKey.json()) as any).error.message).toContain('encodingAesKey');
      const badMode = await addChannel({
        appId: 'wxbad',
        appSecret: SECRET,
        token: TOKEN,
        mode: 'open',
      });
      expect(badMode.status).toBe(422);

      const other = await k.addTenant('Other');
      const peek = await k.api(`/api/v1/channels/${safe.channelId}`, { token: other.apiKey });
      expect(peek.status).toBe(404);
      const theirs = (await (
        await k.api('/api/v1/channels', { token: other.apiKey })
      ).json()) as any;
      expect(theirs.channels).toEqual([]);
    });

    it('verifies the callback URL with a raw echo, and refuses a bad signature', async () => {
      const ok = await post(safe.callbackPath, wechat.verifyUrl('4815162342'));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toStartWith('text/plain');
      expect(await ok.text()).toBe('4815162342');
      const forged = wechat.verifyUrl('4815162342');
      forged.query.set('signature', 'f'.repeat(40));
      expect((await post(safe.callbackPath, forged)).status).toBe(401);
      const unknown = await post('/wechat/no-such-channel', wechat.verifyUrl('1'));
      expect(unknown.status).toBe(404);
    });

    for (const mode of ['plain', 'compatible', 'safe'] as WechatMode[]) {
      it(`answers in ${mode} mode through the real route: stored, bot reply back passively`, async () => {
        const modeAppId = `wx${mode}roundtrip`;
        const res = await addChannel({
          appId: modeAppId,
          appSecret: SECRET,
          token: TOKEN,
          mode,
          ...(mode === 'plain' ? {} : { encodingAesKey: AES_KEY }),
        });
        const { callbackPath } = (await res.json()) as { callbackPath: string };
        const side = new FakeWechat({
          appId: modeAppId,
          token: TOKEN,
          encodingAesKey: AES_KEY,
          mode,
        });
        const openid = `o-${mode}-user`;
        const response = await post(
          callbackPath,
          side.post(textMessage(`hello ${mode}`, nextMsgId(), openid)),
        );
        expect(response.status).toBe(200);
        const body = await response.text();
        const xml = mode === 'plain' ? body : side.openReply(body).xml;
        if (mode !== 'plain') {
          expect(side.openReply(body)).toMatchObject({ appId: modeAppId, signatureValid: true });
        }
        expect(xmlField(xml, 'ToUserName')).toBe(openid);
        expect(xmlField(xml, 'Content')).toBe(`Bot: hello ${mode}`);

        const stored = await history(openid);
        expect(stored.map((m) => [m.authorKind, m.channel, m.text])).toEqual([
          ['customer', 'wechat', `hello ${mode}`],
          ['bot', 'wechat', `Bot: hello ${mode}`],
        ]);
        // Answered passively: nothing went through the customer-service API.
        await Bun.sleep(100);
        expect(api.sent.filter((m) => m.touser === openid)).toEqual([]);
      });
    }

    it('stores a retried callback once, even after a restart', async () => {
      const openid = 'o-retry-user';
      const msgId = nextMsgId();
      const first = await post(
        safe.callbackPath,
        wechat.post(textMessage('only once', msgId, openid)),
      );
      const retry = await post(
        safe.callbackPath,
        wechat.post(textMessage('only once', msgId, openid)),
      );
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(xmlField(wechat.openReply(await first.text()).xml, 'Content')).toBe('Bot: only once');
      expect(xmlField(wechat.openReply(await retry.text()).xml, 'Content')).toBe('Bot: only once');

      // The same signed query with another body is a replay, refused.
      const request = wechat.post(textMessage('only once', msgId, openid));
      expect((await post(safe.callbackPath, request)).status).toBe(200);
      const injected = {
        ...request,
        body: request.body.replace(/<Encrypt>.*<\/Encrypt>/, '<Encrypt><![CDATA[AAAA]]></Encrypt>'),
      };
      expect((await post(safe.callbackPath, injected)).status).toBe(401);

      await k.restart();
      const afterRestart = await post(
        safe.callbackPath,
        wechat.post(textMessage('only once', msgId, openid)),
      );
      expect(afterRestart.status).toBe(200);
      const stored = await history(openid);
      expect(stored.filter((m) => m.authorKind === 'customer').map((m) => m.text)).toEqual([
        'only once',
      ]);
      expect(stored.filter((m) => m.authorKind === 'bot')).toHaveLength(1);
    });

    it('answers success in time and sends a slow reply through the customer-service API once', async () => {
      const openid = 'o-slow-user';
      const started = Date.now();
      const response = await post(
        safe.callbackPath,
        wechat.post(textMessage('please be slow', nextMsgId(), openid)),
      );
      expect(await response.text()).toBe('success');
      expect(Date.now() - started).toBeLessThan(3000);
      const sent = await waitFor(
        () => api.sent.find((m) => m.touser === openid),
        10_000,
        'late reply',
      );
      expect(sent).toEqual({
        touser: openid,
        msgtype: 'text',
        text: { content: 'Bot: please be slow' },
      });
      await Bun.sleep(300);
      expect(api.sent.filter((m) => m.touser === openid)).toHaveLength(1);
    });

    it('sends an agent’s reply through the API, and never the customer’s own message', async () => {
      const agent = await k.addAgent();
      const agentSocket = await agent.connect();
      const openid = 'o-human-user';
      const response = await post(
        safe.callbackPath,
        wechat.post(textMessage('I need a human please', nextMsgId(), openid)),
      );
      expect(await response.text()).toBe('success');
      const inbound = await agentSocket.nextOf('msg', (f) => f.text === 'I need a human please');
      expect(inbound).toMatchObject({ channel: 'wechat', author: { kind: 'customer' } });
      await agentSocket.nextOf('conversation', (f) => f.conversation.state === 'assigned');
      agentSocket.send({
        t: 'msg',
        conversationId: inbound.conversationId,
        clientMsgId: 'agent-wx-1',
        text: 'Hello from a human',
      });
      await agentSocket.nextOf('ack');
      await waitFor(() => api.sent.find((m) => m.touser === openid), 10_000, 'agent reply');
      await Bun.sleep(300);
      expect(api.sent.filter((m) => m.touser === openid).map((m) => m.text?.content)).toEqual([
        'Hello from a human',
      ]);
      agentSocket.close();
    });

    it('welcomes a follower passively and notes an unfollow for the staff only', async () => {
      const openid = 'o-follower';
      const follow = SUBSCRIBE.replace('[FromUser]', `[${openid}]`);
      const welcome = await post(safe.callbackPath, wechat.post(follow));
      expect(xmlField(wechat.openReply(await welcome.text()).xml, 'Content')).toBe(
        'Welcome to Acme!',
      );
      await post(safe.callbackPath, wechat.post(textMessage('hi there', nextMsgId(), openid)));
      const unfollow = UNSUBSCRIBE.replace('[FromUser]', `[${openid}]`).replace(
        '123456789',
        '123456790',
      );
      expect(await (await post(safe.callbackPath, wechat.post(unfollow))).text()).toBe('success');
      // The unfollow is a staff note beside the conversation, not a message to anyone.
      const stored = await history(openid);
      expect(stored.map((m) => m.authorKind)).toEqual(['customer', 'bot']);
      const notes = await k.api(`/api/v1/conversations/${stored[0]!.conversationId}/notes`, {
        token: k.tenant.apiKey,
      });
      const { notes: list } = (await notes.json()) as { notes: { text: string }[] };
      expect(list).toHaveLength(1);
      expect(list[0]!.text).toContain('unfollowed');
      await Bun.sleep(200);
      expect(api.sent.filter((m) => m.touser === openid)).toEqual([]);
    });

    it('refuses forged, stale, huge, malformed and entity-bomb callbacks and stores nothing', async () => {
      const openid = 'o-attacker';
      const forged = wechat.post(textMessage('forged', nextMsgId(), openid));
      forged.query.set('msg_signature', '0'.repeat(40));
      expect((await post(safe.callbackPath, forged)).status).toBe(401);

      const stale = wechat.post(textMessage('stale', nextMsgId(), openid), {
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      expect((await post(safe.callbackPath, stale)).status).toBe(401);

      const otherApp = wechat.post(textMessage('other app', nextMsgId(), openid), {
        appId: 'wxsomeoneelse',
      });
      expect((await post(safe.callbackPath, otherApp)).status).toBe(401);

      const huge = wechat.post(textMessage('x'.repeat(2 * 1024 * 1024), nextMsgId(), openid));
      expect((await post(safe.callbackPath, huge)).status).toBe(413);

      // Plain mode signs only the query: the body is checked by the hardened parser.
      const plain = await addChannel({
        appId: 'wxplainbad',
        appSecret: SECRET,
        token: TOKEN,
        mode: 'plain',
      });
      const { callbackPath } = (await plain.json()) as { callbackPath: string };
      const side = new FakeWechat({ appId: 'wxplainbad', token: TOKEN, mode: 'plain' });
      const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&c;</Content><MsgId>1</MsgId></xml>`;
      expect((await post(callbackPath, side.post(bomb))).status).toBe(400);
      expect((await post(callbackPath, side.post('<xml><Content>unclosed'))).status).toBe(400);
      expect((await post(callbackPath, side.post('not xml at all'))).status).toBe(400);

      expect(await history(openid)).toEqual([]);
      // And the channel still serves everyone else.
      const fine = await post(
        safe.callbackPath,
        wechat.post(textMessage('still here', nextMsgId(), 'o-fine')),
      );
      expect(xmlField(wechat.openReply(await fine.text()).xml, 'Content')).toBe('Bot: still here');
    });

    it('changes and removes a channel; a removed channel answers 404', async () => {
      const res = await addChannel({
        appId: 'wxtemporary',
        appSecret: SECRET,
        token: TOKEN,
        mode: 'plain',
      });
      const { channelId, callbackPath } = (await res.json()) as {
        channelId: string;
        callbackPath: string;
      };
      const patched = await k.api(`/api/v1/channels/${channelId}`, {
        method: 'PATCH',
        token: k.tenant.apiKey,
        json: { maxClockSkewSeconds: 0 },
      });
      expect(patched.status).toBe(200);
      expect(((await patched.json()) as any).settings.maxClockSkewSeconds).toBe(0);
      const side = new FakeWechat({ appId: 'wxtemporary', token: TOKEN, mode: 'plain' });
      const old = side.post(textMessage('from the past', nextMsgId(), 'o-time-traveller'), {
        timestamp: 1,
      });
      expect((await post(callbackPath, old)).status).toBe(200);
      const removed = await k.api(`/api/v1/channels/${channelId}`, {
        method: 'DELETE',
        token: k.tenant.apiKey,
      });
      expect(removed.status).toBe(204);
      expect((await post(callbackPath, side.verifyUrl('1'))).status).toBe(404);
    });
  });
}
