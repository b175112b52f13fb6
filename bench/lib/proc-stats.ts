/**
 * CPU and memory of processes, read from /proc: CPU time from `/proc/<pid>/stat`
 * (utime + stime), resident memory from `VmRSS` in `/proc/<pid>/status`.
 * CPU percentages are of one core (200 % = both cores of this machine busy).
 */
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = Bun.spawnSync(['getconf', 'CLK_TCK']).stdout.toString().trim();
    clockTicks = Number(out) > 0 ? Number(out) : 100;
  }
  return clockTicks;
}

/** CPU seconds (user + system) the process has used so far, or undefined if it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** Resident set size in bytes, or undefined if the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Total CPU seconds of several processes (missing ones count as 0). */
export function totalCpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

/**
 * Starts measuring the CPU of a set of processes; the returned function gives the average
 * CPU % (of one core) since the start.
 * @example const stop = startCpuMeter([serverPid]); …; const pct = stop();
 */
export function startCpuMeter(pids: number[]): () => number {
  const cpu0 = totalCpuSeconds(pids);
  const t0 = performance.now();
  return () => {
    const elapsed = (performance.now() - t0) / 1000;
    return elapsed > 0 ? ((totalCpuSeconds(pids) - cpu0) / elapsed) * 100 : 0;
  };
}

/** Busy CPU seconds of the whole machine (all cores, softirq included) from /proc/stat. */
export function systemBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    ticksPerSecond()
  );
}

/** Like `startCpuMeter`, for the whole machine: CPU % of one core (200 % = 2 cores busy). */
export function startSystemCpuMeter(): () => number {
  const busy0 = systemBusySeconds();
  const t0 = performance.now();
  return () => ((systemBusySeconds() - busy0) / ((performance.now() - t0) / 1000)) * 100;
}
