/**
 * abuse: does one abusive client hurt everyone else? Customers' ack latency at a fixed
 * offered rate, first alone ("calm"), then while one client (its own process and loopback
 * address) floods frames, sends oversized ones and churns connections ("abused"). Reports
 * both p99s and their ratio, and what the abuser did and got. See README.md.
 */
import { join } from 'node:path';
import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import { combine, connectPhase, openLoopPhase, primePhase } from '../lib/phases/index.ts';
import { spawnTracked, stopProcess } from '../lib/procs.ts';
import { knob, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';

/** The server runs with kefu's default limits, except what all customers on 127.0.0.1 need. */
const LIMITS = {
  KEFU_RATE_LIMIT_PER_SEC: '20',
  KEFU_RATE_LIMIT_BURST: '40',
  KEFU_MAX_CONNS_PER_IP: '1000',
  KEFU_HTTP_RATE_PER_IP: '100',
  // Every customer connects from 127.0.0.1 at the start: the burst has room for all of them.
  KEFU_HTTP_BURST_PER_IP: '1000',
  KEFU_HTTP_RATE_PER_TENANT: '300',
  // All customers share 127.0.0.1: room for their offered rate (the abuser has its address).
  KEFU_WS_RATE_PER_IP: '2000',
  KEFU_WS_BURST_PER_IP: '4000',
  KEFU_BOT: 'off',
};

/** Runs the abuse suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const customers = Math.min(900, knob(ctx, 'customers', 200, 900));
  const rate = knob(ctx, 'rate', 200, 500);
  const durationMs = knob(ctx, 'duration_s', 5, 20) * 1000;
  const abuser = {
    floodRate: knob(ctx, 'flood_rate', 3000, 3000),
    churnRate: knob(ctx, 'churn_rate', 50, 50),
    bigRate: knob(ctx, 'big_rate', 20, 20),
  };
  const settings = { customers, rate, durationMs, ...abuser, limits: LIMITS };
  const kefu = await setupKefu(ctx, { env: LIMITS });
  const workers = Math.max(1, Math.ceil(customers / MAX_PER_WORKER));
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers, onProgress: ctx.progress });
  try {
    const connect = await connectPhase(lg, {
      prefix: 'connect',
      group: 'customers',
      dialect: 'web',
      count: customers,
      urls: kefu.customerUrls('web'),
      ratePerSec: 500,
    });
    ctx.progress('first message of every customer');
    const prime = await primePhase(lg, {
      prefix: 'first',
      group: 'customers',
      text: 'hello',
      spreadMs: (customers / rate) * 1000,
      maxWaitMs: 60_000,
    });
    const common = {
      group: 'customers',
      serverPid: kefu.server.pid,
      warmupMs: 2000,
      drainMs: 3000,
      payloadBytes: 100,
      kind: 'ack' as const,
      ratePerSec: rate,
      durationMs,
      senders: 'all' as const,
    };
    ctx.progress(`calm: ${rate} msg/s, nobody abusive`);
    const calm = await openLoopPhase(lg, {
      ...common,
      prefix: 'calm',
      title: `customer → ack at ${rate} msg/s, alone`,
    });

    ctx.progress(`abused: ${rate} msg/s while one client floods, churns and sends big frames`);
    const proc = spawnTracked([ctx.bun, join(import.meta.dir, 'abuser.ts')], {
      env: {
        ...process.env,
        ABUSE_PORT: String(kefu.server.port),
        ABUSE_WIDGET_KEY: kefu.widgetKey,
        ABUSE_DURATION_MS: String(durationMs + 2000),
        ABUSE_FLOOD_RATE: String(abuser.floodRate),
        ABUSE_CHURN_RATE: String(abuser.churnRate),
        ABUSE_BIG_RATE: String(abuser.bigRate),
      },
      stdout: 'pipe',
      stderr: 'inherit',
    });
    let did: Record<string, unknown> = {};
    try {
      await Bun.sleep(1000);
      const abused = await openLoopPhase(lg, {
        ...common,
        prefix: 'abused',
        title: `customer → ack at ${rate} msg/s, one abusive client`,
      });
      const out = await new Response(proc.stdout as ReadableStream).text();
      did = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      const all = combine(connect, prime, calm, abused);
      const calmP99 = all.metrics['calm.latency.p99_ms']?.value;
      const abusedP99 = all.metrics['abused.latency.p99_ms']?.value;
      if (calmP99 !== undefined && abusedP99 !== undefined) {
        all.metrics.p99_ratio = {
          value: abusedP99 / Math.max(calmP99, 0.001),
          unit: 'ratio',
          label: 'customer ack p99 with one abusive client ÷ without',
        };
      }
      const count = (key: string) => (typeof did[key] === 'number' ? (did[key] as number) : 0);
      all.metrics['abuser.flood_frames'] = { value: count('floodFrames'), unit: 'count' };
      all.metrics['abuser.big_frames'] = { value: count('bigFrames'), unit: 'count' };
      all.metrics['abuser.connects'] = { value: count('connects'), unit: 'count' };
      all.metrics['abuser.closed_by_server'] = { value: count('closedByServer'), unit: 'count' };
      const refused = Object.values((did.refused ?? {}) as Record<string, number>);
      all.metrics['abuser.refused'] = {
        value: refused.reduce((a, b) => a + b, 0),
        unit: 'count',
        label: 'abuser upgrades refused (429: per-IP rate or connection cap)',
      };
      all.notes.push(`abuser: ${JSON.stringify(did)}`);
      return { status: 'ok', settings, ...all };
    } finally {
      await stopProcess(proc);
    }
  } finally {
    await lg.stop();
    await kefu.stop();
  }
}
