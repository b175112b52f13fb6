/**
 * Bounded fuzzing with a fixed seed: random and mutated frames on /ws/customer, /ws/agent
 * (JSON) and /ws/app (msgpack), random and mutated bodies on every POST/PUT/PATCH route,
 * mutated XML at the WeChat callback (plain and safe mode). Meanwhile well-behaved
 * customers send numbered messages. Afterwards the server still serves, no answer showed
 * a stack trace or a source path, nothing failed with a 500 (or an `internal` frame), and
 * every well-behaved message is stored exactly once, in order.
 */
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import { packr } from '../../src/gateway/codec.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { FakeWechat } from '../support/wechat-client.ts';
import { TEXT } from '../support/wechat-samples.ts';
import { TestSocket } from '../support/ws-client.ts';
import {
  mutateBytes,
  mutateText,
  mutateValue,
  Rng,
  randomString,
  randomValue,
  STACK_TRACE,
} from './mutate.ts';
import { fillPath, ROUTES } from './route-matrix.ts';
import { buildWorld, type World } from './world.ts';

const SEED = 20261127;
const WS_FRAMES_PER_ENDPOINT = 600;
const HTTP_REQUESTS = 900;
const WECHAT_REQUESTS = 300;
const CUSTOMERS = 3;
const MESSAGES_EACH = 30;
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export function fuzzSuite(engine: EngineName) {
  // bun 1.4.5 applies the preload's default timeout to the first file only.
  setDefaultTimeout(120_000);
  let k: TestKefu;
  let w: World;
  const problems: string[] = [];

  beforeAll(async () => {
    k = await startTestKefu(engine, {
      KEFU_BOT: 'on',
      KEFU_WECHAT_API_BASE_URL: 'http://127.0.0.1:9',
      KEFU_DELIVERY_MAX_ATTEMPTS: '1',
    });
    w = await buildWorld(k, k.tenant, 'FUZZ');
  }, 120_000);

  afterAll(() => k?.stop());

  function checkText(where: string, status: number, text: string): void {
    if (status >= 500) problems.push(`${where}: ${status} ${text.slice(0, 200)}`);
    if (status >= 400 && STACK_TRACE.test(text))
      problems.push(`${where}: ${status} shows internals: ${text.slice(0, 300)}`);
  }

  function checkFrames(where: string, socket: TestSocket): void {
    for (const frame of socket.received) {
      if (frame.t !== 'error') continue;
      if (frame.code === 'internal') problems.push(`${where}: internal error frame`);
      if (STACK_TRACE.test(JSON.stringify(frame)))
        problems.push(`${where}: error frame shows internals: ${JSON.stringify(frame)}`);
    }
  }

  const validCustomerFrames = (): Record<string, unknown>[] => [
    { t: 'msg', clientMsgId: 'f1', text: 'hello' },
    { t: 'resume', afterSeq: 0 },
    { t: 'typing' },
    { t: 'read', seq: 1 },
    { t: 'csat', conversationId: w.conversationId, score: 5 },
    { t: 'ping' },
  ];
  const validAgentFrames = (): Record<string, unknown>[] => [
    { t: 'msg', conversationId: w.conversationId, clientMsgId: 'a1', text: 'hi' },
    { t: 'resume', conversationId: w.conversationId, afterSeq: 0 },
    { t: 'typing', conversationId: w.conversationId },
    { t: 'read', conversationId: w.conversationId, seq: 1 },
    { t: 'transfer', conversationId: w.conversationId, toGroup: 'billing', reason: 'x' },
    { t: 'takeover', conversationId: w.conversationId },
    { t: 'presence', status: 'away' },
    { t: 'note', conversationId: w.conversationId, clientMsgId: 'n1', text: 'note' },
    { t: 'ping' },
  ];

  /** One hostile WebSocket client: sends `count` frames, reconnecting whenever it is cut. */
  async function fuzzSocket(
    rng: Rng,
    name: string,
    url: string,
    codec: 'json' | 'msgpack',
    valid: () => Record<string, unknown>[],
    count: number,
  ): Promise<void> {
    let socket: TestSocket | undefined;
    for (let i = 0; i < count; i++) {
      if (!socket) {
        socket = await TestSocket.open(url, codec);
        const current = socket;
        void current.closed.then(() => {
          checkFrames(name, current);
          if (socket === current) socket = undefined;
        });
      }
      const base = rng.pick(valid());
      const value = rng.chance(0.3) ? randomValue(rng) : mutateValue(rng, base);
      let data: string | Uint8Array;
      if (codec === 'json') {
        const text = JSON.stringify(value) ?? 'null';
        data = rng.chance(0.25) ? mutateText(rng, text) : text;
        if (rng.chance(0.03)) data = new Uint8Array([0x81, 0xa1, 0x74]);
        if (rng.chance(0.02)) data = 'x'.repeat(20_000);
      } else {
        const bytes = new Uint8Array(packr.pack(value));
        data = rng.chance(0.3) ? mutateBytes(rng, bytes) : bytes;
        if (rng.chance(0.05)) data = Uint8Array.from({ length: rng.int(64) }, () => rng.int(256));
        if (rng.chance(0.02)) data = JSON.stringify(base);
      }
      try {
        socket.sendRaw(data);
      } catch {
        socket = undefined;
      }
      // Paced so that most frames pass the rate limit and reach the handlers.
      if (i % 8 === 7) await Bun.sleep(60);
    }
    if (socket) {
      await Bun.sleep(200);
      checkFrames(name, socket);
      socket.close();
    }
  }

  /** Random and mutated bodies on every POST, PUT and PATCH route of the API. */
  async function fuzzHttp(rng: Rng, count: number): Promise<void> {
    // Not the routes that end the caller's own session: the fuzzer would sign itself out.
    const ownSession = ['/api/v1/auth/logout', '/api/v1/auth/password', '/api/v1/auth/refresh'];
    const routes = k.kefu.routes.filter(
      (r) =>
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        r.path.startsWith('/api/v1/') &&
        !ownSession.includes(r.path),
    );
    const ids = [w.conversationId, w.ticketId, w.customerId, w.groupId, w.cannedId, w.faqId];
    let sent = 0;
    const worker = async () => {
      while (sent < count) {
        sent++;
        const route = rng.pick(routes);
        const entry = ROUTES[`${route.method} ${route.path}`];
        const cases = entry && entry.role !== 'public' ? entry.cases : [];
        const c = cases.length ? rng.pick(cases) : undefined;
        let params: Record<string, string | number> = {};
        try {
          params = c?.params?.(w, w) ?? {};
        } catch {}
        const filled = route.path.replace(/:(\w+)/g, (_m, name: string) =>
          String(rng.chance(0.7) && params[name] !== undefined ? params[name] : rng.pick(ids)),
        );
        let path = filled;
        try {
          path = fillPath(route.path, params);
        } catch {}
        if (rng.chance(0.5)) path = filled;
        if (rng.chance(0.05))
          path = `${path}/${encodeURIComponent(randomString(rng).toWellFormed())}`;
        const valid = c?.body?.(w, w) ?? {};
        let body: string;
        let type = 'application/json';
        const roll = rng.int(10);
        if (roll < 5) body = JSON.stringify(mutateValue(rng, valid)) ?? 'null';
        else if (roll < 7) body = JSON.stringify(randomValue(rng)) ?? 'null';
        else if (roll < 9) body = mutateText(rng, JSON.stringify(valid));
        else {
          body = randomString(rng);
          type = rng.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'message/rfc822',
            '',
          ]);
        }
        const token = rng.chance(0.5) ? w.apiKey : w.adminToken;
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (type) headers['content-type'] = type;
        try {
          const res = await fetch(`${k.url}${path}`, { method: route.method, headers, body });
          checkText(`${route.method} ${path} ${body.slice(0, 120)}`, res.status, await res.text());
        } catch (error) {
          problems.push(`${route.method} ${path}: request failed: ${String(error)}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }

  /** Mutated XML at the WeChat callback, in plain mode (body unsigned) and safe mode. */
  async function fuzzWechat(rng: Rng, count: number): Promise<void> {
    const channels: { path: string; wechat: FakeWechat }[] = [];
    for (const mode of ['plain', 'safe'] as const) {
      const appId = `wxfuzz${mode}`;
      const res = await k.api('/api/v1/channels/wechat', {
        method: 'POST',
        token: w.apiKey,
        json: { appId, appSecret: 'fuzzsecret', token: 'fuzztoken', mode, encodingAesKey: AES_KEY },
      });
      expect(res.status).toBe(201);
      const { callbackPath } = (await res.json()) as { callbackPath: string };
      channels.push({
        path: callbackPath,
        wechat: new FakeWechat({ appId, token: 'fuzztoken', encodingAesKey: AES_KEY, mode }),
      });
    }
    for (let i = 0; i < count; i++) {
      const { path, wechat } = rng.pick(channels);
      const xml = TEXT.replace(/<MsgId>\d+<\/MsgId>/, `<MsgId>${9_000_000 + i}</MsgId>`);
      const damaged = rng.chance(0.8) ? mutateText(rng, xml) : xml;
      const request = wechat.post(damaged);
      let body = request.body;
      if (rng.chance(0.2)) body = mutateText(rng, body);
      const query = new URLSearchParams(request.query);
      if (rng.chance(0.1)) query.set(rng.pick([...query.keys()]), randomString(rng).toWellFormed());
      try {
        const res = await fetch(`${k.url}${path}?${query}`, { method: 'POST', body });
        checkText(`POST ${path}`, res.status, await res.text());
      } catch (error) {
        problems.push(`POST ${path}: request failed: ${String(error)}`);
      }
    }
  }

  /** A customer who sends numbered messages, one after the other's ack. */
  async function wellBehaved(n: number): Promise<{ conversationId: string; texts: string[] }> {
    const socket = await k.customer({ app: n % 2 === 1 });
    const welcome = await socket.nextOf('welcome');
    const texts: string[] = [];
    for (let i = 1; i <= MESSAGES_EACH; i++) {
      const text = `well-behaved ${n} message ${i}`;
      socket.send({ t: 'msg', clientMsgId: `wb-${n}-${i}`, text });
      await socket.next((f) => f.t === 'ack' && f.clientMsgId === `wb-${n}-${i}`, 15_000);
      texts.push(text);
      await Bun.sleep(20);
    }
    socket.close();
    return { conversationId: welcome.conversationId, texts };
  }

  async function storedCustomerTexts(conversationId: string): Promise<string[]> {
    const texts: string[] = [];
    let afterSeq = 0;
    for (;;) {
      const res = await k.api(
        `/api/v1/conversations/${conversationId}/messages?afterSeq=${afterSeq}&limit=200`,
        { token: w.apiKey },
      );
      const page = (await res.json()) as {
        messages: { author: { kind: string }; text: string }[];
        nextAfterSeq: number | null;
      };
      texts.push(...page.messages.filter((m) => m.author.kind === 'customer').map((m) => m.text));
      if (page.nextAfterSeq === null) return texts;
      afterSeq = page.nextAfterSeq;
    }
  }

  describe(`fuzzing on ${engine}`, () => {
    it('survives hostile frames, bodies and callbacks, and loses no well-behaved message', async () => {
      const started = Date.now();
      const rng = (n: number) => new Rng(SEED + n);
      const customers = Promise.all(Array.from({ length: CUSTOMERS }, (_, n) => wellBehaved(n)));
      await Promise.all([
        fuzzSocket(
          rng(1),
          '/ws/customer',
          `${k.wsUrl}/ws/customer?widgetKey=${w.widgetKey}`,
          'json',
          validCustomerFrames,
          WS_FRAMES_PER_ENDPOINT,
        ),
        fuzzSocket(
          rng(2),
          '/ws/app',
          `${k.wsUrl}/ws/app?widgetKey=${w.widgetKey}`,
          'msgpack',
          validCustomerFrames,
          WS_FRAMES_PER_ENDPOINT,
        ),
        fuzzSocket(
          rng(3),
          '/ws/agent',
          `${k.wsUrl}/ws/agent?token=${w.adminToken}`,
          'json',
          validAgentFrames,
          WS_FRAMES_PER_ENDPOINT,
        ),
        fuzzHttp(rng(4), HTTP_REQUESTS),
        fuzzWechat(rng(5), WECHAT_REQUESTS),
      ]);
      const sent = await customers;
      const elapsed = Date.now() - started;

      const health = await fetch(`${k.url}/healthz`);
      expect(health.status).toBe(200);
      const after = await k.customer();
      await after.nextOf('welcome');
      after.send({ t: 'msg', clientMsgId: 'after-1', text: 'still there?' });
      await after.nextOf('ack');
      after.close();

      for (const { conversationId, texts } of sent) {
        expect(await storedCustomerTexts(conversationId)).toEqual(texts);
      }
      expect(problems).toEqual([]);
      expect(elapsed).toBeLessThan(60_000);
    });

    it('answers rules saved concurrently on the same base with one 200 and 409s (was a 500 on MariaDB)', async () => {
      const save = (baseVersion: number) =>
        k.api('/api/v1/rules', {
          method: 'PUT',
          token: w.apiKey,
          json: { baseVersion, rules: [] },
        });
      const current = ((await (await k.api('/api/v1/rules', { token: w.apiKey })).json()) as any)
        .version as number;
      const statuses = (await Promise.all(Array.from({ length: 8 }, () => save(current)))).map(
        (r) => r.status,
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    });

    it('answers an empty PATCH of the tenant or a customer with the unchanged row (was a 500)', async () => {
      const tenant = await (await k.api('/api/v1/tenant', { token: w.apiKey })).json();
      const patched = await k.api('/api/v1/tenant', { method: 'PATCH', token: w.apiKey, json: {} });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toEqual(tenant);
      const path = `/api/v1/customers/${w.customerId}`;
      const customer = ((await (await k.api(path, { token: w.apiKey })).json()) as any).customer;
      const res = await k.api(path, { method: 'PATCH', token: w.apiKey, json: {} });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(customer);
    });
  });
}
