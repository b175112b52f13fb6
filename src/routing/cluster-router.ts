/**
 * The router in a cluster: the elected leader runs it; every other node forwards its calls
 * there. A call that cannot reach a leader is dropped with a log line: queued
 * conversations are in the store, and a new leader rebuilds queues and asks every node to
 * announce its agents again.
 */
import type { Cluster } from '../bus/index.ts';
import type { Logger } from '../log.ts';
import type { AgentProfile, LocalRouter, RouterPort, RoutingSnapshot } from './port.ts';
import type { AgentInfo } from './presence.ts';
import type { QueueItem } from './queue.ts';

const METHODS = [
  'connect',
  'disconnect',
  'setStatus',
  'update',
  'enqueue',
  'dequeue',
  'hold',
  'release',
  'agent',
  'snapshot',
] as const;

export class ClusterRouter implements RouterPort {
  constructor(
    readonly local: LocalRouter,
    private readonly cluster: Cluster,
    private readonly log: Logger,
  ) {
    for (const method of METHODS) {
      cluster.handle(`router.${method}`, ((...args: unknown[]) =>
        (local[method] as (...a: unknown[]) => unknown).apply(local, args)) as never);
    }
  }

  connect(info: AgentInfo, nodeId: string) {
    return this.ask('connect', [info, nodeId]) as ReturnType<RouterPort['connect']>;
  }
  disconnect(tenantId: string, agentId: string, nodeId: string) {
    this.tell('disconnect', [tenantId, agentId, nodeId]);
  }
  setStatus(tenantId: string, agentId: string, status: 'online' | 'away') {
    return this.ask('setStatus', [tenantId, agentId, status]) as ReturnType<
      RouterPort['setStatus']
    >;
  }
  update(tenantId: string, agentId: string, profile: AgentProfile) {
    this.tell('update', [tenantId, agentId, profile]);
  }
  enqueue(item: QueueItem) {
    this.tell('enqueue', [item]);
  }
  dequeue(tenantId: string, conversationId: string) {
    this.tell('dequeue', [tenantId, conversationId]);
  }
  hold(tenantId: string, agentId: string, conversationId: string, groupId: string | null) {
    this.tell('hold', [tenantId, agentId, conversationId, groupId]);
  }
  release(tenantId: string, agentId: string, conversationId: string) {
    this.tell('release', [tenantId, agentId, conversationId]);
  }
  agent(tenantId: string, agentId: string) {
    return this.ask('agent', [tenantId, agentId]) as ReturnType<RouterPort['agent']>;
  }
  snapshot(tenantId: string): Promise<RoutingSnapshot> {
    return this.ask('snapshot', [tenantId]) as Promise<RoutingSnapshot>;
  }
  stop(): void {
    this.local.stop();
  }

  private async ask(method: (typeof METHODS)[number], args: unknown[]): Promise<unknown> {
    if (this.cluster.isLeader())
      return (this.local[method] as (...a: unknown[]) => unknown).apply(this.local, args);
    const leader = this.cluster.leaderId();
    if (!leader) throw new Error('no router leader elected yet');
    return this.cluster.call(leader, `router.${method}`, args);
  }

  private tell(method: (typeof METHODS)[number], args: unknown[]): void {
    this.ask(method, args).catch((error) =>
      this.log.warn({ err: error, method }, 'router call not delivered'),
    );
  }
}
