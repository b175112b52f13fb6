/**
 * Group commit. Messages queue up while a commit is in flight (or within one turn of the
 * event loop) and are written together in one transaction; each caller's promise resolves
 * only after that transaction committed. At most one batch is in flight, so batches
 * commit in the order they were formed.
 */
import { KefuError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  type AppendItem,
  type AppendResult,
  isConstraintViolation,
  type Store,
} from '../store/index.ts';

interface Pending {
  item: AppendItem;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface CommitStats {
  batches: number;
  messages: number;
  lastBatchSize: number;
}

export class Committer {
  private queue: Pending[] = [];
  private inFlight = false;
  private scheduled = false;
  private idle: (() => void)[] = [];
  readonly stats: CommitStats = { batches: 0, messages: 0, lastBatchSize: 0 };
  /** Called with each committed batch's size and duration (metrics). */
  onBatch: (size: number, ms: number) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly maxBatch: number,
    private readonly log: Logger,
  ) {}

  append(item: AppendItem): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed (or failed). */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every frame that arrived in the
    // same turn joins the batch.
    setImmediate(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = true;
    const batch = this.queue.splice(0, this.maxBatch);
    const started = performance.now();
    try {
      await this.commit(batch);
      this.stats.batches++;
      this.stats.messages += batch.length;
      this.stats.lastBatchSize = batch.length;
      this.onBatch(batch.length, performance.now() - started);
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0) this.schedule();
      else for (const done of this.idle.splice(0)) done();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const results = await this.store.append(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (error) {
      // One poisoned message must not sink its neighbours: retry them one by one.
      if (batch.length > 1 && isConstraintViolation(error)) {
        for (const p of batch) await this.commit([p]);
        return;
      }
      this.log.error({ err: error, size: batch.length }, 'commit failed; nothing acknowledged');
      const failure = new KefuError('unavailable', 'message not stored, send it again', {
        cause: error,
      });
      for (const p of batch) p.reject(failure);
    }
  }
}
