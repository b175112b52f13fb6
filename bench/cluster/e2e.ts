/**
 * Part 2 of the cluster suite: the e2e suite's phases (customer msg → bot reply at a fixed
 * offered rate, open loop; then the closed-loop maximum) against `kefu serve --workers N`,
 * every metric under `w<N>.` so that runs with different N sit side by side.
 */
import { BOT_QUESTIONS, probeBot } from '../e2e/probe.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import {
  closedLoopPhase,
  combine,
  connectPhase,
  openLoopPhase,
  type PhaseOutput,
} from '../lib/phases/index.ts';
import type { SuiteContext } from '../lib/types.ts';
import { runRedis } from './redis.ts';

/** The load of one e2e run; the same for every worker count compared. */
export interface E2eLoad {
  customers: number;
  rate: number;
  durationMs: number;
  maxSenders: number;
}

/** Every metric, histogram, chart and note of `out` under `<prefix>.` / `<prefix>: `. */
export function prefixed(out: PhaseOutput, prefix: string): PhaseOutput {
  return {
    metrics: Object.fromEntries(
      Object.entries(out.metrics).map(([key, m]) => [
        `${prefix}.${key}`,
        m.label ? { ...m, label: `${prefix}: ${m.label}` } : m,
      ]),
    ),
    charts: out.charts.map((c) => ({ ...c, title: `${prefix}: ${c.title}` })),
    histograms: out.histograms.map((h) => ({
      ...h,
      name: `${prefix}.${h.name}`,
      title: `${prefix}: ${h.title}`,
    })),
    notes: out.notes.map((n) => `${prefix}: ${n}`),
  };
}

/**
 * One e2e run against a fresh `serve --workers <workers>` (own Redis prefix, own data dir).
 * `kind` is `bot` when the bot answered the probe, else `ack` (as in the e2e suite).
 */
export async function e2eOnWorkers(
  ctx: SuiteContext,
  workers: number,
  load: E2eLoad,
): Promise<PhaseOutput & { kind: 'bot' | 'ack' }> {
  const label = `w${workers}`;
  const redis = runRedis(label);
  try {
    ctx.progress(`${label}: starting kefu serve --workers ${workers}`);
    const kefu = await setupKefu(ctx, { workers, env: redis.env, mysql: true });
    const lg = await LoadGenerator.start({
      bun: ctx.bun,
      workers: Math.max(2, Math.ceil(load.customers / MAX_PER_WORKER)),
      onProgress: (text) => ctx.progress(`${label}: ${text}`),
    });
    try {
      const connect = await connectPhase(lg, {
        prefix: 'connect',
        group: 'customers',
        dialect: 'web',
        count: load.customers,
        urls: kefu.customerUrls('web'),
        ratePerSec: 5000,
      });
      ctx.progress(`${label}: first message of every customer; waiting for bot replies`);
      const probe = await probeBot(lg, load.customers, load.rate);
      const kind = probe.botReplies > 0 ? 'bot' : 'ack';
      const pids = kefu.server.servingPids();
      const common = {
        group: 'customers',
        serverPid: pids,
        warmupMs: Math.min(2000, load.durationMs / 3),
        drainMs: 3000,
        payloadBytes: 100,
        texts: BOT_QUESTIONS,
      };
      ctx.progress(`${label}: open loop ${load.rate} msg/s (${kind})`);
      const open = await openLoopPhase(lg, {
        ...common,
        prefix: kind,
        title: `${label} customer → ${kind} at ${load.rate} msg/s`,
        kind,
        ratePerSec: load.rate,
        durationMs: load.durationMs,
        senders: 'all',
      });
      ctx.progress(`${label}: closed loop (${kind} maximum)`);
      const max = await closedLoopPhase(lg, {
        ...common,
        prefix: `${kind}max`,
        title: `${label} ${kind} closed loop`,
        reply: kind,
        senders: load.maxSenders,
        depth: 4,
        durationMs: Math.min(load.durationMs, 10_000),
      });
      const all = combine(connect, probe, open, max);
      all.metrics.workers = { value: pids.length, unit: 'count' };
      all.notes.unshift(probe.note);
      const restarted = pids.filter((pid) => !kefu.server.servingPids().includes(pid));
      if (restarted.length) all.notes.push(`workers restarted (pids ${restarted.join(', ')})`);
      return { ...prefixed(all, label), kind };
    } finally {
      await lg.stop();
      await kefu.stop();
    }
  } finally {
    await redis.drop();
  }
}
