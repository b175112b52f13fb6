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
  /** Open sockets per node (a node that dies takes its sockets with it). */
  socketsByNode: Map<string, number>;
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

  *all(): Generator<AgentPresence> {
    for (const tenant of this.agents.values()) yield* tenant.values();
  }

  of(tenantId: string): AgentPresence[] {
    return [...(this.agents.get(tenantId)?.values() ?? [])];
  }

  connect(info: AgentInfo, nodeId: string): AgentPresence {
    let tenant = this.agents.get(info.tenantId);
    if (!tenant) this.agents.set(info.tenantId, (tenant = new Map()));
    let agent = tenant.get(info.id);
    if (!agent) {
      agent = {
        ...info,
        conversations: new Set(),
        sockets: 0,
        socketsByNode: new Map(),
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
    agent.socketsByNode.set(nodeId, (agent.socketsByNode.get(nodeId) ?? 0) + 1);
    agent.sockets++;
    clearTimeout(this.graceTimers.get(info.id));
    this.graceTimers.delete(info.id);
    agent.status = agent.chosen;
    return agent;
  }

  /** The last socket closed: unassignable now, offline after the grace period. */
  disconnect(tenantId: string, agentId: string, nodeId: string, all = false): void {
    const agent = this.get(tenantId, agentId);
    const onNode = agent?.socketsByNode.get(nodeId) ?? 0;
    if (!agent || onNode === 0) return;
    const gone = all ? onNode : 1;
    if (onNode - gone > 0) agent.socketsByNode.set(nodeId, onNode - gone);
    else agent.socketsByNode.delete(nodeId);
    agent.sockets = Math.max(0, agent.sockets - gone);
    if (agent.sockets > 0) return;
    agent.status = 'away';
    const goOffline = () => {
      this.graceTimers.delete(agentId);
      if (agent.sockets > 0) return;
      agent.status = 'offline';
      this.onOffline(agent);
    };
    if (this.offlineGraceMs <= 0) {
      goOffline();
      return;
    }
    const timer = setTimeout(goOffline, this.offlineGraceMs);
    timer.unref();
    this.graceTimers.set(agentId, timer);
  }

  /** The agent's profile changed (an admin edited it): applies at once while they are known. */
  update(
    tenantId: string,
    agentId: string,
    profile: Pick<AgentInfo, 'name' | 'skills' | 'capacity'>,
  ): AgentPresence | undefined {
    const agent = this.get(tenantId, agentId);
    if (agent)
      Object.assign(agent, {
        name: profile.name,
        skills: profile.skills,
        capacity: profile.capacity,
      });
    return agent;
  }

  choose(tenantId: string, agentId: string, status: 'online' | 'away'): AgentPresence | undefined {
    const agent = this.get(tenantId, agentId);
    if (!agent) return undefined;
    agent.chosen = status;
    if (agent.sockets > 0) agent.status = status;
    return agent;
  }

  /** A node died: its sockets are gone. */
  dropNode(nodeId: string): void {
    for (const tenant of this.agents.values()) {
      for (const agent of tenant.values()) {
        if (agent.socketsByNode.has(nodeId))
          this.disconnect(agent.tenantId, agent.id, nodeId, true);
      }
    }
  }

  /** Forget everyone (this node stopped running the router). */
  clear(): void {
    this.stop();
    this.agents.clear();
  }

  stop(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }
}
