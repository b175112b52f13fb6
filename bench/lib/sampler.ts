/**
 * Samples, once a second, the CPU % and RSS of the server and the CPU % of the load generator
 * processes while a phase runs, for the "over time" charts.
 */

import { rssBytes, totalCpuSeconds } from './proc-stats.ts';
import type { Chart } from './types.ts';

/** What the resource sampler saw. */
export interface ResourceSamples {
  /** Charts: CPU % of server and load generators; server RSS in MB. */
  charts: Chart[];
  /** Highest server RSS seen during the phase, bytes (summed over its processes). */
  peakRss: number;
}

/**
 * Starts sampling; call the returned function to stop and get the charts.
 * `label` prefixes the chart titles (e.g. the phase name).
 */
export function startSampler(
  label: string,
  serverPid: number | number[],
  loadgenPids: number[],
  intervalMs = 1000,
): () => ResourceSamples {
  const t0 = performance.now();
  const serverCpu: [number, number][] = [];
  const loadgenCpu: [number, number][] = [];
  const rss: [number, number][] = [];
  let peakRss = 0;
  let lastT = t0;
  const serverPids = [serverPid].flat();
  let lastServer = totalCpuSeconds(serverPids);
  let lastLoadgen = totalCpuSeconds(loadgenPids);
  const timer = setInterval(() => {
    const now = performance.now();
    const dt = (now - lastT) / 1000;
    const server = totalCpuSeconds(serverPids);
    const loadgen = totalCpuSeconds(loadgenPids);
    const t = Math.round((now - t0) / 100) / 10;
    serverCpu.push([t, ((server - lastServer) / dt) * 100]);
    loadgenCpu.push([t, ((loadgen - lastLoadgen) / dt) * 100]);
    const bytes = totalRssBytes(serverPids);
    peakRss = Math.max(peakRss, bytes);
    rss.push([t, bytes / 1048576]);
    lastT = now;
    lastServer = server;
    lastLoadgen = loadgen;
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return {
      peakRss,
      charts: [
        {
          title: `${label}: CPU (100 % = one core)`,
          unit: '%',
          lines: [
            { name: 'server', points: serverCpu },
            { name: 'load generators', points: loadgenCpu },
          ],
        },
        { title: `${label}: server RSS`, unit: 'MB', lines: [{ name: 'RSS', points: rss }] },
      ],
    };
  };
}

/** RSS of several processes summed, bytes (missing ones count as 0). */
export function totalRssBytes(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (rssBytes(pid) ?? 0), 0);
}

/**
 * Waits until the RSS of a process (or the sum over several) stops moving (two samples
 * `intervalMs` apart within `tolerance`), at most `maxMs`; returns the last sample in bytes.
 */
export async function settledRss(
  pid: number | number[],
  maxMs = 15_000,
  intervalMs = 1000,
  tolerance = 0.005,
): Promise<number> {
  const deadline = performance.now() + maxMs;
  const pids = [pid].flat();
  let previous = totalRssBytes(pids);
  while (performance.now() < deadline) {
    await Bun.sleep(intervalMs);
    const current = totalRssBytes(pids);
    if (Math.abs(current - previous) <= previous * tolerance) return current;
    previous = current;
  }
  return previous;
}
