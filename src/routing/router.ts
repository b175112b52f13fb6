/**
 * Presence, queues and assignment for every tenant on this node. The router decides; the
 * engine applies a decision (stores it, tells the sockets) through `assign`.
 */
import type { Logger } from '../log.ts';
import { type AgentLoad, leastBusy } from './strategies.ts';

export interface AgentPresence extends AgentLoad {
  tenantId: string;
  name: string;
  skills: string[];
  sockets: number;
  conversations: Set<string>;
}

export interface Queued {
  tenantId: string;
  conversationId: string;
  queuedAt: number;
}

export type AssignFn = (item: Queued, agent: AgentPresence) => Promise<boolean>;

export class Router {
  private readonly agents = new Map<string, Map<string, AgentPresence>>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly pumping = new Set<string>();
  private readonly pumpAgain = new Set<string>();

  constructor(
    private readonly assign: AssignFn,
    private readonly log: Logger,
  ) {}

  agent(tenantId: string, agentId: string): AgentPresence | undefined {
    return this.agents.get(tenantId)?.get(agentId);
  }

  agentsOf(tenantId: string): AgentPresence[] {
    return [...(this.agents.get(tenantId)?.values() ?? [])];
  }

  queueOf(tenantId: string): readonly Queued[] {
    return this.queues.get(tenantId) ?? [];
  }

  /** An agent socket opened. The first one brings the agent online. */
  connect(
    agent: Omit<AgentPresence, 'sockets' | 'status' | 'active' | 'lastAssignedAt'>,
  ): AgentPresence {
    let tenant = this.agents.get(agent.tenantId);
    if (!tenant) this.agents.set(agent.tenantId, (tenant = new Map()));
    let presence = tenant.get(agent.id);
    if (!presence) {
      presence = { ...agent, sockets: 0, status: 'online', active: 0, lastAssignedAt: 0 };
      tenant.set(agent.id, presence);
    }
    for (const id of agent.conversations) presence.conversations.add(id);
    presence.active = presence.conversations.size;
    presence.sockets++;
    presence.status = 'online';
    this.pump(agent.tenantId);
    return presence;
  }

  /** An agent socket closed. With the last one the agent goes offline. */
  disconnect(tenantId: string, agentId: string): boolean {
    const presence = this.agent(tenantId, agentId);
    if (!presence) return false;
    presence.sockets = Math.max(0, presence.sockets - 1);
    if (presence.sockets > 0) return false;
    presence.status = 'offline';
    return true;
  }

  enqueue(item: Queued): void {
    const queue = this.queues.get(item.tenantId) ?? [];
    if (queue.some((q) => q.conversationId === item.conversationId)) return;
    queue.push(item);
    this.queues.set(item.tenantId, queue);
    this.pump(item.tenantId);
  }

  dequeue(tenantId: string, conversationId: string): void {
    const queue = this.queues.get(tenantId);
    const i = queue?.findIndex((q) => q.conversationId === conversationId) ?? -1;
    if (queue && i >= 0) queue.splice(i, 1);
  }

  /** A conversation left an agent (closed, transferred): capacity is free again. */
  release(tenantId: string, agentId: string, conversationId: string): void {
    const presence = this.agent(tenantId, agentId);
    if (!presence?.conversations.delete(conversationId)) return;
    presence.active = presence.conversations.size;
    this.pump(tenantId);
  }

  /** Assigns queued conversations, oldest first, while an agent has room. */
  private pump(tenantId: string): void {
    if (this.pumping.has(tenantId)) {
      this.pumpAgain.add(tenantId);
      return;
    }
    this.pumping.add(tenantId);
    void this.drain(tenantId).finally(() => {
      this.pumping.delete(tenantId);
      if (this.pumpAgain.delete(tenantId)) this.pump(tenantId);
    });
  }

  private async drain(tenantId: string): Promise<void> {
    const queue = this.queues.get(tenantId);
    while (queue && queue.length > 0) {
      const agent = leastBusy(this.agentsOf(tenantId)) as AgentPresence | undefined;
      if (!agent) return;
      const item = queue.shift()!;
      agent.conversations.add(item.conversationId);
      agent.active = agent.conversations.size;
      agent.lastAssignedAt = Date.now();
      try {
        if (!(await this.assign(item, agent)))
          this.release(tenantId, agent.id, item.conversationId);
      } catch (error) {
        this.log.error(
          { err: error, conversationId: item.conversationId },
          'assignment failed; re-queued',
        );
        agent.conversations.delete(item.conversationId);
        agent.active = agent.conversations.size;
        queue.unshift(item);
        return;
      }
    }
  }
}
