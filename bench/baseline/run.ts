/**
 * baseline: the bare Bun echo server measured by the same load generator in the same run,
 * so every kefu number can be read as a ratio of it. See README.md.
 */
import { LoadGenerator, MAX_PER_WORKER } from '../lib/loadgen/driver.ts';
import { emptyServerRss, perConnectionKb } from '../lib/memory.ts';
import { closedLoopPhase, combine, connectPhase, openLoopPhase } from '../lib/phases/index.ts';
import { loopbackUrls, startEchoServer } from '../lib/servers.ts';
import { knob, type SuiteContext, type SuiteResult } from '../lib/types.ts';

/** Runs the baseline: connections + RSS, open loop at the offered rate, closed-loop maximum. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const connections = knob(ctx, 'connections', 1000, 19_000);
  const rate = knob(ctx, 'rate', 1000, 10_000);
  const durationMs = knob(ctx, 'duration_s', 5, 20) * 1000;
  const maxSenders = Math.min(connections, knob(ctx, 'max_senders', 100, 200));
  const settings = { connections, rate, durationMs, maxSenders, depth: 4, payloadBytes: 100 };
  ctx.progress('starting echo server');
  const server = await startEchoServer(ctx.bun);
  const workers = Math.max(1, Math.ceil(connections / MAX_PER_WORKER));
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers, onProgress: ctx.progress });
  try {
    const urls = loopbackUrls(server.port, '/ws');
    const emptyRss = await emptyServerRss(lg, server.pid, 'echo', urls);
    const connect = await connectPhase(lg, {
      prefix: 'connect',
      group: 'clients',
      dialect: 'echo',
      count: connections,
      urls,
      ratePerSec: 5000,
    });
    ctx.progress('waiting for RSS to settle');
    const opened = connect.metrics['connect.opened']?.value ?? 0;
    const memory = await perConnectionKb(server.pid, emptyRss, opened);
    connect.metrics.rss_per_conn_kb = {
      value: memory.perConnKb,
      unit: 'KB',
      label: 'server RSS per idle connection',
    };
    connect.metrics.empty_rss_mb = { value: emptyRss / 1048576, unit: 'MB' };
    const common = {
      group: 'clients',
      serverPid: server.pid,
      warmupMs: 2000,
      drainMs: 2000,
      payloadBytes: 100,
    };
    ctx.progress(`open loop ${rate} msg/s`);
    const open = await openLoopPhase(lg, {
      ...common,
      prefix: 'echo',
      title: `echo at ${rate} msg/s`,
      kind: 'ack',
      ratePerSec: rate,
      durationMs,
      senders: 'all',
    });
    ctx.progress('closed loop (maximum throughput)');
    const max = await closedLoopPhase(lg, {
      ...common,
      prefix: 'max',
      title: 'echo closed loop',
      reply: 'ack',
      senders: maxSenders,
      depth: 4,
      durationMs: Math.min(durationMs, 10_000),
    });
    const all = combine(connect, open, max);
    all.notes.unshift(
      `${workers} load worker process(es); ${connections} connections over 127.0.0.1–9`,
    );
    return { status: 'ok', settings, ...all };
  } finally {
    await lg.stop();
    await server.stop();
  }
}
