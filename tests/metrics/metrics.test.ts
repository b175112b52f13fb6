/**
 * `/metrics` is scraped after real traffic and parses as Prometheus text; responses carry
 * a request id.
 */
import { afterAll, beforeAll, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu('sqlite', { KEFU_BOT: 'on', KEFU_METRICS_TOKEN: 'scrape-me' });
});
afterAll(() => k.stop());

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the Prometheus text exposition format (0.0.4). */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]!);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.eE+-]+|NaN|\+Inf|-Inf))$/.exec(
      line,
    );
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

it('exposes the engine in Prometheus text after traffic', async () => {
  expect((await k.api('/metrics')).status).toBe(401);
  const agent = await k.addAgent();
  const agentSocket = await agent.connect();
  const customer = await k.customer();
  await customer.nextOf('welcome');
  customer.send({ t: 'msg', clientMsgId: 'm1', text: 'where is my order' });
  await customer.nextOf('msg', (f) => f.author.kind === 'bot');
  customer.send({ t: 'msg', clientMsgId: 'm2', text: 'talk to a human' });
  await agentSocket.nextOf('conversation', (f) => f.conversation.state === 'assigned');

  const res = await k.api('/metrics', { token: 'scrape-me' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const { samples, types } = parsePrometheus(await res.text());
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter(
        (s) => s.name === name && Object.entries(labels).every(([key, v]) => s.labels[key] === v),
      )
      .reduce((sum, s) => sum + s.value, 0);

  expect(types.get('kefu_messages_total')).toBe('counter');
  expect(value('kefu_messages_total', { direction: 'in', channel: 'web' })).toBe(2);
  expect(value('kefu_messages_total', { direction: 'out', author: 'bot' })).toBeGreaterThanOrEqual(
    1,
  );
  expect(types.get('kefu_pipeline_stage_seconds')).toBe('histogram');
  expect(value('kefu_pipeline_stage_seconds_count', { stage: 'persist' })).toBeGreaterThanOrEqual(
    3,
  );
  expect(value('kefu_pipeline_stage_seconds_count', { stage: 'classify' })).toBeGreaterThanOrEqual(
    1,
  );
  expect(value('kefu_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
  expect(value('kefu_bot_decisions_total', { kind: 'answer' })).toBe(1);
  expect(value('kefu_routing_decisions_total', { kind: 'assigned' })).toBe(1);
  expect(value('kefu_connections', { kind: 'customer', codec: 'json' })).toBe(1);
  expect(value('kefu_connections', { kind: 'agent' })).toBe(1);
  expect(value('kefu_agents', { status: 'online' })).toBe(1);
  expect(value('kefu_router_leader')).toBe(1);
  expect(value('kefu_process_resident_memory_bytes')).toBeGreaterThan(0);
  customer.close();
  agentSocket.close();
});

it('puts a request id on every response, keeping a sane one the caller sent', async () => {
  const fresh = await k.api('/healthz');
  expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const given = await k.api('/healthz', { headers: { 'x-request-id': 'trace-42' } });
  expect(given.headers.get('x-request-id')).toBe('trace-42');
  const hostile = await k.api('/api/v1/conversations', {
    headers: { 'x-request-id': 'a b\u0007' },
  });
  expect(hostile.headers.get('x-request-id')).not.toBe('a b\u0007');
});
