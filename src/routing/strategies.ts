/**
 * Assignment strategies: pure functions over plain data, trivially tested. Each picks one
 * agent out of the candidates that are online, have room and belong to the group.
 */

export interface AgentLoad {
  id: string;
  status: 'online' | 'away' | 'offline';
  capacity: number;
  active: number;
  /** When the agent last got a conversation (epoch ms; 0 = never). */
  lastAssignedAt: number;
  /** When the agent last became free (a conversation ended or left). */
  lastFreedAt: number;
}

export const hasRoom = (a: AgentLoad) => a.status === 'online' && a.active < a.capacity;

/** Least-busy: the lowest share of capacity in use; ties go to whoever waited longest. */
export function leastBusy<A extends AgentLoad>(candidates: readonly A[]): A | undefined {
  let best: A | undefined;
  for (const a of candidates) {
    const load = a.active / a.capacity;
    const bestLoad = best ? best.active / best.capacity : Number.POSITIVE_INFINITY;
    if (load < bestLoad || (load === bestLoad && a.lastAssignedAt < best!.lastAssignedAt)) best = a;
  }
  return best;
}

/** Round-robin: the next agent (by id) after the one picked last time, wrapping around. */
export function roundRobin<A extends AgentLoad>(
  candidates: readonly A[],
  lastPickedId: string | undefined,
): A | undefined {
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : 1));
  return sorted.find((a) => lastPickedId === undefined || a.id > lastPickedId) ?? sorted[0];
}

/** Longest-idle: whoever has gone longest without a new conversation or since becoming free. */
export function longestIdle<A extends AgentLoad>(candidates: readonly A[]): A | undefined {
  let best: A | undefined;
  const idleSince = (a: AgentLoad) => Math.max(a.lastAssignedAt, a.lastFreedAt);
  for (const a of candidates) if (!best || idleSince(a) < idleSince(best)) best = a;
  return best;
}
