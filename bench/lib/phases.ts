/**
 * Measurement phases shared by the suites: ramp up connections, open-loop load at a fixed
 * offered rate, closed-loop load to find the maximum. Each returns metrics under a prefix,
 * charts (throughput and resources over time) and the merged latency histogram.
 */
import { encodeHistogram, latencyMetrics } from './histogram.ts';
import type { LoadGenerator } from './loadgen/driver.ts';
import type { Dialect, Kind, ReplyKind } from './loadgen/protocol.ts';
import { busyElsewhere } from './machine.ts';
import { startCpuMeter, startSystemCpuMeter } from './proc-stats.ts';
import { startSampler } from './sampler.ts';
import type { Chart, HistogramRecord, Metric } from './types.ts';

/** What a phase adds to a suite result. */
export interface PhaseOutput {
  metrics: Record<string, Metric>;
  charts: Chart[];
  histograms: HistogramRecord[];
  notes: string[];
}

const epochMs = () => performance.timeOrigin + performance.now();

function errorNotes(prefix: string, errors: Record<string, number>): string[] {
  const list = Object.entries(errors);
  return list.length ? [`${prefix}: ${list.map(([k, v]) => `${v}× ${k}`).join(', ')}`] : [];
}

/** Opens `count` connections at `ratePerSec`; metrics: opened, failed, ramp time, handshake. */
export async function connectPhase(
  lg: LoadGenerator,
  o: {
    prefix: string;
    group: string;
    dialect: Dialect;
    count: number;
    urls: string[];
    ratePerSec: number;
  },
): Promise<PhaseOutput> {
  const r = await lg.connect(o.group, o.dialect, o.count, {
    urls: o.urls,
    ratePerSec: o.ratePerSec,
  });
  const metrics: Record<string, Metric> = {
    [`${o.prefix}.opened`]: { value: r.opened, unit: 'count' },
    [`${o.prefix}.failed`]: { value: r.failed, unit: 'count' },
    [`${o.prefix}.ramp_s`]: { value: r.elapsedMs / 1000, unit: 's' },
    ...latencyMetrics(`${o.prefix}.handshake`, r.handshake),
  };
  return {
    metrics,
    charts: [],
    histograms: [],
    notes: errorNotes(`${o.prefix} failures`, r.errors),
  };
}

interface LoadOptions {
  prefix: string;
  title: string;
  group: string;
  serverPid: number;
  durationMs: number;
  warmupMs: number;
  drainMs: number;
  payloadBytes: number;
}

/** Runs `load` inside a measurement window with CPU meters and the resource sampler. */
async function measured(
  lg: LoadGenerator,
  o: LoadOptions,
  kind: Kind,
  loop: 'open' | 'closed',
  load: (startAt: number) => Promise<unknown>,
): Promise<PhaseOutput & { count: number; sentInWindow: number; windowS: number }> {
  const startAt = epochMs() + 300;
  const from = startAt + o.warmupMs;
  const until = startAt + o.durationMs;
  await lg.window(from, until, startAt);
  const stopSampler = startSampler(o.title, o.serverPid, lg.pids());
  const cpu = Bun.sleep(from - epochMs()).then(async () => {
    const server = startCpuMeter([o.serverPid]);
    const loadgen = startCpuMeter(lg.pids());
    const machine = startSystemCpuMeter();
    await Bun.sleep(until - epochMs());
    return { server: server(), loadgen: loadgen(), machine: machine() };
  });
  await load(startAt);
  const cpuPct = await cpu;
  await Bun.sleep(o.drainMs);
  const drainedMs = o.drainMs + (await lg.drain(1000, 30_000));
  const resources = stopSampler();
  const merged = await lg.collect();
  const windowS = (until - from) / 1000;
  const k = merged.kinds[kind];
  const p = o.prefix;
  const metrics: Record<string, Metric> = {
    ...(k ? latencyMetrics(`${p}.latency`, k.histogram) : {}),
    [`${p}.max_gap_ms`]: {
      value: k?.maxGapMs ?? 0,
      unit: 'ms',
      label: `${p} largest pause between replies`,
    },
    [`${p}.loadgen_stall_ms`]: { value: merged.stallMs, unit: 'ms' },
    [`${p}.drain_s`]: {
      value: drainedMs / 1000,
      unit: 's',
      label: `${p} wait after the load until replies stopped (backlog)`,
    },
    [`${p}.server_cpu_pct`]: { value: cpuPct.server, unit: '%' },
    [`${p}.loadgen_cpu_pct`]: { value: cpuPct.loadgen, unit: '%' },
    [`${p}.machine_cpu_pct`]: {
      value: cpuPct.machine,
      unit: '%',
      label: `${p} whole machine CPU (of 200 %, kernel included)`,
    },
    [`${p}.other_cpu_pct`]: {
      value: Math.max(0, cpuPct.machine - cpuPct.server - cpuPct.loadgen),
      unit: '%',
      label: `${p} CPU of everything else (kernel network path, other processes)`,
    },
    [`${p}.server_peak_rss_mb`]: { value: resources.peakRss / 1048576, unit: 'MB' },
  };
  const toPoints = (series: number[]) => series.map((v, i) => [i, v] as [number, number]);
  const charts: Chart[] = [
    {
      title: `${o.title}: messages per second`,
      unit: 'msg/s',
      lines: [
        { name: 'sent', points: toPoints(merged.sentPerSecond) },
        { name: `${kind} received`, points: toPoints(k?.perSecond ?? []) },
      ],
    },
    ...resources.charts,
  ];
  const histograms = k
    ? [
        {
          name: `${p}.latency`,
          title: `${o.title}: ${kind} latency`,
          base64: encodeHistogram(k.histogram),
          loop,
        },
      ]
    : [];
  const notes = errorNotes(`${p} error frames`, merged.errors);
  const busy = busyElsewhere();
  if (busy) notes.push(`${p}: ${busy}`);
  return {
    metrics,
    charts,
    histograms,
    notes,
    count: k?.count ?? 0,
    sentInWindow: merged.sentInWindow,
    windowS,
  };
}

