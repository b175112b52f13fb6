import { afterEach, describe, expect, it } from 'bun:test';
import {
  deliverLateReply,
  type ReplyDecision,
  WechatApiClient,
} from '../../../src/channels/wechat/index.ts';
import { type FakeWechatApi, startFakeWechatApi } from '../../support/wechat-api-server.ts';
import { xmlField } from '../../support/wechat-client.ts';
import { textMessage } from '../../support/wechat-samples.ts';
import { APP_ID, errorCodeOf, setUp } from './inbound-helpers.ts';

describe('WeChat retries and replays', () => {
  it('processes a retried message once and answers every copy the same', async () => {
    const { wechat, seen, call } = setUp('safe');
    const first = await call(wechat.post(textMessage('once', '111')));
    const retry = await call(wechat.post(textMessage('once', '111')));
    expect(seen).toHaveLength(1);
    expect(retry.status).toBe(200);
    expect(xmlField(wechat.openReply(retry.body).xml, 'Content')).toBe('echo: once');
    expect(xmlField(wechat.openReply(first.body).xml, 'Content')).toBe('echo: once');
  });

  it('treats the identical request sent again as a retry, not a new message', async () => {
    const { wechat, seen, call } = setUp('plain');
    const request = wechat.post(textMessage('same', '222'));
    const first = await call(request);
    const again = await call({ ...request, query: new URLSearchParams(request.query) });
    expect(seen).toHaveLength(1);
    expect(again.body).toBe(first.body);
  });

  it('makes a retry that arrives mid-processing wait for the first result', async () => {
    let release: (decision: ReplyDecision) => void = () => {};
    const { wechat, seen, call } = setUp(
      'plain',
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const first = call(wechat.post(textMessage('slow', '333')));
    await Bun.sleep(20);
    const retry = call(wechat.post(textMessage('slow', '333')));
    await Bun.sleep(120); // the retry is now polling
    release({ kind: 'reply', text: 'done' });
    const [a, b] = await Promise.all([first, retry]);
    expect(seen).toHaveLength(1);
    expect(xmlField(a.body, 'Content')).toBe('done');
    expect(xmlField(b.body, 'Content')).toBe('done');
  });

  it('keeps different messages of one user apart', async () => {
    const { wechat, seen, call } = setUp('plain');
    await call(wechat.post(textMessage('one', '444')));
    await call(wechat.post(textMessage('two', '445')));
    expect(seen.map((m) => m.dedupeKey)).toEqual(['444', '445']);
  });

  it('refuses a reused timestamp and nonce carrying another body', async () => {
    const { wechat, seen, call } = setUp('plain');
    const original = wechat.post(textMessage('original', '555'), { nonce: '987654' });
    expect((await call(original)).status).toBe(200);
    const replay = { ...original, body: textMessage('injected', '556') };
    const response = await call(replay);
    expect(response.status).toBe(401);
    expect(errorCodeOf(response)).toBe('replayed_request');
    expect(seen.map((m) => m.dedupeKey)).toEqual(['555']);
  });
});

describe('the clock', () => {
  it('refuses timestamps outside the skew window, either way', async () => {
    const { wechat, clock, seen, call } = setUp('plain');
    const seconds = clock.ms / 1000;
    for (const timestamp of [seconds - 301, seconds + 301]) {
      const response = await call(wechat.post(textMessage('late'), { timestamp }));
      expect(response.status).toBe(401);
      expect(errorCodeOf(response)).toBe('stale_request');
    }
    expect(seen).toHaveLength(0);
    const inside = await call(wechat.post(textMessage('fine'), { timestamp: seconds - 299 }));
    expect(inside.status).toBe(200);
  });

  it('checks nothing about the clock when the skew is 0', async () => {
    const { wechat, seen, call } = setUp('safe', undefined, { maxClockSkewSeconds: 0 });
    const response = await call(wechat.post(textMessage('old'), { timestamp: 1_000_000_000 }));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe('the 5-second window', () => {
  let api: FakeWechatApi | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('answers success in time and leaves the late answer to the customer-service API', async () => {
    api = startFakeWechatApi({ appId: APP_ID, appSecret: 'secret' });
    const client = new WechatApiClient({
      baseUrl: api.baseUrl,
      appId: APP_ID,
      appSecret: 'secret',
    });
    const { wechat, seen, call } = setUp(
      'safe',
      async () => {
        await Bun.sleep(300);
        return { kind: 'reply', text: 'sorry for the wait' };
      },
      { replyBudgetMs: 100 },
    );
    const started = performance.now();
    const response = await call(wechat.post(textMessage('slow', '666', 'oLateUser')));
    expect(performance.now() - started).toBeLessThan(250);
    expect(response).toMatchObject({ status: 200, body: 'success' });
    expect(response.late?.openid).toBe('oLateUser');

    // WeChat retries meanwhile: still success, and no second run or second late answer.
    const retry = await call(wechat.post(textMessage('slow', '666', 'oLateUser')));
    expect(retry).toMatchObject({ status: 200, body: 'success' });
    expect(retry.late).toBeUndefined();

    expect(await deliverLateReply(response.late!, client)).toBe(true);
    expect(api.sent).toEqual([
      { touser: 'oLateUser', msgtype: 'text', text: { content: 'sorry for the wait' } },
    ]);
    expect(seen).toHaveLength(1);
  });

  it('answers an error when the engine fails, so the retry runs it again', async () => {
    let calls = 0;
    const { wechat, seen, call } = setUp('plain', async () => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return { kind: 'reply', text: 'ok now' };
    });
    const failed = await call(wechat.post(textMessage('x', '777')));
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('database');
    const retried = await call(wechat.post(textMessage('x', '777')));
    expect(xmlField(retried.body, 'Content')).toBe('ok now');
    expect(seen).toHaveLength(2);
  });
});
