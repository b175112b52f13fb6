/**
 * The bus carries frames to whichever node holds the recipient's socket. One interface,
 * two implementations: in-process (single node, the default) and Redis (scale-out).
 */
import type { ServerFrame } from '../gateway/frames.ts';

export interface Envelope {
  /** Every socket subscribed to the topic, on every node… */
  topic?: string;
  /** …or exactly one socket (`<nodeId>/<n>`), wherever it is (acks). */
  connId?: string;
  frame: ServerFrame;
  /** Connection that caused the frame and must not receive it back. */
  exceptConn?: string;
}

export interface Bus {
  readonly nodeId: string;
  publish(envelope: Envelope): void;
  /** Registers the node's local delivery: called for every envelope meant for this node. */
  onDeliver(handler: (envelope: Envelope) => void): void;
  /** This node has (or no longer has) sockets on the topic: resolves once frames flow. */
  interest(topic: string, on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Topics are always scoped by tenant: a subscription can never cross tenants. */
export const topics = {
  conversation: (tenantId: string, conversationId: string) => `t:${tenantId}:c:${conversationId}`,
  agent: (tenantId: string, agentId: string) => `t:${tenantId}:a:${agentId}`,
  agents: (tenantId: string) => `t:${tenantId}:agents`,
  /** Supervisors and above: the live dashboard (`stats` frames), intent training progress. */
  supervisors: (tenantId: string) => `t:${tenantId}:supervisors`,
  /** Staff-only frames of a conversation (internal notes): never a customer's socket. */
  staff: (tenantId: string, conversationId: string) => `t:${tenantId}:c:${conversationId}:staff`,
};

/** The node part of a connection id. */
export const nodeOfConn = (connId: string) => connId.slice(0, connId.lastIndexOf('/'));

export class InProcessBus implements Bus {
  readonly nodeId = `solo-${process.pid}`;
  private handler: (envelope: Envelope) => void = () => {};

  publish(envelope: Envelope): void {
    this.handler(envelope);
  }

  onDeliver(handler: (envelope: Envelope) => void): void {
    this.handler = handler;
  }

  async interest(): Promise<void> {}

  async close(): Promise<void> {}
}
