/**
 * Several kefu nodes over one Redis (ioredis): the bus (frames by topic to the nodes that
 * hold sockets for it), node-to-node calls, conversation ownership by lease, an elected
 * router leader, and node liveness by heartbeat. Everything a node sends goes through one
 * publisher connection and everything it hears through one subscriber connection, so two
 * nodes see each other's frames, acks and replies in the order they were sent.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { KefuError, toErrorBody } from '../errors.ts';
import { packr } from '../gateway/codec.ts';
import type { Logger } from '../log.ts';
import { type Bus, type Envelope, nodeOfConn } from './bus.ts';
import type { Claim, Cluster } from './cluster.ts';
import { CLAIM, ELECT, RENEW } from './redis-scripts.ts';

const HEARTBEAT_MS = 2000;
const NODE_TTL_MS = 6000;
const LEASE_TTL_MS = 15_000;
const RENEW_MS = 5000;
const CALL_TIMEOUT_MS = 5000;

type Wire =
  | { k: 'env'; from: string; at: number; env: Envelope }
  | { k: 'call'; id: number; from: string; method: string; args: unknown[] }
  | { k: 'ret'; id: number; ok: true; value: unknown }
  | { k: 'ret'; id: number; ok: false; error: { code: string; message: string } }
  | { k: 'cast'; from: string; method: string; args: unknown[] };

export interface RedisClusterOptions {
  url: string;
  /** Namespace for keys and channels (several clusters can share one Redis). */
  prefix?: string;
  log: Logger;
}

