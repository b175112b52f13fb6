/**
 * Assignment: matches waiting conversations to agents, highest priority and longest wait
 * first, by each group's strategy (sticky first when the group wants it). Timers re-queue
 * unanswered assignments and overflow long waits to a fallback group. The router decides;
 * the engine applies each decision (stores it, tells the sockets) through the hooks.
 */
import type { Logger } from '../log.ts';
import type { Group, GroupDirectory } from './groups.ts';
import { type AgentInfo, type AgentPresence, Presence } from './presence.ts';
import { type QueueItem, Queues } from './queue.ts';
import { hasRoom, leastBusy, longestIdle, roundRobin } from './strategies.ts';

export interface RouterHooks {
  /** Store and announce; false when the conversation no longer needs an agent. */
  assign(item: QueueItem, agent: AgentPresence): Promise<boolean>;
  overflowed(item: QueueItem, from: Group, to: Group): void;
  /** An assignment's answer window passed: the engine re-queues it if the agent is silent. */
  answerWindowPassed(tenantId: string, conversationId: string, agentId: string): void;
  /** The agent went offline holding these conversations. */
  agentGone(agent: AgentPresence, conversationIds: string[]): void;
  /** Queue positions changed for these waiting conversations. */
  queueChanged(tenantId: string): void;
}

export class Router {
  readonly presence: Presence;
  readonly queues = new Queues();
  private readonly timers = new Map<string, Timer>();
  private readonly lastPicked = new Map<string, string>();
  private readonly pumping = new Set<string>();
  private readonly pumpAgain = new Set<string>();

  constructor(
    readonly groups: GroupDirectory,
    private readonly hooks: RouterHooks,
    private readonly log: Logger,
    offlineGraceMs: number,
  ) {
    this.presence = new Presence(offlineGraceMs, (agent) => {
      hooks.agentGone(agent, [...agent.conversations]);
    });
  }

  agent(tenantId: string, agentId: string): AgentPresence | undefined {
    return this.presence.get(tenantId, agentId);
  }

  connect(info: AgentInfo, nodeId: string): AgentPresence {
    const agent = this.presence.connect(info, nodeId);
    this.pump(info.tenantId);
    return agent;
  }

  disconnect(tenantId: string, agentId: string, nodeId: string): void {
    this.presence.disconnect(tenantId, agentId, nodeId);
  }

  dropNode(nodeId: string): void {
    this.presence.dropNode(nodeId);
  }

  /** Forget all state (leadership moved to another node, which rebuilds it). */
  clear(): void {
    this.stop();
    this.presence.clear();
    this.queues.clear();
  }

  setStatus(
    tenantId: string,
    agentId: string,
    status: 'online' | 'away',
  ): AgentPresence | undefined {
    const agent = this.presence.choose(tenantId, agentId, status);
    if (agent && status === 'online') this.pump(tenantId);
    return agent;
  }

  /** New skills or capacity may match waiting conversations: try again at once. */
  update(
    tenantId: string,
    agentId: string,
    profile: Pick<AgentInfo, 'name' | 'skills' | 'capacity'>,
  ): void {
    if (this.presence.update(tenantId, agentId, profile)) this.pump(tenantId);
  }

  enqueue(item: QueueItem): void {
    this.queues.add(item);
    this.startOverflowTimer(item);
    this.hooks.queueChanged(item.tenantId);
    this.pump(item.tenantId);
  }

  dequeue(tenantId: string, conversationId: string): QueueItem | undefined {
    this.clearTimer(conversationId);
    const item = this.queues.remove(tenantId, conversationId);
    if (item) this.hooks.queueChanged(tenantId);
    return item;
  }

  /** Records an assignment made outside the queue (transfer, take-over). */
  hold(tenantId: string, agentId: string, conversationId: string, groupId: string | null): void {
    const group = this.groups.byId(tenantId, groupId);
    const agent = this.agent(tenantId, agentId);
    if (agent) {
      agent.conversations.add(conversationId);
      agent.active = agent.conversations.size;
      agent.lastAssignedAt = Date.now();
    }
    this.startAnswerTimer(tenantId, conversationId, agentId, group);
  }

  /** A conversation left an agent (closed, transferred, re-queued): capacity is free again. */
  release(tenantId: string, agentId: string, conversationId: string): void {
    this.clearTimer(conversationId);
    const agent = this.agent(tenantId, agentId);
    if (!agent?.conversations.delete(conversationId)) return;
    agent.active = agent.conversations.size;
    agent.lastFreedAt = Date.now();
    this.pump(tenantId);
  }

