/**
 * One WebSocket connection: who it is, how it encodes, and the per-conversation stream
 * state that makes delivery exactly-once and in `seq` order on this socket.
 */
import type { ServerWebSocket } from 'bun';
import type { Principal } from '../auth/index.ts';
import type { Session } from '../engine/index.ts';
import { type Codec, Outbound } from './codec.ts';
import type { MsgFrame, ServerFrame } from './frames.ts';

export interface SocketData {
  conn?: Conn;
  /** Set by the upgrade handler; consumed on open. */
  pending: unknown;
  /** The client's IP address (counted against the per-address cap until close). */
  ip?: string;
}

let counter = 0;
let node = `solo-${process.pid}`;

/** Connection ids are `<nodeId>/<n>`: any node can tell where a socket lives. */
export function setConnNode(nodeId: string): void {
  node = nodeId;
}

export class Conn {
  readonly id = `${node}/${++counter}`;
  readonly topics = new Set<string>();
  /** The customer's current conversation (customers only). */
  session: Session | undefined;
  private readonly lastSent = new Map<string, number>();
  /** Conversations being replayed (rare: created on first use, one socket holds tens of thousands). */
  private replaying: Map<string, MsgFrame[]> | undefined;
  private tokens: number;
  private refilledAt = performance.now();
  violations = 0;
  closed = false;
  /** Closes an agent socket when its token expires. */
  expiry: Timer | undefined;

  constructor(
    readonly ws: ServerWebSocket<SocketData>,
    readonly principal: Principal,
    readonly codec: Codec,
    private readonly rate: { perSec: number; burst: number },
  ) {
    this.tokens = rate.burst;
  }

  send(frame: ServerFrame): void {
    this.sendEncoded(new Outbound(frame));
  }

  sendEncoded(out: Outbound): void {
    if (this.closed) return;
    // 0 means Bun dropped the frame (over the back-pressure limit): never lose silently,
    // close so the client reconnects and resumes from its last seq.
    if (this.ws.send(out.encoded(this.codec)) === 0) this.close(1013, 'slow consumer');
  }

  /** A frame addressed to this socket alone (the ack of its own message). */
  deliverOwn(frame: ServerFrame): void {
    if (frame.t === 'ack') this.advance(frame.conversationId, frame.seq);
    this.send(frame);
  }

  /** Frames that arrived before the socket's first frame (welcome/hello) went out. */
  private held: Outbound[] | undefined = [];

  /** The first frame is out: what arrived meanwhile follows, in order. */
  markReady(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const out of held) this.deliver(out);
  }

  /** A frame from the bus: msg frames go out once each, in seq order. */
  deliver(out: Outbound): void {
    if (this.held) {
      // Bounded: a socket that never becomes ready is closed rather than fed forever.
      if (this.held.push(out) > 10_000) this.close(1013, 'not ready');
      return;
    }
    const frame = out.frame;
    if (frame.t === 'msg') {
      const buffer = this.replaying?.get(frame.conversationId);
      if (buffer) {
        buffer.push(frame);
        return;
      }
      if (!this.advance(frame.conversationId, frame.seq)) return;
    }
    this.sendEncoded(out);
  }

  /** Marks `seq` sent; false if it (or a later one) already was. */
  advance(conversationId: string, seq: number): boolean {
    if (seq <= (this.lastSent.get(conversationId) ?? 0)) return false;
    this.lastSent.set(conversationId, seq);
    return true;
  }

  /** Conversations this socket has received messages of, with the last seq sent. */
  followed(): [string, number][] {
    return [...this.lastSent];
  }

  /** Start following a conversation from `seq` (messages up to it are history). */
  follow(conversationId: string, seq: number): void {
    if ((this.lastSent.get(conversationId) ?? -1) < seq) this.lastSent.set(conversationId, seq);
  }

  unfollow(conversationId: string): void {
    this.lastSent.delete(conversationId);
    this.replaying?.delete(conversationId);
  }

  /** Live frames of the conversation wait until `endReplay`. */
  beginReplay(conversationId: string): void {
    this.replaying ??= new Map();
    if (!this.replaying.has(conversationId)) this.replaying.set(conversationId, []);
  }

  /** Sends the replayed history, then what arrived live meanwhile, skipping what is older. */
  endReplay(conversationId: string, history: MsgFrame[], onlyMissing = false): number {
    const live = this.replaying?.get(conversationId) ?? [];
    this.replaying?.delete(conversationId);
    if (this.replaying?.size === 0) this.replaying = undefined;
    const sent = this.lastSent.get(conversationId) ?? 0;
    let last = 0;
    for (const frame of history) {
      // Asked for: all of it. A server-side resync: only what the socket was not sent.
      if (!onlyMissing || frame.seq > sent) this.sendEncoded(new Outbound(frame));
      last = frame.seq;
    }
    this.lastSent.set(conversationId, Math.max(last, this.lastSent.get(conversationId) ?? 0));
    for (const frame of live) {
      if (this.advance(conversationId, frame.seq)) this.sendEncoded(new Outbound(frame));
    }
    return this.lastSent.get(conversationId) ?? 0;
  }

  /** Token bucket: false when the client sends faster than allowed. */
  takeToken(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.rate.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.rate.perSec,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
  }
}
