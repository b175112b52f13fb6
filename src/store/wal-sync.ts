/**
 * Durability of SQLite commits without blocking the event loop. The database runs in WAL
 * mode with `synchronous = NORMAL`: a commit appends to the `-wal` file and returns without
 * an fsync. Before a commit's caller is answered (an ack, a 201), `sync()` fdatasyncs the
 * WAL on a libuv worker thread, so the wait costs the event loop nothing and every commit
 * that landed before the sync started is on disk when it resolves. Calls made while a sync
 * runs share the next one: under load one fsync covers many batches.
 *
 * Why it is safe: SQLite recovers a WAL by reading frames in order and stopping at the
 * first torn one, so whatever prefix reached the disk is consistent; checkpoints fsync the
 * WAL before copying it and the database after (NORMAL does that too); and nothing is
 * acknowledged before the fdatasync that covers it returned.
 */
import { close, fdatasync, open } from 'node:fs';

export class WalSync {
  /** The WAL's file descriptor (a raw fd: a FileHandle left to the GC throws in Bun). */
  private fd: Promise<number> | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly walPath: string) {}

  /** Resolves once every commit made before this call is on disk. */
  sync(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.start();
    this.next = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.next]);
    const fd = await this.fd?.catch(() => undefined);
    this.fd = undefined;
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
  }

  private start(): Promise<void> {
    const run = this.flush().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async flush(): Promise<void> {
    this.fd ??= new Promise((resolve, reject) =>
      open(this.walPath, 'r+', (error, fd) => (error ? reject(error) : resolve(fd))),
    );
    let fd: number;
    try {
      fd = await this.fd;
    } catch (error) {
      this.fd = undefined;
      // No WAL yet: nothing was written, so nothing waits to be made durable.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    // The callback form runs on a libuv worker thread: the event loop does not wait.
    await new Promise<void>((resolve, reject) =>
      fdatasync(fd, (error) => (error ? reject(error) : resolve())),
    );
  }
}
