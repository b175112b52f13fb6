/**
 * Starting the servers under test as separate processes and knowing when they are ready:
 * free ports, readiness polling, and the nine loopback destination addresses that spread
 * client sockets over enough ephemeral ports.
 */
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { spawnTracked, stopProcess } from './procs.ts';

/** A running server process. */
export interface RunningServer {
  port: number;
  pid: number;
  proc: Subprocess;
  stop: () => Promise<void>;
}

/** A TCP port that was free a moment ago. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: '0.0.0.0', port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/**
 * One URL per destination address 127.0.0.1 … 127.0.0.9 (Bun's WebSocket client cannot pick
 * a local address, so spreading over destinations avoids ephemeral-port exhaustion).
 */
export function loopbackUrls(port: number, pathAndQuery: string, scheme = 'ws'): string[] {
  return Array.from({ length: 9 }, (_, i) => `${scheme}://127.0.0.${i + 1}:${port}${pathAndQuery}`);
}

/** Polls `url` until it answers 200; throws after `timeoutMs` or if `proc` exits first. */
export async function waitReady(url: string, proc: Subprocess, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`server exited (${proc.exitCode ?? proc.signalCode}) before ready`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(100);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** Starts the bare Bun echo server (bench/baseline/echo-server.ts) on a free port. */
export async function startEchoServer(bun: string): Promise<RunningServer> {
  const port = freePort();
  const proc = spawnTracked([bun, join(import.meta.dir, '../baseline/echo-server.ts')], {
    env: { ...process.env, BENCH_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitReady(`http://127.0.0.1:${port}/readyz`, proc);
  return { port, pid: proc.pid, proc, stop: () => stopProcess(proc) };
}
