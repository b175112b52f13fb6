/**
 * The frame around every load phase: a measurement window in the workers (warm-up not
 * recorded), CPU meters on server, generators and the whole machine over exactly that window,
 * the resource sampler, a drain until replies stop, then the merged result as metrics,
 * charts and the latency histogram.
 */
import { encodeHistogram, latencyMetrics } from '../histogram.ts';
import type { LoadGenerator } from '../loadgen/driver.ts';
import type { Kind } from '../loadgen/protocol.ts';
import { busyElsewhere } from '../machine.ts';
import { startCpuMeter, startSystemCpuMeter } from '../proc-stats.ts';
import { startSampler } from '../sampler.ts';
import type { Chart, Metric } from '../types.ts';
import { errorNotes, type PhaseOutput } from './output.ts';

const epochMs = () => performance.timeOrigin + performance.now();

/** Options every load phase takes. */
export interface LoadOptions {
  prefix: string;
  title: string;
  group: string;
  /** The server process, or every process of a server with `--workers` (CPU and RSS summed). */
  serverPid: number | number[];
  durationMs: number;
  warmupMs: number;
  drainMs: number;
  payloadBytes: number;
  /** Real texts to send in turn instead of the bench text (see senders.ts). */
  texts?: string[];
}

/** Runs `load` inside a measurement window with CPU meters and the resource sampler. */
export async function measured(
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
    const server = startCpuMeter([o.serverPid].flat());
    const loadgen = startCpuMeter(lg.pids());
    const machine = startSystemCpuMeter();
    await Bun.sleep(until - epochMs());
    return { server: server(), loadgen: loadgen(), machine: machine() };
  });
  await load(startAt);
  const cpuPct = await cpu;
  await Bun.sleep(o.drainMs);
  // kefu can pause for seconds under a backlog: 2 s without replies counts as drained.
  const drainedMs = o.drainMs + (await lg.drain(2000, 30_000));
  const resources = stopSampler();
  const merged = await lg.collect();
  const windowS = (until - from) / 1000;
  const k = merged.kinds[kind];
  const p = o.prefix;
  const metrics: Record<string, Metric> = {
    ...(k ? latencyMetrics(`${p}.latency`, k.histogram) : {}),
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
  // No replies means no pause was measured: leave the metric out rather than report 0.
  if (k && k.count > 1) {
    metrics[`${p}.max_gap_ms`] = {
      value: k.maxGapMs,
      unit: 'ms',
      label: `${p} largest pause between replies`,
    };
  }
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
