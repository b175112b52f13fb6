/**
 * Where and on what the numbers were measured: CPU model, cores, memory, kernel, Bun version,
 * load average at start, and the git commit with a dirty flag.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { startSystemCpuMeter } from './proc-stats.ts';

/** The machine a report was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  bun: string;
  loadAverage: number[];
  openFileLimit: string;
  hostname: string;
}

/** The commit a report was measured on. */
export interface GitInfo {
  commit: string;
  branch: string;
  dirty: boolean;
}

function sh(cmd: string[], cwd: string): string {
  const result = Bun.spawnSync(cmd, { cwd, stderr: 'ignore' });
  return result.success ? result.stdout.toString().trim() : '';
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // not Linux
  }
  return {
    cpuModel,
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    bun: Bun.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    openFileLimit: sh(['sh', '-c', 'ulimit -n'], '/'),
    hostname: os.hostname(),
  };
}

/** The commit the bench ran on; `dirty` when tracked files differ from it. */
export function gitInfo(root: string): GitInfo {
  return {
    commit: sh(['git', 'rev-parse', 'HEAD'], root) || 'unknown',
    branch: sh(['git', 'rev-parse', '--abbrev-ref', 'HEAD'], root),
    dirty: sh(['git', 'status', '--porcelain', '--untracked-files=no'], root) !== '',
  };
}

/**
 * Other processes using ≥ 20 % of a core (lifetime average, from ps), if any: this machine is
 * shared, and their CPU disturbs the numbers. The bench's own processes are left out.
 */
export function busyElsewhere(): string | undefined {
  const ps = Bun.spawnSync(['ps', '-eo', 'pid=,pcpu=,args=', '--sort=-pcpu']).stdout.toString();
  const mine = new Set([process.pid]);
  const others = ps
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+([\d.]+)\s+(.*)$/))
    .filter(
      (m): m is RegExpMatchArray => m !== null && !mine.has(Number(m[1])) && Number(m[2]) >= 20,
    )
    .filter((m) => !m[3]!.includes('/bench/') && !m[3]!.includes('src/cli.ts serve'));
  return others.length
    ? `other busy processes on the machine: ${others.map((m) => `${m[3]!.slice(0, 40)} (${m[2]} %)`).join(', ')}`
    : undefined;
}

/**
 * Measures how busy the machine is (CPU % of one core, all processes) over one second, and
 * with `maxWaitS` > 0 keeps measuring until it drops under `thresholdPct` or the time is up.
 * This machine is shared: the result goes into the suite's notes.
 */
export async function waitForQuiet(
  maxWaitS: number,
  thresholdPct = 25,
): Promise<{ busyPct: number; waitedS: number }> {
  const t0 = performance.now();
  for (;;) {
    const meter = startSystemCpuMeter();
    await Bun.sleep(1000);
    const busyPct = meter();
    const waitedS = (performance.now() - t0) / 1000;
    if (busyPct < thresholdPct || waitedS >= maxWaitS) return { busyPct, waitedS };
  }
}
