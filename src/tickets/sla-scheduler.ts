/**
 * Marks SLA breaches. Due times are data (`sla_next_due_at`), so a restart loses nothing:
 * each tick reads the tickets whose next due time has passed, records the new breaches
 * with an audit event, and moves `sla_next_due_at` on to the next unmet target.
 */
import type { Logger } from '../log.ts';
import {
  type Body,
  type Ctx,
  insertTicketEvent,
  type Store,
  type Ticket,
  ticketsPastDue,
  updateTicket,
} from '../store/index.ts';
import { newBreaches, nextDue, type SlaKind } from './sla.ts';

export interface Breach {
  ticket: Ticket;
  kinds: SlaKind[];
}

export class SlaScheduler {
  private timer: Timer | undefined;
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly onBreach: (breach: Breach) => void,
    private readonly log: Logger,
    private readonly everyMs = 10_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; returns the breaches it recorded. */
  async tick(now = Date.now()): Promise<Breach[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const found: Breach[] = [];
      // Bounded: a ticket changed concurrently is simply picked up on the next tick.
      for (let pass = 0; pass < 20; pass++) {
        const batch = await this.store.tx((c) => markBatch(c, now));
        found.push(...batch.breaches);
        if (!batch.more) break;
      }
      for (const breach of found) this.onBreach(breach);
      return found;
    } catch (error) {
      this.log.error({ err: error }, 'SLA scan failed');
      return [];
    } finally {
      this.running = false;
    }
  }
}

const BATCH = 200;

function* markBatch(c: Ctx, now: number): Body<{ breaches: Breach[]; more: boolean }> {
  const due = yield* ticketsPastDue(c, now, BATCH);
  const breaches: Breach[] = [];
  for (const ticket of due) {
    const kinds = newBreaches(ticket, now);
    const breachList = [...ticket.breaches, ...kinds];
    const next = nextDue({ ...ticket, breaches: breachList });
    const changes = {
      breaches: breachList,
      breachedAt: ticket.breachedAt ?? (kinds.length > 0 ? now : null),
      slaNextDueAt: next,
    };
    if ((yield* updateTicket(c, ticket.tenantId, ticket.id, ticket.version, changes)) === 0)
      continue;
    if (kinds.length === 0) continue;
    yield* insertTicketEvent(c, {
      id: Bun.randomUUIDv7(),
      tenantId: ticket.tenantId,
      ticketId: ticket.id,
      kind: 'sla_breached',
      actorKind: 'system',
      actorId: null,
      data: { kinds },
      createdAt: now,
    });
    breaches.push({ ticket: { ...ticket, ...changes, version: ticket.version + 1 }, kinds });
  }
  return { breaches, more: due.length === BATCH };
}