/**
 * Open loop at `ratePerSec` for `durationMs` (the first `warmupMs` not recorded); latency of
 * the `kind` replies from each message's intended send time. Metrics include offered and
 * achieved rate and `unanswered` (sent in the window, no reply within `drainMs`).
 */
export async function openLoopPhase(
  lg: LoadGenerator,
  o: LoadOptions & { kind: Kind; ratePerSec: number; senders: 'all' | 'assigned' },
): Promise<PhaseOutput> {
  let unsent = 0;
  const r = await measured(lg, o, o.kind, 'open', async (startAt) => {
    const result = await lg.openLoop(o.group, {
      ratePerSec: o.ratePerSec,
      startAt,
      durationMs: o.durationMs,
      payloadBytes: o.payloadBytes,
      senders: o.senders,
    });
    unsent = result.unsent;
  });
  r.metrics[`${o.prefix}.offered_rate`] = { value: r.sentInWindow / r.windowS, unit: 'msg/s' };
  r.metrics[`${o.prefix}.achieved_rate`] = { value: r.count / r.windowS, unit: 'msg/s' };
  r.metrics[`${o.prefix}.unanswered`] = {
    value: Math.max(0, r.sentInWindow - r.count),
    unit: 'count',
  };
  if (unsent > 0) r.notes.push(`${o.prefix}: ${unsent} messages not sent (socket closed)`);
  return r;
}

/** Closed loop: `senders` connections keep `depth` messages in flight; metric: throughput. */
export async function closedLoopPhase(
  lg: LoadGenerator,
  o: LoadOptions & { reply: ReplyKind; senders: number; depth: number },
): Promise<PhaseOutput> {
  const r = await measured(lg, o, o.reply, 'closed', (startAt) =>
    lg.closedLoop(o.group, {
      senders: o.senders,
      depth: o.depth,
      startAt,
      durationMs: o.durationMs,
      payloadBytes: o.payloadBytes,
      reply: o.reply,
    }),
  );
  r.metrics[`${o.prefix}.throughput`] = {
    value: r.count / r.windowS,
    unit: 'msg/s',
    label: `${o.prefix} sustained ${o.reply}s per second`,
  };
  return r;
}

/** Concatenates phase outputs into one. */
export function combine(...parts: PhaseOutput[]): PhaseOutput {
  return {
    metrics: Object.assign({}, ...parts.map((p) => p.metrics)),
    charts: parts.flatMap((p) => p.charts),
    histograms: parts.flatMap((p) => p.histograms),
    notes: parts.flatMap((p) => p.notes),
  };
}
