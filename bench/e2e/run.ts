/**
 * e2e: customer message → bot reply round trip at a fixed offered rate, and the most it
 * sustains (closed loop) as a ratio of the bare echo baseline. Until the bot answers, the
 * bot part is skipped with its reason and customer msg → durable ack is measured instead.
 * See README.md.
 */

import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import { closedLoopPhase, combine, connectPhase, openLoopPhase } from '../lib/phases/index.ts';
import { knob, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import { BOT_QUESTIONS, probeBot } from './probe.ts';

/** Runs the e2e suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const customers = knob(ctx, 'customers', 200, 19_000);
  const rate = knob(ctx, 'rate', 200, 10_000);
  const durationMs = knob(ctx, 'duration_s', 5, 20) * 1000;
  const maxSenders = Math.min(customers, knob(ctx, 'max_senders', 100, 200));
  const channel = ctx.overrides.app ? 'app' : 'web';
  const settings = {
    customers,
    rate,
    durationMs,
    maxSenders,
    depth: 4,
    channel,
    payloadBytes: 100,
  };
  const kefu = await setupKefu(ctx);
  const workers = Math.max(2, Math.ceil(customers / MAX_PER_WORKER));
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers, onProgress: ctx.progress });
  try {
    const urls = kefu.customerUrls(channel);
    const connect = await connectPhase(lg, {
      prefix: 'connect',
      group: 'customers',
      dialect: channel,
      count: customers,
      urls,
      ratePerSec: 5000,
    });
    ctx.progress('first message of every customer; waiting for bot replies');
    const probe = await probeBot(lg, customers, rate);
    const common = {
      group: 'customers',
      serverPid: kefu.server.pid,
      warmupMs: 2000,
      drainMs: 3000,
      payloadBytes: 100,
      texts: BOT_QUESTIONS,
    };
    const kind = probe.botReplies > 0 ? 'bot' : 'ack';
    ctx.progress(`open loop ${rate} msg/s (${kind})`);
    const open = await openLoopPhase(lg, {
      ...common,
      prefix: kind,
      title: `customer → ${kind} at ${rate} msg/s`,
      kind,
      ratePerSec: rate,
      durationMs,
      senders: 'all',
    });
    ctx.progress(`closed loop (${kind} maximum)`);
    const max = await closedLoopPhase(lg, {
      ...common,
      prefix: `${kind}max`,
      title: `${kind} closed loop`,
      reply: kind,
      senders: maxSenders,
      depth: 4,
      durationMs: Math.min(durationMs, 10_000),
    });
    const all = combine(connect, probe, open, max);
    const echoMax = ctx.earlier('baseline', 'max.throughput');
    const kefuMax = all.metrics[`${kind}max.throughput`]?.value;
    if (echoMax && kefuMax !== undefined) {
      all.metrics[`${kind}max.vs_baseline`] = {
        value: kefuMax / echoMax,
        unit: 'ratio',
        label: `kefu ${kind} max ÷ bare echo max`,
      };
    }
    all.notes.unshift(probe.note);
    const skippedParts = kind === 'ack' ? [`bot round trip: ${probe.note}`] : [];
    return { status: 'ok', settings, skippedParts, ...all };
  } finally {
    await lg.stop();
    await kefu.stop();
  }
}
