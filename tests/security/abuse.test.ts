/**
 * Abuse limits: open WebSockets per IP, HTTP token buckets per IP and per tenant (in the
 * process, or shared through Redis), idle sockets that answer no ping, slow HTTP clients.
 * Oversized frames and floods on a socket are covered by tests/gateway/bad-input.test.ts.
 */
import { afterAll, describe, expect, it } from 'bun:test';
import { connect, type Socket } from 'node:net';
import { createTenant } from '../../src/accounts/index.ts';
import { loadConfig } from '../../src/config.ts';
import { RateLimitedError } from '../../src/errors.ts';
import { Limits } from '../../src/limits/index.ts';
import { silentLogger } from '../../src/log.ts';
import { startKefu } from '../../src/main.ts';
import { ENGINES } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

const servers: TestKefu[] = [];
afterAll(async () => {
  await Promise.all(servers.map((k) => k.stop()));
});

async function server(env: Record<string, string>): Promise<TestKefu> {
  const k = await startTestKefu('sqlite', env);
  servers.push(k);
  return k;
}

async function expectRateLimited(res: Response, code = 'rate_limited'): Promise<void> {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(((await res.json()) as any).error.code).toBe(code);
}

/** A raw TCP connection, and a promise of the ms it stayed open. */
function rawClient(port: number): { socket: Socket; closedAfter: Promise<number> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  const closedAfter = new Promise<number>((resolve) =>
    socket.on('close', () => resolve(Date.now() - started)),
  );
  socket.on('error', () => {});
  return { socket, closedAfter };
}

describe('WebSockets per IP address', () => {
  it('refuses a connection over KEFU_MAX_CONNS_PER_IP with 429, and takes one once a socket closes', async () => {
    const k = await server({ KEFU_MAX_CONNS_PER_IP: '3' });
    const open = await Promise.all([k.customer(), k.customer(), k.customer({ app: true })]);
    const refused = await fetch(`${k.url}/ws/customer?widgetKey=${k.tenant.widgetKey}`, {
      headers: { upgrade: 'websocket', connection: 'upgrade' },
    });
    await expectRateLimited(refused, 'too_many_connections');
    await expect(k.customer()).rejects.toThrow();
    expect(await (await k.api('/metrics')).text()).toContain(
      'kefu_limit_refusals_total{limit="connections_per_ip"} 2',
    );

    open[0]!.close();
    await open[0]!.closed;
    await Bun.sleep(50);
    const again = await k.customer();
    await again.nextOf('welcome');
    for (const socket of [again, ...open.slice(1)]) socket.close();
  });
});

describe('WebSocket frames per IP address', () => {
  it('refuses frames over KEFU_WS_RATE_PER_IP across sockets: reconnecting buys no budget', async () => {
    const k = await server({ KEFU_WS_RATE_PER_IP: '1', KEFU_WS_BURST_PER_IP: '4' });
    const first = await k.customer();
    await first.nextOf('welcome');
    for (let i = 1; i <= 4; i++) {
      first.send({ t: 'msg', clientMsgId: `m${i}`, text: `hello ${i}` });
      await first.next((f) => f.t === 'ack' && f.clientMsgId === `m${i}`);
    }
    first.close();
    const second = await k.customer();
    await second.nextOf('welcome');
    second.send({ t: 'msg', clientMsgId: 'm5', text: 'one more' });
    const refused = await second.next((f) => f.t === 'error');
    expect(refused.code).toBe('rate_limited');
    await Bun.sleep(1100);
    second.send({ t: 'msg', clientMsgId: 'm6', text: 'later' });
    await second.next((f) => f.t === 'ack' && f.clientMsgId === 'm6');
    second.close();
  });
});

