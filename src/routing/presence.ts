/**
 * Who is online to take conversations: agents, their skills, capacity and load. The first
 * socket brings an agent online; when the last one drops the agent stops getting new
 * conversations at once and goes offline after a grace period (a page reload keeps them).
 */
import type { AgentLoad } from './strategies.ts';

export interface AgentPresence extends AgentLoad {
  tenantId: string;
  name: string;
  skills: string[];
  sockets: number;
  /** What the agent chose: online or away. `status` is this unless disconnected. */
  chosen: 'online' | 'away';
  conversations: Set<string>;
}

export interface AgentInfo {
  id: string;
  tenantId: string;
  name: string;
  skills: string[];
  capacity: number;
  conversations: Iterable<string>;
}

export class Presence {
  private readonly agents = new Map<string, Map<string, AgentPresence>>();
  private readonly graceTimers = new Map<string, Timer>();

  constructor(
    private readonly offlineGraceMs: number,
    private readonly onOffline: (agent: AgentPresence) => void,
  ) {}

  get(tenantId: string, agentId: string): AgentPresence | undefined {
    return this.agents.get(tenantId)?.get(agentId);
  }

  of(tenantId: string): AgentPresence[] {
    return [...(this.agents.get(tenantId)?.values() ?? [])];
  }

  connect(info: AgentInfo): AgentPresence {
    let tenant = this.agents.get(info.tenantId);
    if (!tenant) this.agents.set(info.tenantId, (tenant = new Map()));
    let agent = tenant.get(info.id);
    if (!agent) {
      agent = {
        ...info,
        conversations: new Set(),
        sockets: 0,
        status: 'online',
        chosen: 'online',
        active: 0,
        lastAssignedAt: 0,
        lastFreedAt: 0,
      };
      tenant.set(info.id, agent);
    }
    Object.assign(agent, { name: info.name, skills: info.skills, capacity: info.capacity });
    for (const id of info.conversations) agent.conversations.add(id);
    agent.active = agent.conversations.size;
    agent.sockets++;
    clearTimeout(this.graceTimers.get(info.id));
    this.graceTimers.delete(info.id);
    agent.status = agent.chosen;
    return agent;
  }

  /** The last socket closed: unassignable now, offline after the grace period. */
  disconnect(tenantId: string, agentId: string): void {
    const agent = this.get(tenantId, agentId);
    if (!agent) return;
    agent.sockets = Math.max(0, agent.sockets - 1);
    if (agent.sockets > 0) return;
    agent.status = 'away';
    const goOffline = () => {
      this.graceTimers.delete(agentId);
      if (agent.sockets > 0) return;
      agent.status = 'offline';
      this.onOffline(agent);
    };
    if (this.offlineGraceMs <= 0) return goOffline();
    const timer = setTimeout(goOffline, this.offlineGraceMs);
    timer.unref();
    this.graceTimers.set(agentId, timer);
  }

  choose(tenantId: string, agentId: string, status: 'online' | 'away'): AgentPresence | undefined {
    const agent = this.get(tenantId, agentId);
    if (!agent) return undefined;
    agent.chosen = status;
    if (agent.sockets > 0) agent.status = status;
    return agent;
  }

  stop(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }
}
