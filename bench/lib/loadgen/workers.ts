/**
 * The worker processes of the load generator and the IPC between them and the driver:
 * spawn, send a command to some or all, get the answers in worker order, stop.
 */
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { spawnTracked, stopProcess } from '../procs.ts';
import type { Command, Reply } from './protocol.ts';

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type WorkerMessage = Reply & { ready?: number; progress?: WorkerProgress };

/** Unsolicited progress of one worker, e.g. `{label: 'customers open', done, total}`. */
export interface WorkerProgress {
  label: string;
  done: number;
  total: number;
}

/** The worker processes and the request/answer plumbing over IPC. */
export class WorkerProcs {
  private nextId = 1;
  private readonly procs: Subprocess[] = [];
  private readonly waiters: Map<number, Waiter>[] = [];

  /** Spawns `count` workers (`worker.ts <index>`) and waits until each said it is ready. */
  static async start(
    bun: string,
    count: number,
    onProgress: (worker: number, progress: WorkerProgress) => void,
  ): Promise<WorkerProcs> {
    const workers = new WorkerProcs();
    const script = join(import.meta.dir, 'worker.ts');
    await Promise.all(
      Array.from({ length: count }, (_, w) => {
        const waiters = new Map<number, Waiter>();
        workers.waiters.push(waiters);
        return new Promise<void>((ready, failed) => {
          const proc = spawnTracked([bun, script, String(w)], {
            stdio: ['ignore', 'inherit', 'inherit'],
            serialization: 'json',
            ipc: (message: WorkerMessage) => {
              if (message.ready !== undefined) return ready();
              if (message.progress) return onProgress(w, message.progress);
              const waiter = waiters.get(message.id);
              waiters.delete(message.id);
              if (message.ok) waiter?.resolve(message.result);
              else waiter?.reject(new Error(`load worker ${w}: ${message.error}`));
            },
          });
          proc.exited.then((code) => {
            const error = new Error(`load worker ${w} exited (${code})`);
            failed(error);
            for (const waiter of waiters.values()) waiter.reject(error);
            waiters.clear();
          });
          workers.procs.push(proc);
        });
      }),
    );
    return workers;
  }

  get count(): number {
    return this.procs.length;
  }

  /** Process ids, for CPU accounting. */
  pids(): number[] {
    return this.procs.map((p) => p.pid);
  }

  /**
   * Sends `command(w)` to every worker for which it returns a command; resolves with the
   * answers of those workers, in worker order.
   */
  async all<T>(command: (worker: number) => Command | undefined): Promise<T[]> {
    const calls = this.procs.map((proc, w) => {
      const c = command(w);
      if (!c) return undefined;
      const id = this.nextId++;
      return new Promise<T>((resolve, reject) => {
        this.waiters[w]!.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, command: c });
      });
    });
    const answers = await Promise.all(calls);
    return answers.filter((a): a is Awaited<T> => a !== undefined) as T[];
  }

  /** Asks every worker to exit, then kills whichever has not after a grace period. */
  async stop(): Promise<void> {
    for (const proc of this.procs) {
      try {
        proc.send({ id: 0, command: { cmd: 'exit' } });
      } catch {
        // the worker is gone already
      }
    }
    await Promise.all(this.procs.map((p) => Promise.race([p.exited, Bun.sleep(2000)])));
    await Promise.all(this.procs.map((p) => stopProcess(p, 1000)));
  }
}
