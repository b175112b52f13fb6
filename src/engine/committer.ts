/**
 * Group commit. Messages and the engine's other writes (conversation states, routing
 * events) queue up while a commit is in flight (or within one turn of the event loop) and
 * are written together in one transaction, so a burst costs one fsync, not one per write.
 * Each caller's promise resolves only after that transaction committed. At most one batch
 * is in flight, so batches commit in the order they were formed. What the server itself
 * writes (bot and agent replies, state changes) goes ahead of waiting customer messages:
 * under a flood a conversation's turn completes instead of queueing behind new questions.
 */
import { KefuError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  type AppendItem,
  type AppendResult,
  type Body,
  type Ctx,
  isConstraintViolation,
  type Store,
} from '../store/index.ts';

type Job =
  | {
      kind: 'append';
      item: AppendItem;
      resolve: (r: AppendResult) => void;
      reject: (e: unknown) => void;
    }
  | {
      kind: 'write';
      write: (c: Ctx) => Body<unknown>;
      resolve: (v: unknown) => void;
      reject: (e: unknown) => void;
    };

export class Committer {
  /** Server-side work first, then customers' messages. */
  private readonly first: Job[] = [];
  private readonly queue: Job[] = [];
  private inFlight = false;
  private scheduled = false;
  private idle: (() => void)[] = [];
  /** Called with each committed batch's size and duration (metrics). */
  onBatch: (size: number, ms: number) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly maxBatch: number,
    private readonly log: Logger,
  ) {}

  /** Stores a message; resolves once it is durable. */
  append(item: AppendItem): Promise<AppendResult> {
    return new Promise((resolve, reject) =>
      this.enqueue({ kind: 'append', item, resolve, reject }),
    );
  }

  /**
   * Runs a write in the next batch's transaction; resolves with its value once committed.
   * For blind writes only (state updates, event rows): a write that throws fails its batch.
   */
  write<T>(write: (c: Ctx) => Body<T>): Promise<T> {
    return new Promise((resolve, reject) =>
      this.enqueue({ kind: 'write', write, resolve: resolve as (v: unknown) => void, reject }),
    );
  }

  /** Resolves once everything queued so far is committed (or failed). */
  drain(): Promise<void> {
    if (!this.inFlight && this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pending(): number {
    return this.first.length + this.queue.length;
  }

  private enqueue(job: Job): void {
    (job.kind === 'append' && job.item.authorKind === 'customer' ? this.queue : this.first).push(
      job,
    );
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every frame that arrived in the
    // same turn joins the batch.
    setImmediate(() => this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.inFlight || this.pending() === 0) return;
    this.inFlight = true;
    const batch = this.first.splice(0, this.maxBatch);
    batch.push(...this.queue.splice(0, this.maxBatch - batch.length));
    const started = performance.now();
    try {
      await this.commit(batch);
      this.onBatch(batch.length, performance.now() - started);
    } finally {
      this.inFlight = false;
      if (this.pending() > 0) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      } else for (const done of this.idle.splice(0)) done();
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    const appends = batch.filter((j) => j.kind === 'append');
    const writes = batch.filter((j) => j.kind === 'write');
    try {
      const { appended, written } = await this.store.commit(
        appends.map((j) => j.item),
        writes.map((j) => j.write),
      );
      appends.forEach((j, i) => {
        j.resolve(appended[i]!);
      });
      writes.forEach((j, i) => {
        j.resolve(written[i]);
      });
    } catch (error) {
      // One poisoned job must not sink its neighbours: retry them one by one.
      if (batch.length > 1 && isConstraintViolation(error)) {
        for (const job of batch) await this.commit([job]);
        return;
      }
      this.log.error({ err: error, size: batch.length }, 'commit failed; nothing acknowledged');
      const failure =
        error instanceof KefuError
          ? error
          : new KefuError('unavailable', 'not stored, send it again', { cause: error });
      for (const job of batch) job.reject(failure);
    }
  }
}
