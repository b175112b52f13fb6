/**
 * What several kefu nodes agree on: who owns a live conversation (a lease with a TTL),
 * which node runs the router (an elected leader), and calls from one node to another.
 * `SoloCluster` is the single-node case: this node owns everything and leads.
 */
import { type Bus, InProcessBus } from './bus.ts';

export type Claim = { self: true; fresh: boolean } | { self: false; node: string };

export interface Cluster {
  readonly nodeId: string;
  readonly bus: Bus;
  /** This node owns the conversation (taking it when free or its owner is dead), or who does. */
  claim(conversationId: string): Promise<Claim>;
  /** Stop owning a conversation (evicted, closed). */
  forget(conversationId: string): void;
  /** Runs `method` on another node and resolves with its result (or rejects: unavailable). */
  call<T>(nodeId: string, method: string, args: unknown[]): Promise<T>;
  /** Serves `method` for other nodes. */
  handle(method: string, fn: (...args: never[]) => unknown): void;
  /** Tells every node (this one too). */
  broadcast(method: string, args: unknown[]): void;
  /** The node that runs the router now, if known. */
  leaderId(): string | undefined;
  isLeader(): boolean;
  /** Called when this node gains or loses leadership (and on start). */
  onLeadership(fn: (leader: boolean) => void): void;
  /** Called with the id of a node that died (its sockets are gone). */
  onNodeDown(fn: (nodeId: string) => void): void;
  /** Called after the cluster connection came back from an outage (resync). */
  onReconnect(fn: () => void): void;
  /** Called with conversations this node owned but another node took (after an outage). */
  onLost(fn: (conversationIds: string[]) => void): void;
  /** Readiness: name → healthy. */
  health(): Record<string, boolean>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export class SoloCluster implements Cluster {
  readonly bus = new InProcessBus();
  readonly nodeId = this.bus.nodeId;
  private readonly handlers = new Map<string, (...args: never[]) => unknown>();
  private leadership: ((leader: boolean) => void)[] = [];

  async claim(): Promise<Claim> {
    return { self: true, fresh: false };
  }
  forget(): void {}
  async call<T>(_nodeId: string, method: string): Promise<T> {
    throw new Error(`no other node to call ${method} on`);
  }
  handle(method: string, fn: (...args: never[]) => unknown): void {
    this.handlers.set(method, fn);
  }
  broadcast(method: string, args: unknown[]): void {
    (this.handlers.get(method) as ((...a: unknown[]) => unknown) | undefined)?.(...args);
  }
  leaderId(): string {
    return this.nodeId;
  }
  isLeader(): boolean {
    return true;
  }
  onLeadership(fn: (leader: boolean) => void): void {
    this.leadership.push(fn);
  }
  onNodeDown(): void {}
  onReconnect(): void {}
  onLost(): void {}
  health(): Record<string, boolean> {
    return {};
  }
  async start(): Promise<void> {
    for (const fn of this.leadership) fn(true);
  }
  async close(): Promise<void> {}
}
