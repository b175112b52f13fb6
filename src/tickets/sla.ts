/**
 * SLA due times, counted in business hours: first response, next response and resolution
 * targets by priority. Pure functions; the scheduler stores their results as data.
 */
import { addBusinessMinutes } from '../routing/index.ts';
import type { SlaPolicy, Ticket } from '../store/index.ts';

export type SlaKind = 'first_response' | 'next_response' | 'resolution';

export function targetsFor(policy: SlaPolicy | undefined, priority: string) {
  return policy?.targets[priority] ?? policy?.targets.normal ?? {};
}

/** Due times for a ticket created (or re-prioritised) at `from`. */
export function dueTimes(policy: SlaPolicy | undefined, priority: string, from: number) {
  const t = targetsFor(policy, priority);
  const due = (min?: number) =>
    min === undefined ? null : addBusinessMinutes(from, min, policy?.businessHours);
  return { firstResponseDueAt: due(t.firstResponseMin), resolutionDueAt: due(t.resolutionMin) };
}

/** When the next response is due after the requester wrote at `at`. */
export function nextResponseDue(
  policy: SlaPolicy | undefined,
  priority: string,
  at: number,
): number | null {
  const min = targetsFor(policy, priority).nextResponseMin;
  return min === undefined ? null : addBusinessMinutes(at, min, policy?.businessHours);
}

const OPEN = (t: Pick<Ticket, 'status'>) => t.status !== 'solved' && t.status !== 'closed';

/** Every due time of the ticket with its kind, met ones left out. */
function pending(t: Ticket): [SlaKind, number][] {
  const out: [SlaKind, number][] = [];
  if (!OPEN(t)) return out;
  if (t.firstResponseDueAt !== null && t.firstRespondedAt === null)
    out.push(['first_response', t.firstResponseDueAt]);
  if (t.nextResponseDueAt !== null) out.push(['next_response', t.nextResponseDueAt]);
  if (t.resolutionDueAt !== null) out.push(['resolution', t.resolutionDueAt]);
  return out;
}

/** Kinds breached at `now` that the ticket has not recorded yet. */
export function newBreaches(t: Ticket, now: number): SlaKind[] {
  return pending(t)
    .filter(([kind, due]) => due <= now && !t.breaches.includes(kind))
    .map(([kind]) => kind);
}

/** The earliest due time still to watch (not met, not already breached), or null. */
export function nextDue(
  t: Pick<
    Ticket,
    | 'status'
    | 'firstResponseDueAt'
    | 'firstRespondedAt'
    | 'nextResponseDueAt'
    | 'resolutionDueAt'
    | 'breaches'
  >,
): number | null {
  const times = pending(t as Ticket)
    .filter(([kind]) => !t.breaches.includes(kind))
    .map(([, due]) => due);
  return times.length > 0 ? Math.min(...times) : null;
}
