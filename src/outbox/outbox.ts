/**
 * The outbox worker. Everything kefu owes another system — webhooks, WeChat
 * customer-service messages, email replies — is a row in `deliveries`, written after the
 * event and sent by this loop, never by the message pipeline.
 *
 * - Claims due rows with a lease, so nodes can share the table and a crashed attempt is
 *   retried once its lease ends. Claims and results are written in batches (one
 *   transaction for many rows), so the outbox costs the message store few commits.
 * - At most `concurrency` attempts in flight, at most `perTarget` per webhook or channel
 *   account: an endpoint that hangs holds a few slots, never the whole worker.
 * - Every attempt has a time limit; failures are retried with exponential backoff and
 *   jitter until `maxAttempts`, then the row is dead (replayable through the API).
 * - Rows sharing an `orderingKey` (a conversation's chat replies) go one at a time, in order.
 */
import { KefuError } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  claimDeliveries,
  type Delivery,
  dueDeliveries,
  insertDeliveries,
  type Store,
  settleDeliveries,
} from '../store/index.ts';
import { retryDelay } from './backoff.ts';

/** How one attempt went. `retryable: false` dead-letters at once (e.g. HTTP 400, no such webhook). */
export type AttemptResult =
  | { ok: true; status?: number }
  | { ok: false; retryable: boolean; error: string; status?: number };

/** Sends one delivery; must give up when `signal` aborts (time limit or shutdown). */
export type DeliveryHandler = (delivery: Delivery, signal: AbortSignal) => Promise<AttemptResult>;

export interface NewDelivery {
  tenantId: string;
  kind: string;
  targetId: string | null;
  event: string;
  eventId: string;
  url?: string | null;
  /** The conversation the delivery is about (erasure and retention find it by this). */
  conversationId?: string | null;
  orderingKey?: string | null;
  payload: string;
  /** Stored dead at once with this error (e.g. a rule webhook to an unregistered URL). */
  deadWith?: string;
}

export interface OutboxOptions {
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  concurrency: number;
  perTarget: number;
  pollMs: number;
  random?: () => number;
}

export interface OutboxStats {
  enqueued: number;
  attempts: number;
  delivered: number;
  retried: number;
  dead: number;
  inFlight: number;
}

/** Lease beyond the attempt's time limit: a live worker always finishes within its lease. */
const LEASE_MARGIN_MS = 5_000;
const WRITE_RETRIES = 5;

export class Outbox {
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly perTarget = new Map<string, number>();
  private readonly aborts = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  private buffer: { row: Delivery; done: () => void }[] = [];
  private flushing = false;
  private results: { id: string; leaseId: string; patch: Partial<Delivery> }[] = [];
  private settling: Promise<void> | undefined;
  private ticking = false;
  private again = false;
  private stopped = true;
  private poller: Timer | undefined;
  readonly stats: OutboxStats = {
    enqueued: 0,
    attempts: 0,
    delivered: 0,
    retried: 0,
    dead: 0,
    inFlight: 0,
  };

  constructor(
    private readonly store: Store,
    private readonly options: OutboxOptions,
    private readonly log: Logger,
  ) {}

  /** Attempts in flight through one webhook or channel account (metrics, tests). */
  inFlightFor(targetId: string): number {
    return this.perTarget.get(targetId) ?? 0;
  }

  /** Registers the sender of one kind of delivery (`webhook`, `wechat`, `email`). */
  handle(kind: string, handler: DeliveryHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    this.poller = setInterval(() => this.kick(), this.options.pollMs);
    this.poller.unref();
    this.kick();
  }

