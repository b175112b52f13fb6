/**
 * Part 1 of the cluster suite: `customers` idle widget customers on `kefu serve --workers N`
 * (one port, SO_REUSEPORT), from several load-generator processes over 127.0.0.1–9. Reports
 * opened/failed, ramp time, the RSS of all worker processes summed and per connection, and
 * how the kernel spread the sockets over the workers (open files per worker).
 */
import { readdirSync } from 'node:fs';
import type { Kefu } from '../lib/kefu/setup.ts';
import type { LoadGenerator } from '../lib/loadgen/driver.ts';
import { emptyServerRss, perConnectionKb } from '../lib/memory.ts';
import { connectPhase, type PhaseOutput } from '../lib/phases/index.ts';
import { rssBytes, startCpuMeter } from '../lib/proc-stats.ts';
import type { Metric } from '../lib/types.ts';

/** The open-file limit of one process on this machine (hard; `ulimit -n` cannot raise it). */
export const OPEN_FILE_LIMIT = 20_000;

/** Open files of a process (sockets included), or 0 if it is gone. */
function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

const mb = (bytes: number) => bytes / 1048576;

/** Ramps `customers` up on a running `--workers` kefu and measures what they cost. */
export async function idleCustomers(
  kefu: Kefu,
  lg: LoadGenerator,
  o: { customers: number; workers: number; rampRate: number; progress: (text: string) => void },
): Promise<PhaseOutput> {
  const pids = kefu.server.servingPids();
  const urls = kefu.customerUrls('web');
  o.progress('empty cluster RSS');
  const emptyRss = await emptyServerRss(lg, pids, 'web', urls);
  const serverCpu = startCpuMeter(pids);
  const loadgenCpu = startCpuMeter(lg.pids());
  const connect = await connectPhase(lg, {
    prefix: 'connect',
    group: 'customers',
    dialect: 'web',
    count: o.customers,
    urls,
    ratePerSec: o.rampRate,
  });
  const m: Record<string, Metric> = { ...connect.metrics };
  m['connect.server_cpu_pct'] = {
    value: serverCpu(),
    unit: '%',
    label: 'CPU of all workers during the ramp (100 % = one core)',
  };
  m['connect.loadgen_cpu_pct'] = { value: loadgenCpu(), unit: '%' };
  const opened = m['connect.opened']?.value ?? 0;
  m['connect.rate'] = { value: opened / (m['connect.ramp_s']?.value || 1), unit: 'conn/s' };
  const files = pids.map(openFiles);
  m.worker_files_max = {
    value: Math.max(...files),
    unit: 'count',
    label: `open files of the busiest worker (limit ${OPEN_FILE_LIMIT} per process)`,
  };
  m.worker_files_min = { value: Math.min(...files), unit: 'count' };

  o.progress('waiting for the RSS of all workers to settle');
  const memory = await perConnectionKb(pids, emptyRss, opened);
  m.workers = { value: pids.length, unit: 'count', label: 'kefu worker processes' };
  m.empty_rss_mb = { value: mb(emptyRss), unit: 'MB', label: 'RSS of all workers, no customers' };
  m.idle_rss_mb = {
    value: mb(memory.idleRss),
    unit: 'MB',
    label: 'RSS of all workers with every customer connected (summed)',
  };
  m.rss_per_conn_kb = {
    value: memory.perConnKb,
    unit: 'KB',
    label: 'RSS per idle customer above the empty cluster (all workers)',
  };
  const supervisorRss = rssBytes(kefu.server.pid) ?? 0;
  m.server_rss_mb = {
    value: mb(memory.idleRss + supervisorRss),
    unit: 'MB',
    label: 'RSS of every kefu process (workers + supervisor) with every customer connected',
  };
  const workerRss = pids.map((pid) => rssBytes(pid) ?? 0);
  m.worker_rss_max_mb = { value: mb(Math.max(...workerRss)), unit: 'MB' };
  m.supervisor_rss_mb = {
    value: mb(supervisorRss),
    unit: 'MB',
    label: 'RSS of the supervising serve process (not in idle_rss_mb)',
  };
  const alive = await lg.count('customers');
  m.still_open = {
    value: alive.ready,
    unit: 'count',
    label: 'customers still connected after the idle wait',
  };

  const notes = [
    ...connect.notes,
    `open files per worker after the ramp: ${files.join(', ')} (limit ${OPEN_FILE_LIMIT})`,
  ];
  if (alive.dropped) notes.push(`dropped while idle: ${JSON.stringify(alive.closeCodes)}`);
  const now = kefu.server.servingPids();
  const restarted = pids.filter((pid) => !now.includes(pid));
  if (restarted.length)
    notes.push(`workers restarted during the run (pids ${restarted.join(', ')})`);
  m.worker_restarts = { value: restarted.length, unit: 'count' };
  return { metrics: m, charts: [], histograms: [], notes };
}
