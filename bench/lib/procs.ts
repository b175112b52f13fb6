/**
 * Every child process the bench starts goes through `spawnTracked`, so that an error, Ctrl-C
 * or a normal exit kills exactly those processes (by pid) and nothing else.
 */
import type { Subprocess } from 'bun';

const live = new Set<Subprocess>();

type SpawnOptions = Parameters<typeof Bun.spawn>[1];

/** Spawns a child process and remembers it until it exits. */
export function spawnTracked(cmd: string[], options: SpawnOptions = {}): Subprocess {
  const child = Bun.spawn(cmd, options);
  live.add(child);
  child.exited.then(() => live.delete(child));
  return child;
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(child: Subprocess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Kills every tracked child at once (used on exit and on signals). */
export function killAllTracked(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

const cleanups = new Set<() => void | Promise<void>>();

/**
 * Registers work to undo if the bench is interrupted (a temp dir, a scratch database);
 * returns the function that unregisters it once the suite has undone it itself.
 */
export function onInterrupt(undo: () => void | Promise<void>): () => void {
  cleanups.add(undo);
  return () => cleanups.delete(undo);
}

/** Installs the handlers that clean up children on Ctrl-C, SIGTERM, a crash and exit. */
export function installCleanup(): void {
  process.on('exit', killAllTracked);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, async () => {
      process.stderr.write(`\n${signal}: stopping child processes\n`);
      killAllTracked();
      const undo = [...cleanups].map(async (fn) => fn());
      await Promise.race([Promise.allSettled(undo), Bun.sleep(3000)]);
      process.exit(130);
    });
  }
}

/**
 * Exits this (child) process when its parent disappears, so workers and the echo server never
 * outlive a bench that was killed with SIGKILL.
 */
export function exitWithParent(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000);
  timer.unref();
}