  /** Totals across tenants: waiting conversations, the longest wait, agents by status. */
  stats(now = Date.now()) {
    let queued = 0;
    let longestWaitMs = 0;
    for (const items of this.queues.all()) {
      queued += items.length;
      for (const item of items) longestWaitMs = Math.max(longestWaitMs, now - item.queuedAt);
    }
    const agents = { online: 0, away: 0, offline: 0 };
    for (const agent of this.presence.all()) agents[agent.status]++;
    return { queued, longestWaitMs, agents };
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.presence.stop();
  }

  /** Picks the agent for an item now, or undefined. */
  private choose(item: QueueItem): AgentPresence | undefined {
    const group = this.groups.byId(item.tenantId, item.groupId);
    const candidates = this.presence
      .of(item.tenantId)
      .filter(
        (a) =>
          hasRoom(a) && !item.excluded.includes(a.id) && (!group || a.skills.includes(group.key)),
      );
    if (candidates.length === 0) return undefined;
    if (group?.sticky && item.stickyAgentId) {
      const sticky = candidates.find((a) => a.id === item.stickyAgentId);
      if (sticky) return sticky;
    }
    switch (group?.strategy ?? 'least_busy') {
      case 'round_robin': {
        const key = group?.id ?? item.tenantId;
        const agent = roundRobin(candidates, this.lastPicked.get(key));
        if (agent) this.lastPicked.set(key, agent.id);
        return agent;
      }
      case 'longest_idle':
        return longestIdle(candidates);
      default:
        return leastBusy(candidates);
    }
  }

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
    for (;;) {
      // Nobody has room: nothing to try (a flood of waiting customers must not cost
      // a walk of the whole queue per arrival).
      if (!this.presence.of(tenantId).some(hasRoom)) return;
      let pick: { item: QueueItem; agent: AgentPresence } | undefined;
      // Groups whose agents are all full this pass: their other items are skipped.
      const full = new Set<string | null>();
      for (const item of this.queues.items(tenantId)) {
        if (full.has(item.groupId)) continue;
        const agent = this.choose(item);
        if (agent) {
          pick = { item, agent };
          break;
        }
        if (item.excluded.length === 0) full.add(item.groupId);
      }
      if (!pick) return;
      const { item, agent } = pick;
      this.queues.remove(tenantId, item.conversationId);
      this.clearTimer(item.conversationId);
      // Reserve the capacity before awaiting, so no other decision can take it.
      agent.conversations.add(item.conversationId);
      agent.active = agent.conversations.size;
      agent.lastAssignedAt = Date.now();
      let assigned = false;
      try {
        assigned = await this.hooks.assign(item, agent);
      } catch (error) {
        this.log.error(
          { err: error, conversationId: item.conversationId },
          'assignment failed; re-queued',
        );
        agent.conversations.delete(item.conversationId);
        agent.active = agent.conversations.size;
        this.queues.add(item);
        return;
      }
      if (assigned) {
        this.startAnswerTimer(
          tenantId,
          item.conversationId,
          agent.id,
          this.groups.byId(tenantId, item.groupId),
        );
      } else {
        agent.conversations.delete(item.conversationId);
        agent.active = agent.conversations.size;
      }
      this.hooks.queueChanged(tenantId);
    }
  }

  private startOverflowTimer(item: QueueItem): void {
    const group = this.groups.byId(item.tenantId, item.groupId);
    if (!group?.overflowAfterSec || !group.overflowGroupId) return;
    const target = this.groups.byId(item.tenantId, group.overflowGroupId);
    if (!target) return;
    const delay = Math.max(0, item.queuedAt + group.overflowAfterSec * 1000 - Date.now());
    this.setTimer(item.conversationId, delay, () => {
      if (this.queues.get(item.tenantId, item.conversationId) !== item || item.groupId !== group.id)
        return;
      item.groupId = target.id;
      this.hooks.overflowed(item, group, target);
      this.enqueue(item);
    });
  }

  private startAnswerTimer(
    tenantId: string,
    conversationId: string,
    agentId: string,
    group: Group | undefined,
  ): void {
    if (!group?.requeueAfterSec) return;
    this.setTimer(conversationId, group.requeueAfterSec * 1000, () => {
      this.hooks.answerWindowPassed(tenantId, conversationId, agentId);
    });
  }

  private setTimer(conversationId: string, delay: number, fire: () => void): void {
    this.clearTimer(conversationId);
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      fire();
    }, delay);
    timer.unref();
    this.timers.set(conversationId, timer);
  }

  private clearTimer(conversationId: string): void {
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
  }
}
