/**
 * The live half of the dashboard, from the router's snapshot: queue depth and the oldest
 * waiting conversation per skill group, and each agent's presence and load.
 */
import type { Group, RoutingSnapshot } from '../routing/index.ts';
import type { AgentStat, LiveStats, QueueStat } from './schema.ts';

/** Every group (waiting or not), then "any agent" when something waits for it. */
export function liveStats(snapshot: RoutingSnapshot, groups: Group[], withBot: number): LiveStats {
  const agents: AgentStat[] = snapshot.agents
    .map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      busy: a.status === 'online' && a.active >= a.capacity,
      active: a.active,
      capacity: a.capacity,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const queueOf = (groupId: string | null) => {
    const waiting = snapshot.queue.filter((q) => q.groupId === groupId);
    return {
      depth: waiting.length,
      oldestQueuedAt: waiting.length ? Math.min(...waiting.map((q) => q.queuedAt)) : null,
    };
  };
  const online = snapshot.agents.filter((a) => a.status === 'online');
  const queues: QueueStat[] = groups.map((g) => ({
    groupId: g.id,
    key: g.key,
    name: g.name,
    ...queueOf(g.id),
    online: online.filter((a) => a.skills.includes(g.key)).length,
  }));
  const known = new Set(groups.map((g) => g.id));
  const anyAgent = snapshot.queue.filter((q) => q.groupId === null || !known.has(q.groupId));
  if (anyAgent.length > 0 || groups.length === 0) {
    queues.push({
      groupId: null,
      key: null,
      name: null,
      depth: anyAgent.length,
      oldestQueuedAt: anyAgent.length ? Math.min(...anyAgent.map((q) => q.queuedAt)) : null,
      online: online.length,
    });
  }
  const count = (status: AgentStat['status']) => agents.filter((a) => a.status === status).length;
  return {
    queues,
    agents,
    totals: {
      online: count('online'),
      busy: agents.filter((a) => a.busy).length,
      away: count('away'),
      offline: count('offline'),
      queued: snapshot.queue.length,
      withAgents: snapshot.agents.reduce((sum, a) => sum + a.active, 0),
      withBot,
    },
  };
}
