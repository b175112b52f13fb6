/**
 * Loads one HTTP route with autocannon in a separate process and reads both CPUs: the
 * client is "saturated" when its one thread was busy ≥ 90 % of the time, in which case the
 * req/s is the client's limit, not the server's.
 */
import { join } from 'node:path';
import { startCpuMeter } from '../lib/proc-stats.ts';
import { spawnTracked } from '../lib/procs.ts';
import type { Metric } from '../lib/types.ts';
import type { RunSpec } from './autocannon-runner.ts';

/** What one route did: req/s, p99, 2xx share, its metrics and a one-line verdict. */
export interface RouteResult {
  rps: number;
  p99: number;
  okShare: number;
  metrics: Record<string, Metric>;
  note: string;
}

/** Runs autocannon on `spec` and returns `<name>.*` metrics. */
export async function loadRoute(
  bun: string,
  name: string,
  serverPid: number,
  spec: RunSpec,
): Promise<RouteResult> {
  const proc = spawnTracked(
    [bun, join(import.meta.dir, 'autocannon-runner.ts'), JSON.stringify(spec)],
    { stdout: 'pipe', stderr: 'inherit' },
  );
  const client = startCpuMeter([proc.pid]);
  const server = startCpuMeter([serverPid]);
  const clientCpu = new Promise<number>((resolve) =>
    setTimeout(() => resolve(client()), spec.durationS * 1000),
  );
  const serverCpu = new Promise<number>((resolve) =>
    setTimeout(() => resolve(server()), spec.durationS * 1000),
  );
  const out = await new Response(proc.stdout as ReadableStream).text();
  if ((await proc.exited) !== 0) throw new Error(`autocannon on ${name} failed`);
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number> & {
    statuses?: Record<string, number>;
  };
  const [clientPct, serverPct] = [await clientCpu, await serverCpu];
  const all = (r.ok ?? 0) + (r.non2xx ?? 0);
  const okShare = all > 0 ? (r.ok ?? 0) / all : 0;
  const saturated = clientPct >= 90;
  const metrics: Record<string, Metric> = {
    [`${name}.rps`]: { value: r.rps ?? 0, unit: 'req/s' },
    [`${name}.p50_ms`]: { value: r.p50 ?? 0, unit: 'ms' },
    [`${name}.p99_ms`]: { value: r.p99 ?? 0, unit: 'ms' },
    [`${name}.ok_share`]: { value: okShare, unit: 'ratio', label: `${name} share of 2xx answers` },
    [`${name}.client_cpu_pct`]: { value: clientPct, unit: '%' },
    [`${name}.server_cpu_pct`]: { value: serverPct, unit: '%' },
    [`${name}.client_saturated`]: { value: saturated ? 1 : 0, unit: 'bool' },
  };
  const limit = saturated
    ? 'client-bound (autocannon ≥ 90 % CPU)'
    : serverPct >= 90
      ? 'server-bound'
      : 'neither side at 100 %';
  const note = `${name}: ${Math.round(r.rps ?? 0)} req/s, ${r.non2xx} non-2xx (statuses ${JSON.stringify(r.statuses ?? {})}), ${r.errors} errors — ${limit}`;
  return { rps: r.rps ?? 0, p99: r.p99 ?? 0, okShare, metrics, note };
}
