/**
 * Starting kefu the way an operator would, per the bench contract: a fresh data dir,
 * `bun src/cli.ts serve` with KEFU_PORT / KEFU_DATA_DIR / KEFU_LOG_LEVEL=warn (+ KEFU_DB_URL),
 * rate limits raised for load, ready when `GET /readyz` answers 200.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Starts `bun src/cli.ts serve`; output goes to `<dataDir>/server.log`, shown if it fails. */
export async function startKefu(ctx: SuiteContext, k: KefuEnv): Promise<KefuServer> {
  const logPath = join(k.dataDir, 'server.log');
  const proc = spawnTracked([ctx.bun, 'src/cli.ts', 'serve'], {
    cwd: ctx.root,
    env: k.env,
    stdout: Bun.file(logPath),
    stderr: Bun.file(logPath),
  });
  try {
    await waitReady(`http://127.0.0.1:${k.port}/readyz`, proc, 60_000);
  } catch (error) {
    await stopProcess(proc);
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-600) : '';
    throw new Error(`${(error as Error).message}; server log: ${log}`);
  }
  return {
    port: k.port,
    pid: proc.pid,
    proc,
    baseUrl: `http://127.0.0.1:${k.port}`,
    stop: async () => {
      await stopProcess(proc, 10_000);
      rmSync(k.dataDir, { recursive: true, force: true });
    },
  };
}
