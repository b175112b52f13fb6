/**
 * ingest: the most durable (acked) customer messages per second one kefu node sustains,
 * closed loop with many pipelined senders, on SQLite and (with --mysql) on MySQL.
 * See README.md.
 */

import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator } from '../lib/loadgen/driver.ts';
import {
  closedLoopPhase,
  combine,
  connectPhase,
  type PhaseOutput,
  primePhase,
} from '../lib/phases/index.ts';
import { knob, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';

interface Knobs {
  senders: number;
  depth: number;
  durationMs: number;
}

async function ingestOn(
  ctx: SuiteContext,
  engine: 'sqlite' | 'mysql',
  k: Knobs,
): Promise<PhaseOutput> {
  const kefu = await setupKefu(ctx, { mysql: engine === 'mysql' });
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers: 2, onProgress: ctx.progress });
  try {
    const connect = await connectPhase(lg, {
      prefix: `${engine}.connect`,
      group: 'senders',
      dialect: 'web',
      count: k.senders,
      urls: kefu.customerUrls('web'),
      ratePerSec: 5000,
    });
    ctx.progress(`${engine}: first message of every sender`);
    const prime = await primePhase(lg, {
      prefix: `${engine}.first`,
      group: 'senders',
      text: 'first message',
      spreadMs: 500,
      maxWaitMs: 60_000,
    });
    ctx.progress(`${engine}: closed loop, ${k.senders} senders × ${k.depth} in flight`);
    const load = await closedLoopPhase(lg, {
      prefix: engine,
      title: `ingest on ${engine}`,
      group: 'senders',
      serverPid: kefu.server.pid,
      reply: 'ack',
      senders: k.senders,
      depth: k.depth,
      durationMs: k.durationMs,
      warmupMs: 2000,
      drainMs: 2000,
      payloadBytes: 100,
    });
    return combine(connect, prime, load);
  } finally {
    await lg.stop();
    await kefu.stop();
  }
}

/** Runs ingest on SQLite, and on MySQL when the run has a MySQL URL. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const k: Knobs = {
    senders: knob(ctx, 'senders', 100, 2000),
    depth: knob(ctx, 'depth', 4, 8),
    durationMs: knob(ctx, 'duration_s', 5, 15) * 1000,
  };
  const parts = [await ingestOn(ctx, 'sqlite', k)];
  if (ctx.mysqlUrl) parts.push(await ingestOn(ctx, 'mysql', k));
  const all = combine(...parts);
  if (!ctx.mysqlUrl) all.notes.push('MySQL not run (use --mysql or KEFU_BENCH_MYSQL_URL)');
  return { status: 'ok', settings: { ...k, mysql: ctx.mysqlUrl !== undefined }, ...all };
}
