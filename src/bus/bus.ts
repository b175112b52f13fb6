/**
 * The bus carries frames to whichever node holds the recipient's socket. One interface,
 * two implementations: in-process (single node, the default) and Redis (scale-out).
 */
import type { ServerFrame } from '../gateway/frames.ts';

export interface Envelope {
  topic: string;
  frame: ServerFrame;
  /** Connection that caused the frame and must not receive it back. */
  exceptConn?: string;
}

export interface Bus {
  readonly nodeId: string;
  publish(envelope: Envelope): void;
  /** Registers the node's local delivery: called for every envelope, whichever node published it. */
  onDeliver(handler: (envelope: Envelope) => void): void;
  close(): Promise<void>;
}

/** Topics are always scoped by tenant: a subscription can never cross tenants. */
export const topics = {
  conversation: (tenantId: string, conversationId: string) => `t:${tenantId}:c:${conversationId}`,
  agent: (tenantId: string, agentId: string) => `t:${tenantId}:a:${agentId}`,
  agents: (tenantId: string) => `t:${tenantId}:agents`,
};

export class InProcessBus implements Bus {
  readonly nodeId = `node-${process.pid}`;
  private handler: (envelope: Envelope) => void = () => {};

  publish(envelope: Envelope): void {
    this.handler(envelope);
  }

  onDeliver(handler: (envelope: Envelope) => void): void {
    this.handler = handler;
  }

  async close(): Promise<void> {}
}
