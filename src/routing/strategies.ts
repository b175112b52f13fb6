/**
 * Assignment strategies: pure functions over plain data, trivially tested.
 */

export interface AgentLoad {
  id: string;
  status: 'online' | 'away' | 'offline';
  capacity: number;
  active: number;
  /** When the agent last got a conversation (epoch ms; 0 = never). */
  lastAssignedAt: number;
}

/** Agents who can take one more conversation now. */
export function available(agents: Iterable<AgentLoad>): AgentLoad[] {
  return [...agents].filter((a) => a.status === 'online' && a.active < a.capacity);
}

/** Least-busy: the lowest share of capacity in use; ties go to whoever waited longest. */
export function leastBusy(agents: Iterable<AgentLoad>): AgentLoad | undefined {
  let best: AgentLoad | undefined;
  for (const a of available(agents)) {
    if (
      !best ||
      a.active / a.capacity < best.active / best.capacity ||
      (a.active / a.capacity === best.active / best.capacity &&
        a.lastAssignedAt < best.lastAssignedAt)
    ) {
      best = a;
    }
  }
  return best;
}