  /**
   * Stops claiming, aborts attempts in flight and hands their rows back (they are sent
   * again after a restart), and writes what is still buffered.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    for (const controller of this.aborts) controller.abort(new Error('shutting down'));
    await Promise.allSettled([...this.running]);
    while (this.settling) await this.settling;
    await this.writeResults();
    await this.flush();
  }

  /**
   * Queues deliveries; they are written in one transaction with others of the same turn.
   * Resolves once written (callers need not wait: nothing in the pipeline does).
   */
  enqueue(items: NewDelivery[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const now = Date.now();
    return new Promise((resolve) => {
      for (const [i, item] of items.entries()) {
        const row: Delivery = {
          id: Bun.randomUUIDv7(),
          tenantId: item.tenantId,
          kind: item.kind,
          targetId: item.targetId,
          event: item.event,
          eventId: item.eventId,
          url: item.url ?? null,
          conversationId: item.conversationId ?? item.orderingKey ?? null,
          orderingKey: item.orderingKey ?? null,
          payload: item.payload,
          status: item.deadWith ? 'dead' : 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lockedUntil: null,
          leaseId: null,
          lastError: item.deadWith ?? null,
          lastStatus: null,
          durationMs: null,
          createdAt: now,
          updatedAt: now,
          deliveredAt: null,
        };
        this.buffer.push({ row, done: i === items.length - 1 ? resolve : () => {} });
      }
      this.stats.enqueued += items.length;
      if (!this.flushing) setImmediate(() => void this.flush());
    });
  }

  /** Looks for due deliveries now (after an enqueue, a replay, a finished attempt). */
  kick(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.tick()
      .catch((error) => this.log.error({ err: error }, 'outbox: looking for due deliveries failed'))
      .finally(() => {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, 500);
        await this.write(batch.map((b) => b.row));
        for (const b of batch) b.done();
      }
    } finally {
      this.flushing = false;
    }
    this.kick();
  }

