import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import {
  deliverLateReply,
  handleWechatCallback,
  MemoryReplayCache,
  WechatApiClient,
  type WechatChannelConfig,
  type WechatMessage,
} from '../../../src/channels/wechat/index.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../../support/wechat-api-server.ts';
import { type CallbackRequest, FakeWechat, xmlField } from '../../support/wechat-client.ts';
import { textMessage } from '../../support/wechat-samples.ts';
import { AES_KEY, APP_ID, TOKEN } from './inbound-helpers.ts';

// The wiring the engine will do, over real HTTP: a thin route around the handler, late
// answers through the customer-service API.
const channel: WechatChannelConfig = {
  appId: APP_ID,
  token: TOKEN,
  encodingAesKey: AES_KEY,
  mode: 'safe',
  replyBudgetMs: 150,
};
const wechat = new FakeWechat({
  appId: APP_ID,
  token: TOKEN,
  encodingAesKey: AES_KEY,
  mode: 'safe',
});
let api: FakeWechatApi;
let server: ReturnType<typeof Bun.serve>;
const lateDeliveries: Promise<boolean>[] = [];

async function onMessage(message: WechatMessage) {
  const text = message.type === 'text' ? message.content : '';
  if (text === 'slow') await Bun.sleep(400);
  return { kind: 'reply' as const, text: `got ${text}` };
}

beforeAll(() => {
  api = startFakeWechatApi({ appId: APP_ID, appSecret: 'secret' });
  const client = new WechatApiClient({ baseUrl: api.baseUrl, appId: APP_ID, appSecret: 'secret' });
  const caches = new MemoryReplayCache();
  const deps = { now: Date.now, nonceCache: caches, dedupeCache: caches, onMessage };
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const body = await request.text();
      const res = await handleWechatCallback(
        { method: request.method, query: url.searchParams, body },
        channel,
        deps,
      );
      if (res.late) lateDeliveries.push(deliverLateReply(res.late, client));
      return new Response(res.body, {
        status: res.status,
        headers: { 'content-type': res.contentType },
      });
    },
  });
});

afterAll(async () => {
  await server.stop(true);
  await api.stop();
});

function send(request: CallbackRequest): Promise<Response> {
  const url = `http://127.0.0.1:${server.port}/wechat?${request.query}`;
  return fetch(url, {
    method: request.method,
    body: request.method === 'POST' ? request.body : undefined,
  });
}

describe('the WeChat callback over HTTP', () => {
  it('verifies the URL', async () => {
    const response = await send(wechat.verifyUrl('1234567890'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1234567890');
  });

  it('answers an encrypted message with an encrypted passive reply', async () => {
    const response = await send(wechat.post(textMessage('hi', '900')));
    expect(response.status).toBe(200);
    const opened = wechat.openReply(await response.text());
    expect(opened).toMatchObject({ appId: APP_ID, signatureValid: true });
    expect(xmlField(opened.xml, 'Content')).toBe('got hi');
  });

  it('answers success in time and sends a slow answer through the customer-service API', async () => {
    const response = await send(wechat.post(textMessage('slow', '901', 'oSlowUser')));
    expect(await response.text()).toBe('success');
    expect(await Promise.all(lateDeliveries)).toEqual([true]);
    expect(api.sent).toEqual([
      { touser: 'oSlowUser', msgtype: 'text', text: { content: 'got slow' } },
    ]);
  });

  it('refuses a forged request with a non-200 status', async () => {
    const request = wechat.post(textMessage('forged', '902'));
    request.query.set('msg_signature', '0'.repeat(40));
    expect((await send(request)).status).toBe(401);
  });
});
