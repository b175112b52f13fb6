import { afterEach, describe, expect, it } from 'bun:test';
import {
  deliverLateReply,
  parseWechatMessage,
  parseWechatXml,
  type ReplyDecision,
  sendWechatReply,
  WechatApiClient,
  type WechatApiClientOptions,
  WechatApiError,
} from '../../../src/channels/wechat/index.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../../support/wechat-api-server.ts';
import { TEXT } from '../../support/wechat-samples.ts';

const APP_ID = 'wx0123456789abcdef';
const SECRET = 'the-app-secret-0123456789abcdef';

let api: FakeWechatApi;
let delays: number[];

function client(options: Partial<WechatApiClientOptions> = {}): WechatApiClient {
  delays = [];
  return new WechatApiClient({
    baseUrl: api.baseUrl,
    appId: APP_ID,
    appSecret: SECRET,
    baseDelayMs: 10,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WechatApiError);
    return error as WechatApiError;
  }
  throw new Error('expected a WechatApiError');
}

function start(tokenTtlSeconds?: number): void {
  api = startFakeWechatApi({ appId: APP_ID, appSecret: SECRET, tokenTtlSeconds });
}

afterEach(async () => {
  await api.stop();
});

describe('access token', () => {
  it('is fetched once and cached', async () => {
    start();
    const wechat = client();
    await wechat.sendText('oUser', 'one');
    await wechat.sendText('oUser', 'two');
    expect(api.requests.token).toBe(1);
    expect(api.sent.map((m) => m.text?.content)).toEqual(['one', 'two']);
  });

  it('is fetched by one request for many concurrent callers', async () => {
    start();
    const wechat = client();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => wechat.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(api.requests.token).toBe(1);
  });

  it('is refreshed before expires_in runs out', async () => {
    start(7200);
    let now = 0;
    const wechat = client({ now: () => now, tokenMarginSeconds: 300 });
    const first = await wechat.getAccessToken();
    now = 6_800_000;
    expect(await wechat.getAccessToken()).toBe(first);
    now = 6_901_000;
    expect(await wechat.getAccessToken()).not.toBe(first);
    expect(api.requests.token).toBe(2);
  });

  it('is refreshed when WeChat calls it invalid (40001), and the send retried once', async () => {
    start();
    const wechat = client();
    await wechat.sendText('oUser', 'before');
    api.revokeTokens();
    await wechat.sendText('oUser', 'after');
    expect(api.requests.token).toBe(2);
    expect(api.sent.map((m) => m.text?.content)).toEqual(['before', 'after']);
  });

  it('is refreshed when WeChat says it expired (42001)', async () => {
    start();
    const wechat = client();
    await wechat.getAccessToken();
    api.expireTokens();
    await wechat.sendText('oUser', 'hello');
    expect(api.requests.token).toBe(2);
    expect(api.sent).toHaveLength(1);
  });

  it('fails with the errcode when the secret is wrong', async () => {
    start();
    const error = await failure(client({ appSecret: 'wrong' }).sendText('oUser', 'x'));
    expect(error.errcode).toBe(40125);
    expect(error.code).toBe('upstream_failed');
    expect(error.message).not.toContain('wrong');
    expect(api.requests.token).toBe(1);
  });

  it('retries a busy token endpoint', async () => {
    start();
    api.fail('token', 2, 'busy');
    await client().sendText('oUser', 'x');
    expect(api.requests.token).toBe(3);
    expect(api.sent).toHaveLength(1);
  });
});

describe('sending customer-service messages', () => {
  it('posts the documented text and image bodies', async () => {
    start();
    const wechat = client();
    await wechat.sendText('oUser', '您好 "quoted" \n line');
    await wechat.sendImage('oUser', 'MEDIA_ID');
    expect(api.sent).toEqual([
      { touser: 'oUser', msgtype: 'text', text: { content: '您好 "quoted" \n line' } },
      { touser: 'oUser', msgtype: 'image', image: { media_id: 'MEDIA_ID' } },
    ]);
  });

  it('retries system busy (-1) and HTTP 500 with growing backoff, then succeeds', async () => {
    start();
    api.fail('send', 1, 'busy');
    api.fail('send', 1, 'http500');
    api.fail('send', 1, 'busy');
    await client({ maxAttempts: 4 }).sendText('oUser', 'eventually');
    expect(api.requests.send).toBe(4);
    expect(api.sent.map((m) => m.text?.content)).toEqual(['eventually']);
    expect(delays).toHaveLength(3);
    expect(delays[0]!).toBeLessThan(delays[1]!);
    expect(delays[1]!).toBeLessThan(delays[2]!);
  });

  it('retries a request that hangs past its timeout', async () => {
    start();
    api.fail('send', 1, 'hang');
    await client({ requestTimeoutMs: 200 }).sendText('oUser', 'after a hang');
    expect(api.sent).toHaveLength(1);
  });

  it('gives up after the configured attempts with a typed error', async () => {
    start();
    api.fail('send', 10, 'busy');
    const error = await failure(client({ maxAttempts: 3 }).sendText('oUser', 'never'));
    expect(error.errcode).toBe(-1);
    expect(error.retryable).toBe(true);
    expect(api.requests.send).toBe(3);
    expect(api.sent).toHaveLength(0);
  });

  it('does not retry what retrying cannot fix', async () => {
    start();
    const error = await failure(client().sendText('', 'nobody'));
    expect(error.errcode).toBe(40003);
    expect(api.requests.send).toBe(1);
  });

  it('reports a network failure without the URL or its secrets', async () => {
    start();
    const { baseUrl } = api;
    await api.stop();
    const wechat = new WechatApiClient({
      baseUrl,
      appId: APP_ID,
      appSecret: SECRET,
      maxAttempts: 2,
      baseDelayMs: 1,
    });
    const error = await failure(wechat.sendText('oUser', 'x'));
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('127.0.0.1');
    expect(String(error.cause ?? '')).not.toContain(SECRET);
    start(); // for afterEach
  });
});

describe('outbound', () => {
  it('sends a reply decision and skips none', async () => {
    start();
    const wechat = client();
    expect(await sendWechatReply(wechat, 'oUser', { kind: 'none' })).toBe(false);
    expect(await sendWechatReply(wechat, 'oUser', { kind: 'reply', text: 'hi' })).toBe(true);
    const message = parseWechatMessage(parseWechatXml(TEXT));
    const decision = Promise.resolve<ReplyDecision>({ kind: 'reply', text: 'later' });
    const late = { openid: 'oLate', message, decision };
    expect(await deliverLateReply(late, wechat)).toBe(true);
    expect(api.sent.map((m) => [m.touser, m.text?.content])).toEqual([
      ['oUser', 'hi'],
      ['oLate', 'later'],
    ]);
  });
});