  private async write(rows: Delivery[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.tx((c) => insertDeliveries(c, rows));
        return;
      } catch (error) {
        if (attempt >= WRITE_RETRIES) {
          this.log.error(
            { err: error, count: rows.length, events: [...new Set(rows.map((r) => r.event))] },
            'outbox: deliveries could not be stored and are lost',
          );
          return;
        }
        await Bun.sleep(100 * 2 ** attempt);
      }
    }
  }

  private async tick(): Promise<void> {
    const { concurrency, perTarget, timeoutMs } = this.options;
    for (;;) {
      const free = concurrency - this.stats.inFlight;
      if (this.stopped || free <= 0) return;
      const now = Date.now();
      const saturated = [...this.perTarget].filter(([, n]) => n >= perTarget).map(([t]) => t);
      const due = await this.store.read((c) => dueDeliveries(c, now, free * 2, saturated));
      // Pick within the limits first, then claim them all in one transaction.
      const picked: Delivery[] = [];
      const planned = new Map(this.perTarget);
      for (const row of due) {
        if (picked.length >= free) break;
        const target = targetOf(row);
        if ((planned.get(target) ?? 0) >= perTarget) continue;
        planned.set(target, (planned.get(target) ?? 0) + 1);
        picked.push(row);
      }
      if (picked.length === 0 || this.stopped) return;
      const leaseId = Bun.randomUUIDv7();
      const leaseUntil = Date.now() + timeoutMs + LEASE_MARGIN_MS;
      const claimed = await this.store.tx((c) =>
        claimDeliveries(
          c,
          picked.map((r) => r.id),
          Date.now(),
          leaseUntil,
          leaseId,
        ),
      );
      for (const row of claimed) this.launch(row, targetOf(row));
      // A full page was started: there may be more due rows behind it.
      if (claimed.length === 0 || due.length < free * 2) return;
    }
  }

  private launch(row: Delivery, target: string): void {
    this.stats.inFlight++;
    this.stats.attempts++;
    this.perTarget.set(target, (this.perTarget.get(target) ?? 0) + 1);
    const controller = new AbortController();
    this.aborts.add(controller);
    const timer = setTimeout(
      () =>
        controller.abort(
          new KefuError('unavailable', `timed out after ${this.options.timeoutMs} ms`),
        ),
      this.options.timeoutMs,
    );
    const started = performance.now();
    const attempt = this.attempt(row, controller.signal)
      .then((result) =>
        this.settle(row, result, Math.round(performance.now() - started), controller),
      )
      .catch((error) => this.log.error({ err: error, delivery: row.id }, 'outbox: settling failed'))
      .finally(() => {
        clearTimeout(timer);
        this.aborts.delete(controller);
        this.running.delete(attempt);
        this.stats.inFlight--;
        const left = (this.perTarget.get(target) ?? 1) - 1;
        if (left > 0) this.perTarget.set(target, left);
        else this.perTarget.delete(target);
        this.kick();
      });
    this.running.add(attempt);
  }

  /** Runs the handler, bounded by the signal even if the handler ignores it. */
  private async attempt(row: Delivery, signal: AbortSignal): Promise<AttemptResult> {
    const handler = this.handlers.get(row.kind);
    if (!handler) return { ok: false, retryable: false, error: `no sender for ${row.kind}` };
    const aborted = new Promise<AttemptResult>((resolve) => {
      const onAbort = () => resolve({ ok: false, retryable: true, error: reason(signal.reason) });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([handler(row, signal), aborted]);
    } catch (error) {
      return { ok: false, retryable: true, error: reason(signal.aborted ? signal.reason : error) };
    }
  }

  private async settle(
    row: Delivery,
    result: AttemptResult,
    durationMs: number,
    controller: AbortController,
  ): Promise<void> {
    const now = Date.now();
    const leaseId = row.leaseId ?? '';
    if (this.stopped && controller.signal.aborted) {
      // Cut short by shutdown: not the endpoint's fault, hand the row back untouched.
      return this.record(row.id, leaseId, { lockedUntil: null, leaseId: null, updatedAt: now });
    }
    const attempts = row.attempts + 1;
    const common = {
      attempts,
      durationMs,
      lastStatus: result.status ?? null,
      lockedUntil: null,
      leaseId: null,
      updatedAt: now,
    };
    if (result.ok) {
      this.stats.delivered++;
      return this.record(row.id, leaseId, {
        ...common,
        status: 'delivered',
        lastError: null,
        deliveredAt: now,
      });
    }
    const lastError = result.error.slice(0, 500);
    if (!result.retryable || attempts >= this.options.maxAttempts) {
      this.stats.dead++;
      this.log.warn(
        { delivery: row.id, kind: row.kind, event: row.event, attempts, error: lastError },
        'outbox: delivery dead-lettered',
      );
      return this.record(row.id, leaseId, { ...common, status: 'dead', lastError });
    }
    this.stats.retried++;
    const delay = retryDelay(
      attempts,
      { baseMs: this.options.backoffMs, maxMs: this.options.backoffMaxMs },
      this.options.random,
    );
    return this.record(row.id, leaseId, { ...common, lastError, nextAttemptAt: now + delay });
  }

  /** Queues an attempt's result; results of the same moment are written in one transaction. */
  private record(id: string, leaseId: string, patch: Partial<Delivery>): Promise<void> {
    this.results.push({ id, leaseId, patch });
    this.settling ??= this.drainResults();
    return this.settling;
  }

  private async drainResults(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await this.writeResults();
    } finally {
      this.settling = undefined;
      if (this.results.length > 0) this.settling = this.drainResults();
    }
  }

  private async writeResults(): Promise<void> {
    while (this.results.length > 0) {
      const batch = this.results.splice(0, 500);
      try {
        await this.store.tx((c) => settleDeliveries(c, batch));
      } catch (error) {
        // Not written: the leases run out and the attempts are made again (at least once).
        this.log.error({ err: error, count: batch.length }, 'outbox: results not stored');
      }
    }
  }
}

/** What the per-target limit counts: the webhook or channel account, else the URL. */
export function targetOf(row: Pick<Delivery, 'targetId' | 'url' | 'kind'>): string {
  return row.targetId ?? row.url ?? row.kind;
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${detail}`;
  }
  return String(error);
}
