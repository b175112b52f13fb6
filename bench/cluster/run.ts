/**
 * cluster: kefu on every core of one machine, `kefu serve --workers N` (issue 9).
 * Part 1: 50,000 idle customers on 4 workers — opened/failed, ramp, RSS of all workers summed
 * and per connection. Part 2: customer msg → bot reply (e2e phases) on 1 vs 2 workers, same
 * load, side by side (`w1.*`, `w2.*`) and as ratios (`w2_vs_w1.*`). See README.md.
 */
import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import { combine, type PhaseOutput } from '../lib/phases/index.ts';
import { knob, type Metric, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import { idleCustomers, OPEN_FILE_LIMIT } from './connections.ts';
import { type E2eLoad, e2eOnWorkers } from './e2e.ts';
import { redisMissing, runRedis } from './redis.ts';

/** Sockets one process may hold, leaving room for its other open files. */
const SOCKETS_PER_PROCESS = OPEN_FILE_LIMIT - 100;

/** Part 1: `customers` idle customers on `serve --workers <workers>`. */
async function connectionsPart(
  ctx: SuiteContext,
  o: { customers: number; workers: number; rampRate: number },
): Promise<PhaseOutput> {
  const redis = runRedis('conns');
  try {
    ctx.progress(`starting kefu serve --workers ${o.workers}`);
    const kefu = await setupKefu(ctx, { workers: o.workers, env: redis.env, mysql: true });
    const lg = await LoadGenerator.start({
      bun: ctx.bun,
      workers: Math.max(2, Math.ceil(o.customers / MAX_PER_WORKER)),
      onProgress: ctx.progress,
    });
    try {
      const out = await idleCustomers(kefu, lg, { ...o, progress: ctx.progress });
      out.metrics.loadgen_processes = { value: lg.pids().length, unit: 'count' };
      return out;
    } finally {
      await lg.stop();
      await kefu.stop();
    }
  } finally {
    await redis.drop();
  }
}

/** `w2 ÷ w1` of the throughput and latency metrics both runs produced. */
function ratios(w1: PhaseOutput, w2: PhaseOutput, kind: string): Record<string, Metric> {
  const pairs: [string, string][] = [
    [`${kind}max.throughput`, `${kind} closed-loop maximum`],
    [`${kind}.latency.p99_ms`, `${kind} p99 at the offered rate`],
    [`${kind}.latency.p50_ms`, `${kind} p50 at the offered rate`],
  ];
  const out: Record<string, Metric> = {};
  for (const [key, what] of pairs) {
    const a = w1.metrics[`w1.${key}`]?.value;
    const b = w2.metrics[`w2.${key}`]?.value;
    if (a && b !== undefined) {
      out[`w2_vs_w1.${key.replace(/\.latency|_ms$/g, '')}`] = {
        value: b / a,
        unit: 'ratio',
        label: `${what}: 2 workers ÷ 1 worker`,
      };
    }
  }
  return out;
}

/** Runs the cluster suite: both parts, each against fresh kefu processes. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx) ?? (await redisMissing());
  if (missing) return skipped(missing);
  const customers = knob(ctx, 'customers', 2000, 50_000);
  const workers = knob(ctx, 'workers', 2, 4);
  const rampRate = knob(ctx, 'ramp_rate', 2000, 5000);
  const load: E2eLoad = {
    customers: knob(ctx, 'e2e_customers', 200, 2000),
    rate: knob(ctx, 'rate', 200, 2000),
    durationMs: knob(ctx, 'duration_s', 3, 15) * 1000,
    maxSenders: knob(ctx, 'max_senders', 100, 200),
  };
  load.maxSenders = Math.min(load.maxSenders, load.customers);
  // `--set part=1` runs only the 50,000 connections, `part=2` only 1 vs 2 workers.
  const part = knob(ctx, 'part', 0, 0);
  const settings = {
    customers,
    workers,
    rampRate,
    e2e: { ...load, workers: [1, 2], depth: 4, payloadBytes: 100, channel: 'web' },
    storage: ctx.mysqlUrl ? 'mysql' : 'sqlite',
  };
  const notes: string[] = [];
  if (customers > workers * SOCKETS_PER_PROCESS) {
    notes.push(
      `${customers} customers need ≥ ${Math.ceil(customers / SOCKETS_PER_PROCESS)} workers at ${OPEN_FILE_LIMIT} open files per process; ${workers} asked`,
    );
  }
  const parts: PhaseOutput[] = [];
  if (part !== 2) parts.push(await connectionsPart(ctx, { customers, workers, rampRate }));
  const skippedParts: string[] = [];
  if (part !== 1) {
    const w1 = await e2eOnWorkers(ctx, 1, load);
    const w2 = await e2eOnWorkers(ctx, 2, load);
    parts.push(w1, w2, { metrics: ratios(w1, w2, w1.kind), charts: [], histograms: [], notes: [] });
    if (w1.kind !== w2.kind) notes.push(`w1 measured ${w1.kind}s, w2 ${w2.kind}s: not comparable`);
    if (w1.kind === 'ack') skippedParts.push('bot round trip: the bot did not answer the probe');
  }
  const all = combine(...parts);
  all.notes.unshift(...notes);
  return { status: 'ok', settings, skippedParts, ...all };
}
