/**
 * What the engine asks of routing. On one node the router runs in-process (`LocalRouter`);
 * in a cluster one elected node runs it and the others reach it over the bus — the same
 * interface, so the engine does not know which.
 */
import type { AgentInfo } from './presence.ts';
import type { QueueItem } from './queue.ts';
import type { Router } from './router.ts';

export interface AgentSnapshot {
  id: string;
  tenantId: string;
  name: string;
  status: 'online' | 'away' | 'offline';
  capacity: number;
  active: number;
  skills: string[];
  sockets: number;
}

export interface QueueSnapshot {
  conversationId: string;
  groupId: string | null;
  priority: number;
  queuedAt: number;
}

export interface RoutingSnapshot {
  agents: AgentSnapshot[];
  queue: QueueSnapshot[];
}

export type AgentProfile = Pick<AgentInfo, 'name' | 'skills' | 'capacity'>;

export interface RouterPort {
  /** An agent socket opened on node `nodeId`. */
  connect(info: AgentInfo, nodeId: string): Promise<AgentSnapshot>;
  disconnect(tenantId: string, agentId: string, nodeId: string): void;
  setStatus(
    tenantId: string,
    agentId: string,
    status: 'online' | 'away',
  ): Promise<AgentSnapshot | undefined>;
  /** An agent's name, skills or capacity changed. */
  update(tenantId: string, agentId: string, profile: AgentProfile): void;
  enqueue(item: QueueItem): void;
  dequeue(tenantId: string, conversationId: string): void;
  hold(tenantId: string, agentId: string, conversationId: string, groupId: string | null): void;
  release(tenantId: string, agentId: string, conversationId: string): void;
  agent(tenantId: string, agentId: string): Promise<AgentSnapshot | undefined>;
  snapshot(tenantId: string): Promise<RoutingSnapshot>;
  stop(): void;
}

export function snapshotOf(router: Router, tenantId: string): RoutingSnapshot {
  return {
    agents: router.presence.of(tenantId).map(agentSnapshot),
    queue: router.queues.items(tenantId).map(({ conversationId, groupId, priority, queuedAt }) => ({
      conversationId,
      groupId,
      priority,
      queuedAt,
    })),
  };
}

export function agentSnapshot(a: {
  id: string;
  tenantId: string;
  name: string;
  status: AgentSnapshot['status'];
  capacity: number;
  active: number;
  skills: string[];
  sockets: number;
}): AgentSnapshot {
  return {
    id: a.id,
    tenantId: a.tenantId,
    name: a.name,
    status: a.status,
    capacity: a.capacity,
    active: a.active,
    skills: a.skills,
    sockets: a.sockets,
  };
}

/** The router in this process. */
export class LocalRouter implements RouterPort {
  constructor(readonly router: Router) {}

  async connect(info: AgentInfo, nodeId: string): Promise<AgentSnapshot> {
    return agentSnapshot(this.router.connect(info, nodeId));
  }
  disconnect(tenantId: string, agentId: string, nodeId: string): void {
    this.router.disconnect(tenantId, agentId, nodeId);
  }
  async setStatus(tenantId: string, agentId: string, status: 'online' | 'away') {
    const agent = this.router.setStatus(tenantId, agentId, status);
    return agent && agentSnapshot(agent);
  }
  update(tenantId: string, agentId: string, profile: AgentProfile): void {
    this.router.update(tenantId, agentId, profile);
  }
  enqueue(item: QueueItem): void {
    this.router.enqueue(item);
  }
  dequeue(tenantId: string, conversationId: string): void {
    this.router.dequeue(tenantId, conversationId);
  }
  hold(tenantId: string, agentId: string, conversationId: string, groupId: string | null): void {
    this.router.hold(tenantId, agentId, conversationId, groupId);
  }
  release(tenantId: string, agentId: string, conversationId: string): void {
    this.router.release(tenantId, agentId, conversationId);
  }
  async agent(tenantId: string, agentId: string) {
    const agent = this.router.agent(tenantId, agentId);
    return agent && agentSnapshot(agent);
  }
  async snapshot(tenantId: string): Promise<RoutingSnapshot> {
    return snapshotOf(this.router, tenantId);
  }
  stop(): void {
    this.router.stop();
  }
}
