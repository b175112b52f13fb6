/**
 * This node's sockets by topic. The bus hands every envelope to `deliver`; the hub
 * encodes it once and gives it to each local subscriber.
 */
import type { Envelope } from '../bus/index.ts';
import { Outbound } from './codec.ts';
import type { Conn } from './conn.ts';

export class Hub {
  private readonly byTopic = new Map<string, Set<Conn>>();
  readonly conns = new Set<Conn>();

  add(conn: Conn): void {
    this.conns.add(conn);
  }

  remove(conn: Conn): void {
    this.conns.delete(conn);
    for (const topic of conn.topics) this.unsubscribe(conn, topic);
  }

  subscribe(conn: Conn, topic: string): void {
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(conn);
    conn.topics.add(topic);
  }

  unsubscribe(conn: Conn, topic: string): void {
    const set = this.byTopic.get(topic);
    if (set?.delete(conn) && set.size === 0) this.byTopic.delete(topic);
    conn.topics.delete(topic);
  }

  subscribers(topic: string): ReadonlySet<Conn> {
    return this.byTopic.get(topic) ?? EMPTY;
  }

  deliver(envelope: Envelope): void {
    const set = this.byTopic.get(envelope.topic);
    if (!set) return;
    const out = new Outbound(envelope.frame);
    for (const conn of set) if (conn.id !== envelope.exceptConn) conn.deliver(out);
  }
}

const EMPTY: ReadonlySet<Conn> = new Set();
