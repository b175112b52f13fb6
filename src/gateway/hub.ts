/**
 * This node's sockets by topic. The bus hands every envelope to `deliver`; the hub
 * encodes it once and gives it to each local subscriber.
 */
import type { Envelope } from '../bus/index.ts';
import { Outbound } from './codec.ts';
import type { Conn } from './conn.ts';

export class Hub {
  private readonly byTopic = new Map<string, Set<Conn>>();
  private readonly byId = new Map<string, Conn>();
  /** Per topic: resolves once the bus delivers it to this node. */
  private readonly flowing = new Map<string, Promise<void>>();
  readonly conns = new Set<Conn>();

  /** `interest(topic, on)` tells the bus when the first socket subscribes or the last leaves. */
  constructor(
    private readonly interest: (topic: string, on: boolean) => Promise<void> = async () => {},
  ) {}

  add(conn: Conn): void {
    this.conns.add(conn);
    this.byId.set(conn.id, conn);
  }

  remove(conn: Conn): void {
    this.conns.delete(conn);
    this.byId.delete(conn.id);
    for (const topic of conn.topics) this.unsubscribe(conn, topic);
  }

  /** Resolves once the topic's frames reach this node (at once on a single node). */
  subscribe(conn: Conn, topic: string): Promise<void> {
    let set = this.byTopic.get(topic);
    if (!set) {
      this.byTopic.set(topic, (set = new Set()));
      const flowing = this.interest(topic, true);
      this.flowing.set(topic, flowing);
      // Once flowing, forget the promise: a socket per topic must not cost one kept forever.
      void flowing.then(
        () => {
          if (this.flowing.get(topic) === flowing) this.flowing.delete(topic);
        },
        () => {},
      );
    }
    set.add(conn);
    conn.topics.add(topic);
    return this.flowing.get(topic) ?? Promise.resolve();
  }

  unsubscribe(conn: Conn, topic: string): void {
    const set = this.byTopic.get(topic);
    if (set?.delete(conn) && set.size === 0) {
      this.byTopic.delete(topic);
      this.flowing.delete(topic);
      void this.interest(topic, false);
    }
    conn.topics.delete(topic);
  }

  subscribers(topic: string): ReadonlySet<Conn> {
    return this.byTopic.get(topic) ?? EMPTY;
  }

  deliver(envelope: Envelope): void {
    if (envelope.connId) {
      this.byId.get(envelope.connId)?.deliverOwn(envelope.frame);
      return;
    }
    const set = envelope.topic ? this.byTopic.get(envelope.topic) : undefined;
    if (!set) return;
    const out = new Outbound(envelope.frame);
    for (const conn of set) if (conn.id !== envelope.exceptConn) conn.deliver(out);
  }
}

const EMPTY: ReadonlySet<Conn> = new Set();