export class RedisCluster implements Cluster, Bus {
  readonly nodeId = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly bus: Bus = this;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly cmd: Redis;
  private readonly prefix: string;
  private readonly log: Logger;
  private deliverLocal: (envelope: Envelope) => void = () => {};
  private readonly handlers = new Map<string, (...args: unknown[]) => unknown>();
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: Timer }
  >();
  private readonly owned = new Set<string>();
  private readonly leadershipListeners: ((leader: boolean) => void)[] = [];
  private readonly nodeDownListeners: ((nodeId: string) => void)[] = [];
  private readonly reconnectListeners: (() => void)[] = [];
  private readonly lostListeners: ((ids: string[]) => void)[] = [];
  private leader: string | undefined;
  private leading = false;
  private calls = 0;
  private timers: Timer[] = [];
  private wasDown = false;
  /** Time from publish on one node to receipt on this one (metrics). */
  observeLag: (ms: number) => void = () => {};

  constructor(options: RedisClusterOptions) {
    this.prefix = options.prefix ?? 'kefu:';
    this.log = options.log;
    const connect = (name: string) =>
      new Redis(options.url, {
        connectionName: `kefu-${name}-${this.nodeId}`,
        maxRetriesPerRequest: 3,
        lazyConnect: true,
      });
    this.pub = connect('pub');
    this.sub = connect('sub');
    this.cmd = connect('cmd');
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.receive(message));
    for (const client of [this.pub, this.sub, this.cmd]) {
      client.on('error', (error) => this.log.warn({ err: error }, 'redis connection error'));
      client.on('close', () => (this.wasDown = true));
      client.on('ready', () => this.onReady());
    }
  }

  async start(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect(), this.cmd.connect()]);
    await this.sub.subscribe(this.channel('n', this.nodeId), this.key('all'));
    await this.beat();
    await this.elect();
    this.timers = [
      setInterval(() => void this.beat().catch(() => {}), HEARTBEAT_MS),
      setInterval(() => void this.elect().catch(() => {}), HEARTBEAT_MS),
      setInterval(() => void this.renew().catch(() => {}), RENEW_MS),
      setInterval(() => void this.reapDeadNodes().catch(() => {}), HEARTBEAT_MS),
    ];
    for (const t of this.timers) t.unref();
    this.wasDown = false;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new KefuError('unavailable', 'node shutting down'));
    }
    if (this.cmd.status === 'ready') {
      // Hand over quickly: leases and leadership are released, not left to expire.
      const pipeline = this.cmd.pipeline();
      for (const id of this.owned) pipeline.eval(RELEASE, 1, this.key('own', id), this.nodeId);
      pipeline.eval(RELEASE, 1, this.key('leader'), this.nodeId);
      pipeline.del(this.key('node', this.nodeId));
      pipeline.zrem(this.key('nodes'), this.nodeId);
      await pipeline.exec().catch(() => {});
    }
    this.pub.disconnect();
    this.sub.disconnect();
    this.cmd.disconnect();
  }

  health(): Record<string, boolean> {
    return { redis: [this.pub, this.sub, this.cmd].every((c) => c.status === 'ready') };
  }

  // —— bus ——

  publish(envelope: Envelope): void {
    if (envelope.connId) {
      const node = nodeOfConn(envelope.connId);
      if (node === this.nodeId) this.deliverLocal(envelope);
      else
        this.send(this.channel('n', node), {
          k: 'env',
          from: this.nodeId,
          at: Date.now(),
          env: envelope,
        });
      return;
    }
    this.deliverLocal(envelope);
    this.send(this.channel('t', envelope.topic!), {
      k: 'env',
      from: this.nodeId,
      at: Date.now(),
      env: envelope,
    });
  }

  onDeliver(handler: (envelope: Envelope) => void): void {
    this.deliverLocal = handler;
  }

  async interest(topic: string, on: boolean): Promise<void> {
    const channel = this.channel('t', topic);
    try {
      await (on ? this.sub.subscribe(channel) : this.sub.unsubscribe(channel));
    } catch (error) {
      this.log.warn({ err: error, topic }, 'topic subscription failed');
    }
  }

  // —— calls between nodes ——

  call<T>(nodeId: string, method: string, args: unknown[]): Promise<T> {
    const id = ++this.calls;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new KefuError('unavailable', `node ${nodeId} did not answer ${method}`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send(this.channel('n', nodeId), { k: 'call', id, from: this.nodeId, method, args });
    });
  }

  handle(method: string, fn: (...args: never[]) => unknown): void {
    this.handlers.set(method, fn as (...args: unknown[]) => unknown);
  }

  broadcast(method: string, args: unknown[]): void {
    this.send(this.key('all'), { k: 'cast', from: this.nodeId, method, args });
  }

  // —— ownership ——

  async claim(conversationId: string): Promise<Claim> {
    if (this.owned.has(conversationId)) return { self: true, fresh: false };
    const [won, holder] = (await this.cmd.eval(
      CLAIM,
      1,
      this.key('own', conversationId),
      this.nodeId,
      LEASE_TTL_MS,
      this.key('node', ''),
    )) as [number, string];
    if (won === 1) {
      this.owned.add(conversationId);
      return { self: true, fresh: true };
    }
    return { self: false, node: holder };
  }

  forget(conversationId: string): void {
    if (!this.owned.delete(conversationId)) return;
    this.cmd.eval(RELEASE, 1, this.key('own', conversationId), this.nodeId).catch(() => {});
  }

  /** Conversations this node owned but lost (its leases expired during an outage). */
  onLost(fn: (ids: string[]) => void): void {
    this.lostListeners.push(fn);
  }

  // —— leadership and liveness ——

  leaderId(): string | undefined {
    return this.leader;
  }
  isLeader(): boolean {
    return this.leading;
  }
  onLeadership(fn: (leader: boolean) => void): void {
    this.leadershipListeners.push(fn);
  }
  onNodeDown(fn: (nodeId: string) => void): void {
    this.nodeDownListeners.push(fn);
  }
  onReconnect(fn: () => void): void {
    this.reconnectListeners.push(fn);
  }

  private async beat(): Promise<void> {
    await this.cmd
      .multi()
      .set(this.key('node', this.nodeId), '1', 'PX', NODE_TTL_MS)
      .zadd(this.key('nodes'), Date.now() + NODE_TTL_MS, this.nodeId)
      .exec();
  }

  private async elect(): Promise<void> {
    const leader = (await this.cmd.eval(
      ELECT,
      1,
      this.key('leader'),
      this.nodeId,
      NODE_TTL_MS,
    )) as string;
    this.leader = leader;
    const leading = leader === this.nodeId;
    if (leading === this.leading) return;
    this.leading = leading;
    this.log.info(
      { node: this.nodeId, leading },
      leading ? 'this node now runs the router' : 'router leadership moved',
    );
    for (const fn of this.leadershipListeners) fn(leading);
  }

  private async renew(): Promise<void> {
    if (this.owned.size === 0) return;
    const ids = [...this.owned];
    const pipeline = this.cmd.pipeline();
    for (const id of ids) pipeline.eval(RENEW, 1, this.key('own', id), this.nodeId, LEASE_TTL_MS);
    const results = (await pipeline.exec()) ?? [];
    const lost = ids.filter((_, i) => results[i]?.[1] === 0);
    if (lost.length === 0) return;
    for (const id of lost) this.owned.delete(id);
    this.log.warn({ count: lost.length }, 'conversations now owned by another node');
    for (const fn of this.lostListeners) fn(lost);
  }

  /** The leader notices nodes whose heartbeat stopped: their sockets are gone. */
  private async reapDeadNodes(): Promise<void> {
    if (!this.leading) return;
    const dead = await this.cmd.zrangebyscore(this.key('nodes'), 0, Date.now());
    for (const node of dead) {
      if (node === this.nodeId || (await this.cmd.zrem(this.key('nodes'), node)) === 0) continue;
      this.log.warn({ node }, 'node stopped answering: its sockets are gone');
      for (const fn of this.nodeDownListeners) fn(node);
    }
  }

  private onReady(): void {
    if (!this.wasDown || !this.health().redis) return;
    this.wasDown = false;
    this.log.info('redis is back: resyncing');
    void this.beat()
      .then(() => this.renew())
      .then(() => this.elect())
      .catch(() => {});
    for (const fn of this.reconnectListeners) fn();
  }

  // —— wire ——

  private send(channel: string, message: Wire): void {
    this.pub.publish(channel, packr.pack(message) as Buffer).catch((error) => {
      this.log.warn({ err: error, channel }, 'publish failed');
    });
  }

  private receive(raw: Buffer): void {
    let message: Wire;
    try {
      message = packr.unpack(raw) as Wire;
    } catch (error) {
      this.log.error({ err: error }, 'unreadable message on the bus');
      return;
    }
    switch (message.k) {
      case 'env':
        if (message.from === this.nodeId && !message.env.connId) return;
        this.observeLag(Date.now() - message.at);
        this.deliverLocal(message.env);
        return;
      case 'call':
        void this.serve(message);
        return;
      case 'ret': {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.value);
        else waiting.reject(new KefuError(message.error.code as never, message.error.message));
        return;
      }
      case 'cast': {
        const fn = this.handlers.get(message.method);
        if (fn)
          Promise.resolve(fn(...message.args)).catch((error) =>
            this.log.error({ err: error, method: message.method }, 'broadcast handler failed'),
          );
        return;
      }
    }
  }

  private async serve(message: Extract<Wire, { k: 'call' }>): Promise<void> {
    const fn = this.handlers.get(message.method);
    let reply: Wire;
    try {
      if (!fn) throw new KefuError('unavailable', `unknown method ${message.method}`);
      reply = { k: 'ret', id: message.id, ok: true, value: await fn(...message.args) };
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status >= 500 && body.code !== 'unavailable')
        this.log.error({ err: error, method: message.method }, 'call failed');
      reply = { k: 'ret', id: message.id, ok: false, error: body };
    }
    this.send(this.channel('n', message.from), reply);
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private channel(kind: 'n' | 't', name: string): string {
    return `${this.prefix}${kind}:${name}`;
  }
}

const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
