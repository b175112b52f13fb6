/**
 * The parent side of the load generator: spawns worker processes (Bun IPC), splits
 * connections and offered rate over them, and merges what they measured.
 * @example
 *   const lg = await LoadGenerator.start({ bun, workers: 3 });
 *   await lg.connect('customers', 'web', 19_000, { urls, ratePerSec: 3000 });
 *   await lg.openLoop('customers', { ratePerSec: 10_000, … });
 *   await lg.stop();
 */
import { mergeCollected, mergeConnect, mergeCounts, mergeReconnect } from './merge.ts';
import type * as P from './protocol.ts';
import { WorkerProcs, type WorkerProgress } from './workers.ts';

/** Most connections one worker process holds (the open-file limit is 20,000 per process). */
export const MAX_PER_WORKER = 9000;

type Args<T> = Omit<T, 'cmd' | 'group'>;

/** How many worker processes, which bun, where progress goes. */
export interface LoadGeneratorOptions {
  bun: string;
  workers: number;
  onProgress?: (text: string) => void;
}

/** The load generator as the suites see it: groups of connections spread over worker processes. */
export class LoadGenerator {
  /** Connections per worker, by group. */
  private readonly shares = new Map<string, number[]>();
  private readonly progress = new Map<string, WorkerProgress[]>();
  private workers!: WorkerProcs;

  private constructor(private readonly onProgress: (text: string) => void) {}

  /** Spawns the workers and waits until each said it is ready. */
  static async start(options: LoadGeneratorOptions): Promise<LoadGenerator> {
    const lg = new LoadGenerator(options.onProgress ?? (() => {}));
    lg.workers = await WorkerProcs.start(options.bun, options.workers, (w, p) => lg.track(w, p));
    return lg;
  }

  /** Worker process ids (for CPU accounting). */
  pids(): number[] {
    return this.workers.pids();
  }

  private track(worker: number, p: WorkerProgress): void {
    const list = this.progress.get(p.label) ?? [];
    list[worker] = p;
    this.progress.set(p.label, list);
    const done = list.reduce((s, x) => s + (x?.done ?? 0), 0);
    const total = list.reduce((s, x) => s + (x?.total ?? 0), 0);
    this.onProgress(`${p.label} ${done}/${total}`);
  }

  private all<T>(command: (worker: number) => P.Command | undefined): Promise<T[]> {
    return this.workers.all<T>(command);
  }

  /** Opens `total` connections of a group, split evenly over the workers. */
  async connect(
    group: string,
    dialect: P.Dialect,
    total: number,
    o: Pick<P.ConnectCommand, 'urls' | 'ratePerSec'> & Partial<Args<P.ConnectCommand>>,
  ) {
    const n = this.workers.count;
    const counts = Array.from(
      { length: n },
      (_, w) => Math.floor(total / n) + (w < total % n ? 1 : 0),
    );
    const before = this.shares.get(group) ?? counts.map(() => 0);
    this.shares.set(
      group,
      counts.map((c, w) => c + (before[w] ?? 0)),
    );
    const base = before.reduce((a, b) => a + b, 0);
    const firsts = counts.map((_, w) => base + counts.slice(0, w).reduce((a, b) => a + b, 0));
    const results = await this.all<P.ConnectResult>((w) =>
      counts[w]
        ? {
            maxPending: 256,
            heartbeatMs: 25_000,
            timeoutMs: 120_000,
            ...o,
            cmd: 'connect',
            group,
            dialect,
            count: counts[w]!,
            firstIndex: firsts[w]!,
            ratePerSec: (o.ratePerSec * counts[w]!) / total,
          }
        : undefined,
    );
    return mergeConnect(results);
  }

  /** Starts a new measurement window in every worker (epoch ms). */
  async window(measureFrom: number, measureUntil: number, seriesStart: number): Promise<void> {
    await this.all(() => ({ cmd: 'window', measureFrom, measureUntil, seriesStart }));
  }

  /** Open-loop load: `ratePerSec` in total, split by each worker's share of the senders. */
  async openLoop(
    group: string,
    o: Args<P.OpenLoopCommand>,
  ): Promise<{ sent: number; unsent: number }> {
    const weights =
      o.senders === 'assigned'
        ? (await this.all<P.CountResult>(() => ({ cmd: 'count', group }))).map((c) => c.assigned)
        : (this.shares.get(group) ?? []);
    const total = weights.reduce((a, b) => a + b, 0);
    const results = await this.all<{ sent: number; unsent: number }>((w) =>
      weights[w]
        ? { ...o, cmd: 'openLoop', group, ratePerSec: (o.ratePerSec * weights[w]!) / total }
        : undefined,
    );
    return {
      sent: results.reduce((s, r) => s + r.sent, 0),
      unsent: results.reduce((s, r) => s + r.unsent, 0),
    };
  }

  /** Closed-loop load from `senders` connections in total. */
  async closedLoop(group: string, o: Args<P.ClosedLoopCommand>): Promise<number> {
    const shares = this.shares.get(group) ?? [];
    const total = shares.reduce((a, b) => a + b, 0);
    const results = await this.all<{ sent: number }>((w) =>
      shares[w]
        ? { ...o, cmd: 'closedLoop', group, senders: Math.ceil((o.senders * shares[w]!) / total) }
        : undefined,
    );
    return results.reduce((s, r) => s + r.sent, 0);
  }

  /** Every connection of the group sends one message (spread over `spreadMs`). */
  async sendOne(group: string, text: string, spreadMs: number): Promise<number> {
    const results = await this.all<{ sent: number }>(() => ({
      cmd: 'sendOne',
      group,
      text,
      spreadMs,
    }));
    return results.reduce((s, r) => s + r.sent, 0);
  }

  /** Connection counts of a group summed over the workers. */
  async count(group: string): Promise<P.CountResult> {
    return mergeCounts(await this.all<P.CountResult>(() => ({ cmd: 'count', group })));
  }

  /** The current measurement window of every worker, merged. */
  async collect() {
    return mergeCollected(await this.all<P.CollectResult>(() => ({ cmd: 'collect', group: '' })));
  }

  /** Reconnect storm over a group (close all, reopen with token, resume). */
  async reconnect(group: string, o: Args<P.ReconnectCommand>) {
    const has = (w: number) => (this.shares.get(group)?.[w] ?? 0) > 0;
    const results = await this.all<P.ReconnectResult>((w) =>
      has(w) ? { ...o, cmd: 'reconnect', group } : undefined,
    );
    return mergeReconnect(results);
  }

  /**
   * Waits until no worker has received a reply for `quietMs`, at most `maxMs`, so that a
   * backlog left by an overloaded phase does not spill into the next. Returns the ms waited.
   */
  async drain(quietMs = 1000, maxMs = 30_000): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < maxMs) {
      const quiet = await this.all<number>(() => ({ cmd: 'quiet' }));
      if (Math.min(...quiet) >= quietMs) break;
      await Bun.sleep(250);
    }
    return performance.now() - t0;
  }

  /** Closes every connection of a group. */
  async close(group: string): Promise<void> {
    await this.all((w) =>
      (this.shares.get(group)?.[w] ?? 0) > 0 ? { cmd: 'close', group } : undefined,
    );
    this.shares.delete(group);
  }

  /** Stops every worker process. */
  stop(): Promise<void> {
    return this.workers.stop();
  }
}
