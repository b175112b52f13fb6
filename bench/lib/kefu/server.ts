/**
 * Starting kefu the way an operator would, per the bench contract: a fresh data dir,
 * `bun src/cli.ts serve` with KEFU_PORT / KEFU_DATA_DIR / KEFU_LOG_LEVEL=warn (+ KEFU_DB_URL),
 * rate limits raised for load, ready when `GET /readyz` answers 200. With `--workers N` the
 * serve process only supervises: it is ready once N workers answer on the shared port.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onInterrupt, spawnTracked, stopProcess } from '../procs.ts';
import { freePort, type RunningServer, waitReady } from '../servers.ts';
import type { SuiteContext } from '../types.ts';

/** A data dir and the environment every kefu command of one suite run shares. */
export interface KefuEnv {
  port: number;
  dataDir: string;
  env: Record<string, string>;
}

/** A running kefu process and its HTTP base URL. */
export interface KefuServer extends RunningServer {
  baseUrl: string;
  /**
   * The processes that serve connections: the serve process itself, or with `--workers N`
   * its N worker children (read afresh: the supervisor restarts a worker that dies).
   */
  servingPids: () => number[];
}

/** Child pids of a process, from `/proc/<pid>/task/<tid>/children`. */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Whether process `pid` still is a kefu of the data dir `dataDir` (its environment says so). */
function runsIn(pid: number, dataDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .includes(`KEFU_DATA_DIR=${dataDir}`);
  } catch {
    return false;
  }
}

/**
 * Waits until `workers` distinct nodes have answered `/healthz` (each request on a fresh
 * connection, so SO_REUSEPORT spreads them) and the supervisor has that many children.
 */
async function waitWorkers(baseUrl: string, pid: number, workers: number, timeoutMs: number) {
  const nodes = new Set<string>();
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/healthz`, {
        headers: { connection: 'close' },
        signal: AbortSignal.timeout(1000),
      });
      nodes.add(((await response.json()) as { node: string }).node);
    } catch {
      await Bun.sleep(100);
    }
    if (nodes.size >= workers && childPids(pid).length >= workers) return;
  }
  throw new Error(`${nodes.size} of ${workers} workers answered within ${timeoutMs} ms`);
}

/** Why kefu cannot be benchmarked on this checkout, or undefined if it can. */
export function kefuMissing(ctx: SuiteContext): string | undefined {
  return existsSync(join(ctx.root, 'src/cli.ts'))
    ? undefined
    : 'kefu server not on this branch yet (no src/cli.ts; merge main)';
}

/** A fresh data dir and the env for `src/cli.ts` (optionally on MySQL). */
export function kefuEnv(dbUrl?: string): KefuEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-bench-'));
  onInterrupt(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    KEFU_PORT: String(port),
    KEFU_DATA_DIR: dataDir,
    KEFU_LOG_LEVEL: 'warn',
    KEFU_RATE_LIMIT_PER_SEC: '100000',
    KEFU_RATE_LIMIT_BURST: '100000',
    // Every simulated customer comes from 127.0.0.1 (the abuse suite sets its own limits).
    KEFU_MAX_CONNS_PER_IP: '1000000',
    KEFU_HTTP_RATE_PER_IP: '0',
    KEFU_HTTP_RATE_PER_TENANT: '0',
    KEFU_WS_RATE_PER_IP: '0',
  };
  if (dbUrl) env.KEFU_DB_URL = dbUrl;
  else delete env.KEFU_DB_URL;
  return { port, dataDir, env };
}

/** Runs `bun src/cli.ts <args>` and returns its JSON output (the last JSON line). */
export async function kefuCli(
  ctx: SuiteContext,
  k: KefuEnv,
  args: string[],
): Promise<Record<string, unknown>> {
  const proc = spawnTracked([ctx.bun, 'src/cli.ts', ...args], {
    cwd: ctx.root,
    env: k.env,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout as ReadableStream).text(),
    new Response(proc.stderr as ReadableStream).text(),
    proc.exited,
  ]);
  if (code !== 0)
    throw new Error(`kefu ${args.slice(0, 2).join(' ')} exited ${code}: ${err.trim().slice(-400)}`);
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line)
    throw new Error(`kefu ${args.slice(0, 2).join(' ')}: no JSON in output: ${out.slice(-200)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/**
 * Starts `bun src/cli.ts serve` (`--workers N` when `workers` > 1, which needs KEFU_REDIS_URL
 * in `k.env`); output goes to `<dataDir>/server.log`, shown if it fails.
 */
export async function startKefu(ctx: SuiteContext, k: KefuEnv, workers = 1): Promise<KefuServer> {
  const logPath = join(k.dataDir, 'server.log');
  const args = workers > 1 ? ['serve', '--workers', String(workers)] : ['serve'];
  const proc = spawnTracked([ctx.bun, 'src/cli.ts', ...args], {
    cwd: ctx.root,
    env: k.env,
    stdout: Bun.file(logPath),
    stderr: Bun.file(logPath),
  });
  const baseUrl = `http://127.0.0.1:${k.port}`;
  const servingPids = () => (workers > 1 ? childPids(proc.pid) : [proc.pid]);
  // Workers are not tracked children of the bench: if the supervisor is killed, kill them too,
  // each only while its environment still names this run's data dir (pids get reused).
  let known: number[] = [];
  const killWorkers = () => {
    for (const pid of new Set([...known, ...servingPids()])) {
      if (pid === proc.pid || !runsIn(pid, k.dataDir)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const forget = workers > 1 ? onInterrupt(killWorkers) : () => {};
  try {
    await waitReady(`${baseUrl}/readyz`, proc, 60_000);
    if (workers > 1) await waitWorkers(baseUrl, proc.pid, workers, 60_000);
    known = servingPids();
  } catch (error) {
    await stopProcess(proc);
    if (workers > 1) killWorkers();
    forget();
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-600) : '';
    throw new Error(`${(error as Error).message}; server log: ${log}`);
  }
  return {
    port: k.port,
    pid: proc.pid,
    proc,
    baseUrl,
    servingPids,
    stop: async () => {
      if (workers > 1) known = [...new Set([...known, ...servingPids()])];
      await stopProcess(proc, 10_000);
      // The supervisor waits for its workers on SIGTERM; after a SIGKILL some may be left.
      if (workers > 1) killWorkers();
      forget();
      rmSync(k.dataDir, { recursive: true, force: true });
    },
  };
}
