/**
 * Micro-batching: calls made in the same event-loop turn are queued and sent to the
 * model as one batch (at most `maxBatch` per run, one run in flight at a time). While a
 * run is in flight, new calls gather for the next one, so batches grow with load.
 */

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;
  private running = false;
  private closedError: unknown = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly runBatch: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  /** Queues one input; resolves with its own output. */
  submit(input: I): Promise<O> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Refuses new work with `error`, lets everything already submitted finish, and
   * resolves when the last batch is done.
   */
  async close(error: unknown): Promise<void> {
    this.closedError = error;
    if (this.queue.length === 0 && !this.running && !this.scheduled) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
      return;
    }
    this.running = true;
    try {
      const outputs = await this.runBatch(batch.map((item) => item.input));
      batch.forEach((item, i) => {
        item.resolve(outputs[i]!);
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.schedule();
      else for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
