/**
 * connections: N idle customers on one kefu process — server RSS per connection above the
 * empty server, ramp time, and a reconnect storm (close all, reconnect with the visitor
 * token, `resume`). See README.md.
 */
import { latencyMetrics } from '../lib/histogram.ts';
import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import { emptyServerRss, perConnectionKb } from '../lib/memory.ts';
import { connectPhase, primePhase } from '../lib/phases/index.ts';
import { startCpuMeter } from '../lib/proc-stats.ts';
import { knob, type Metric, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';

/** Runs the connections suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const customers = knob(ctx, 'customers', 1000, 19_000);
  const rampRate = knob(ctx, 'ramp_rate', 5000, 5000);
  const stormS = knob(ctx, 'storm_s', 20, 60);
  const settings = { customers, rampRate, stormS, channel: 'web' };
  const kefu = await setupKefu(ctx);
  const workers = Math.max(1, Math.ceil(customers / MAX_PER_WORKER));
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers, onProgress: ctx.progress });
  try {
    const pid = kefu.server.pid;
    const urls = kefu.customerUrls('web');
    ctx.progress('empty server RSS');
    const emptyRss = await emptyServerRss(lg, pid, 'web', urls);
    const serverCpu = startCpuMeter([pid]);
    const connect = await connectPhase(lg, {
      prefix: 'connect',
      group: 'customers',
      dialect: 'web',
      count: customers,
      urls,
      ratePerSec: rampRate,
    });
    const metrics: Record<string, Metric> = { ...connect.metrics };
    metrics['connect.server_cpu_pct'] = { value: serverCpu(), unit: '%' };
    const opened = metrics['connect.opened']?.value ?? 0;
    metrics['connect.rate'] = {
      value: opened / (metrics['connect.ramp_s']?.value || 1),
      unit: 'conn/s',
    };
    ctx.progress('waiting for RSS to settle');
    const memory = await perConnectionKb(pid, emptyRss, opened);
    metrics.empty_rss_mb = { value: emptyRss / 1048576, unit: 'MB' };
    metrics.idle_rss_mb = { value: memory.idleRss / 1048576, unit: 'MB' };
    metrics.rss_per_conn_kb = {
      value: memory.perConnKb,
      unit: 'KB',
      label: 'server RSS per idle customer',
    };
    const echoKb = ctx.earlier('baseline', 'rss_per_conn_kb');
    if (echoKb)
      metrics.rss_vs_baseline = {
        value: memory.perConnKb / echoKb,
        unit: 'ratio',
        label: 'RSS/conn ÷ bare echo RSS/conn',
      };
    const alive = await lg.count('customers');
    metrics.still_open = {
      value: alive.ready,
      unit: 'count',
      label: 'customers still connected after the idle wait',
    };

    ctx.progress('one message per customer before the storm');
    const prime = await primePhase(lg, {
      prefix: 'first',
      group: 'customers',
      text: 'hello before the storm',
      spreadMs: (customers / 5000) * 1000,
      maxWaitMs: 60_000,
    });
    Object.assign(metrics, prime.metrics);
    ctx.progress('reconnect storm');
    const stormCpu = startCpuMeter([pid]);
    const storm = await lg.reconnect('customers', {
      maxPending: 128,
      timeoutMs: 10_000,
      deadlineMs: stormS * 1000,
    });
    metrics['reconnect.server_cpu_pct'] = { value: stormCpu(), unit: '%' };
    metrics['reconnect.resumed'] = { value: storm.done, unit: 'count' };
    metrics['reconnect.failed'] = { value: storm.failed, unit: 'count' };
    metrics['reconnect.seconds'] = { value: storm.seconds, unit: 's' };
    metrics['reconnect.rate'] = {
      value: storm.rate,
      unit: 'conn/s',
      label: 'new authenticated connections per second (to resumed)',
    };
    Object.assign(metrics, latencyMetrics('reconnect.latency', storm.latency));
    Object.assign(metrics, latencyMetrics('reconnect.welcome', storm.welcome));
    const notes = [...connect.notes, ...prime.notes];
    const errs = Object.entries(storm.errors);
    if (errs.length)
      notes.push(`reconnect failures: ${errs.map(([k, v]) => `${v}× ${k}`).join(', ')}`);
    if (alive.dropped) notes.push(`dropped while idle: ${JSON.stringify(alive.closeCodes)}`);
    return { status: 'ok', settings, metrics, notes };
  } finally {
    await lg.stop();
    await kefu.stop();
  }
}