describe('HTTP rate limits', () => {
  it('answers 429 with retry-after past the burst of one IP address, never on health probes', async () => {
    const k = await server({ KEFU_HTTP_RATE_PER_IP: '2', KEFU_HTTP_BURST_PER_IP: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await k.api('/api/v1/tenant', { token: k.tenant.apiKey })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await expectRateLimited(await k.api('/api/v1/tenant', { token: k.tenant.apiKey }));
    // Unauthenticated requests and upgrades count too.
    await expectRateLimited(await k.api('/api/v1/tenant'));
    await expect(k.customer()).rejects.toThrow();
    expect((await k.api('/healthz')).status).toBe(200);
    expect((await k.api('/readyz')).status).toBe(200);
    // Operators see the refusals.
    const metrics = await (await k.api('/metrics')).text();
    expect(metrics).toMatch(/kefu_limit_refusals_total\{limit="ip"\} [3-9]/);
    await Bun.sleep(600);
    expect((await k.api('/api/v1/tenant', { token: k.tenant.apiKey })).status).toBe(200);
  });

  it('answers 429 past the burst of one tenant while another tenant is served', async () => {
    const k = await server({ KEFU_HTTP_RATE_PER_TENANT: '1', KEFU_HTTP_BURST_PER_TENANT: '3' });
    const other = await k.addTenant();
    for (let i = 0; i < 3; i++) {
      expect((await k.api('/api/v1/tenant', { token: k.tenant.apiKey })).status).toBe(200);
    }
    await expectRateLimited(await k.api('/api/v1/groups', { token: k.tenant.apiKey }));
    expect((await k.api('/api/v1/tenant', { token: other.apiKey })).status).toBe(200);
    // A wrong credential spends no tenant's budget.
    expect((await k.api('/api/v1/tenant', { token: 'kefu_sk_forged' })).status).toBe(401);
    expect((await k.api('/api/v1/tenant', { token: other.apiKey })).status).toBe(200);
  });

  it('shares the buckets between nodes through Redis', async () => {
    const options = {
      maxConnsPerIp: 10,
      httpRatePerIp: 1,
      httpBurstPerIp: 4,
      httpRatePerTenant: 0,
      httpBurstPerTenant: 1,
      wsRatePerIp: 0,
      wsBurstPerIp: 1,
      redisUrl: process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      redisPrefix: `kefu-test-limits-${Date.now().toString(36)}:`,
    };
    const nodes = [new Limits(options, silentLogger), new Limits(options, silentLogger)];
    try {
      const results: string[] = [];
      for (let i = 0; i < 6; i++) {
        results.push(
          await nodes[i % 2]!.ip('203.0.113.7')
            .then(() => 'ok')
            .catch((error: unknown) =>
              error instanceof RateLimitedError ? `429 after ${error.retryAfterSec}s` : 'error',
            ),
        );
      }
      expect(results).toEqual(['ok', 'ok', 'ok', 'ok', '429 after 1s', '429 after 1s']);
      // Another address has a bucket of its own.
      await nodes[0]!.ip('203.0.113.8');
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  it('shares the per-IP bucket between two kefu nodes on one Redis', async () => {
    const db = await ENGINES.mysql();
    const config = loadConfig({
      KEFU_PORT: '0',
      KEFU_HOST: '127.0.0.1',
      KEFU_DATA_DIR: db.dataDir,
      KEFU_DB_URL: db.dbUrl,
      KEFU_LOG_LEVEL: 'silent',
      KEFU_BOT: 'off',
      KEFU_SECRET: 'a-shared-cluster-secret-of-at-least-32-chars',
      KEFU_REDIS_URL: process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      KEFU_REDIS_PREFIX: `kefu-test-rl-${Date.now().toString(36)}:`,
      KEFU_HTTP_RATE_PER_IP: '1',
      KEFU_HTTP_BURST_PER_IP: '4',
    });
    const nodes = [await startKefu(config, silentLogger), await startKefu(config, silentLogger)];
    try {
      const tenant = await createTenant(nodes[0]!.store, { name: 'Shared limits' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${nodes[i % 2]!.url}/api/v1/tenant`, {
          headers: { authorization: `Bearer ${tenant.apiKey}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      for (const node of nodes) await node.stop();
      await db.drop();
    }
  });

  it('lets requests pass when Redis does not answer', async () => {
    const limits = new Limits(
      {
        maxConnsPerIp: 10,
        httpRatePerIp: 1,
        httpBurstPerIp: 1,
        httpRatePerTenant: 1,
        httpBurstPerTenant: 1,
        wsRatePerIp: 0,
        wsBurstPerIp: 1,
        redisUrl: 'redis://127.0.0.1:1',
        redisPrefix: 'kefu-test-down:',
      },
      silentLogger,
    );
    try {
      const started = Date.now();
      for (let i = 0; i < 3; i++) await limits.ip('203.0.113.9');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await limits.close();
    }
  });
});

describe('request bodies', () => {
  it('refuses a JSON body over KEFU_MAX_BODY_BYTES before reading it, but not an upload with its own limit', async () => {
    const k = await server({ KEFU_MAX_BODY_BYTES: '4096' });
    const big = { subject: 'x'.repeat(5000) };
    const res = await k.api('/api/v1/tickets', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('payload_too_large');
    const small = await k.api('/api/v1/tickets', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: { subject: 'fits' },
    });
    expect(small.status).toBe(201);
    // The inbound email route reads its body itself, up to KEFU_EMAIL_MAX_BYTES.
    const email = await k.api('/api/v1/channels/email/inbound', {
      method: 'POST',
      token: k.tenant.apiKey,
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(5000),
    });
    expect(email.status).toBe(415);
  });
});

describe('slow and silent clients', () => {
  it('closes a WebSocket that answers no ping within KEFU_IDLE_TIMEOUT_SEC, and keeps one that does', async () => {
    const k = await server({ KEFU_IDLE_TIMEOUT_SEC: '5' });
    const { socket, closedAfter } = rawClient(Number(new URL(k.url).port));
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
    socket.write(
      `GET /ws/customer?widgetKey=${k.tenant.widgetKey} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    const answer = await new Promise<string>((resolve) =>
      socket.once('data', (d) => resolve(String(d))),
    );
    expect(answer).toStartWith('HTTP/1.1 101');
    const polite = await k.customer();
    await polite.nextOf('welcome');
    // Never reads or answers pings: Bun closes it after the idle timeout.
    expect(await closedAfter).toBeLessThan(20_000);
    polite.send({ t: 'ping' });
    await polite.nextOf('pong');
    polite.close();
  }, 30_000);

  it('closes an HTTP client that trickles its request past KEFU_HTTP_IDLE_TIMEOUT_SEC (slow-loris)', async () => {
    const k = await server({ KEFU_HTTP_IDLE_TIMEOUT_SEC: '2' });
    const { socket, closedAfter } = rawClient(Number(new URL(k.url).port));
    socket.write('GET /api/v1/tenant HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${n++}: 1\r\n`);
    }, 500);
    try {
      // Others are served meanwhile.
      expect((await k.api('/healthz')).status).toBe(200);
      expect(await closedAfter).toBeLessThan(20_000);
    } finally {
      clearInterval(trickle);
    }
  }, 30_000);
});
