/**
 * A customer's connection to kefu, for web pages and mobile apps (standard WebSocket only,
 * no Node or Bun APIs). It keeps a conversation whole across network trouble:
 *
 * - reconnects with exponential backoff and full jitter, trying the listed servers in turn;
 * - after each welcome, asks for what it missed (`resume` from the last seq it delivered);
 * - delivers messages in seq order, each once, whatever arrives twice or early;
 * - queues what you send while offline and resends it with the same `clientMsgId` until
 *   the server acks it (the server stores a resent message once).
 *
 * @example
 * const client = new KefuClient({ urls: ['wss://chat.example.com'], widgetKey: 'wk_…' });
 * client.on('message', (m) => render(m));
 * client.connect();
 * client.send('Where is my order?');
 */
import { type Codec, jsonCodec } from './codec.ts';
import type {
  AckFrame,
  ClientEvents,
  ClientState,
  ClientStore,
  ConnectionState,
  MsgFrame,
  ServerFrame,
} from './types.ts';

export interface KefuClientOptions {
  /** Server base URLs (`wss://host`, `https://host` works too), tried in turn. */
  urls: string[];
  widgetKey: string;
  /** `jsonCodec` (default, `/ws/customer`) or `msgpackCodec` (`/ws/app`, from `./msgpack`). */
  codec?: Codec;
  /** A signed-in user of yours: `hash` = hex HMAC-SHA256(identity secret, id), from your server. */
  user?: { id: string; hash: string };
  /** Keeps the visitor token, seqs and unsent messages across restarts (default: memory). */
  store?: ClientStore;
  /** Reconnect delays: random in [0, min(maxMs, initialMs·2^attempt)] (defaults 500 ms, 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Resend an unacked message after this long while connected (default 10 s). */
  ackTimeoutMs?: number;
  /** Heartbeat; a connection silent for two intervals is replaced (default 25 s; 0: off). */
  pingIntervalMs?: number;
  /** The WebSocket constructor (default: the global one). */
  WebSocket?: typeof WebSocket;
  random?: () => number;
}

type Listener<K extends keyof ClientEvents> = (payload: ClientEvents[K]) => void;

/** Refusals that resending cannot fix: the message is dropped (and reported). */
/** How many acks `acked()` can still answer after they arrived. */
const RECENT_ACKS = 1000;

const FINAL_ERRORS = new Set([
  'invalid_frame',
  'invalid_json',
  'unknown_frame',
  'text_too_long',
  'frame_too_large',
  'validation_failed',
  'forbidden',
]);

export class KefuClient {
  private readonly options: Required<Omit<KefuClientOptions, 'user' | 'store' | 'backoff'>> &
    Pick<KefuClientOptions, 'user'>;
  private readonly store: ClientStore;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly listeners = new Map<keyof ClientEvents, Listener<never>[]>();
  private readonly state: ClientState;
  private socket: WebSocket | undefined;
  private connection: ConnectionState = 'idle';
  private attempt = 0;
  private urlIndex = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHeard = 0;
  /** Welcome received on the current socket: sends may go out. */
  private ready = false;
  /** A `resume` is in flight; gaps are not asked for twice. */
  private resuming = false;
  /** Out-of-order messages of the current conversation, by seq. */
  private readonly early = new Map<number, MsgFrame>();
  /** The last acks, by clientMsgId (at most RECENT_ACKS). */
  private readonly recentAcks = new Map<string, AckFrame>();
  private customerId: string | null = null;

  constructor(options: KefuClientOptions) {
    if (options.urls.length === 0) throw new Error('KefuClient: at least one server URL');
    const WS = options.WebSocket ?? globalThis.WebSocket;
    if (!WS) throw new Error('KefuClient: no WebSocket implementation');
    this.options = {
      urls: options.urls.map(toWsUrl),
      widgetKey: options.widgetKey,
      codec: options.codec ?? jsonCodec,
      user: options.user,
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      pingIntervalMs: options.pingIntervalMs ?? 25_000,
      WebSocket: WS,
      random: options.random ?? Math.random,
    };
    this.backoff = {
      initialMs: options.backoff?.initialMs ?? 500,
      maxMs: options.backoff?.maxMs ?? 30_000,
    };
    this.store = options.store ?? memoryStore();
    const saved = this.store.load();
    this.state = {
      token: saved?.token ?? null,
      conversationId: saved?.conversationId ?? null,
      lastSeq: { ...(saved?.lastSeq ?? {}) },
      pending: [...(saved?.pending ?? [])],
    };
  }

  /** The current conversation id (after the first welcome). */
  get conversationId(): string | null {
    return this.state.conversationId;
  }

  /** Messages not yet acked by the server, oldest first. */
  get pending(): readonly { clientMsgId: string; text: string }[] {
    return this.state.pending;
  }

  get connectionState(): ConnectionState {
    return this.connection;
  }

  /** Last seq delivered to you in the current conversation. */
  get lastSeq(): number {
    return this.state.conversationId ? (this.state.lastSeq[this.state.conversationId] ?? 0) : 0;
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<K>): () => void {
    const list = (this.listeners.get(event) ?? []) as Listener<K>[];
    list.push(listener);
    this.listeners.set(event, list as Listener<never>[]);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Opens the connection (and keeps it open until `close`). */
  connect(): void {
    if (this.connection !== 'idle' && this.connection !== 'closed') return;
    this.open();
  }

  /**
   * Sends a text; returns its `clientMsgId`. Offline, it waits in the queue; either way it
   * is resent until acked. `acked(id)` tells when the server has stored it.
   */
  send(text: string): string {
    const clientMsgId = newClientMsgId(this.options.random);
    this.state.pending.push({ clientMsgId, text });
    this.save();
    if (this.ready) this.transmit({ t: 'msg', clientMsgId, text });
    this.scheduleResend();
    return clientMsgId;
  }

  /** Resolves with the ack of a message sent with `send`. */
  acked(clientMsgId: string): Promise<AckFrame> {
    const done = this.recentAcks.get(clientMsgId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const off = this.on('ack', (ack) => {
        if (ack.clientMsgId !== clientMsgId) return;
        off();
        resolve(ack);
      });
    });
  }

  /** Tells the agent the customer is typing (dropped while offline). */
  typing(): void {
    if (this.ready) this.transmit({ t: 'typing' });
  }

  /** Marks messages up to `seq` as read (dropped while offline). */
  read(seq: number): void {
    if (this.ready) this.transmit({ t: 'read', seq });
  }

  /** Closes for good: no reconnects. Unsent messages stay in the store for next time. */
  close(): void {
    this.setConnection('closed');
    this.clearTimers();
    this.ready = false;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'client closed');
  }

  private open(): void {
    const url = this.nextUrl();
    this.setConnection(this.attempt === 0 ? 'connecting' : 'reconnecting', url);
    let socket: WebSocket;
    try {
      socket = new this.options.WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.ready = false;
    this.resuming = false;
    this.lastHeard = Date.now();
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      let frame: ServerFrame;
      try {
        frame = this.options.codec.decode(event.data as string | ArrayBuffer) as ServerFrame;
      } catch {
        return;
      }
      this.receive(frame);
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.ready = false;
      this.stopHeartbeat();
      if (this.connection !== 'closed') this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and reconnects.
    };
  }

  private nextUrl(): string {
    const base = this.options.urls[this.urlIndex % this.options.urls.length]!;
    const params = new URLSearchParams({ widgetKey: this.options.widgetKey });
    if (this.state.token) params.set('token', this.state.token);
    if (this.options.user) {
      params.set('userId', this.options.user.id);
      params.set('userHash', this.options.user.hash);
    }
    return `${base}${this.options.codec.path}?${params}`;
  }

  private scheduleReconnect(): void {
    if (this.connection === 'closed') return;
    this.urlIndex++;
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt);
    const delay = Math.floor(this.options.random() * ceiling);
    this.attempt++;
    this.setConnection('reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  private receive(frame: ServerFrame): void {
    this.emit('frame', frame);
    if (frame.t === 'welcome') this.welcome(frame);
    else if (frame.t === 'msg') this.deliver(frame);
    else if (frame.t === 'ack') this.ack(frame);
    else if (frame.t === 'typing') this.emit('typing', frame);
    else if (frame.t === 'error') this.refused(frame);
    else if (frame.t === 'resumed') {
      this.resuming = false;
      this.flushEarly();
    } else if (frame.t === 'conversation' && frame.conversation.id === this.state.conversationId) {
      const { id, state, lastSeq } = frame.conversation;
      this.emit('conversation', { id, state, lastSeq });
    }
  }

  private welcome(frame: Extract<ServerFrame, { t: 'welcome' }>): void {
    this.state.token = frame.visitorToken;
    this.customerId = frame.customerId;
    this.switchConversation(frame.conversationId);
    this.save();
    this.attempt = 0;
    this.ready = true;
    this.setConnection('open');
    this.emit('conversation', {
      id: frame.conversationId,
      state: frame.state,
      lastSeq: frame.lastSeq,
    });
    const known = this.state.lastSeq[frame.conversationId] ?? 0;
    if (frame.lastSeq > known) this.askResume(known);
    for (const p of this.state.pending)
      this.transmit({ t: 'msg', clientMsgId: p.clientMsgId, text: p.text });
    this.startHeartbeat();
    this.scheduleResend();
  }

  private switchConversation(conversationId: string): void {
    if (this.state.conversationId === conversationId) return;
    this.state.conversationId = conversationId;
    this.early.clear();
    this.resuming = false;
  }

  private deliver(frame: MsgFrame): void {
    if (frame.conversationId !== this.state.conversationId) return;
    const last = this.state.lastSeq[frame.conversationId] ?? 0;
    if (frame.seq <= last) return; // seen already
    this.early.set(frame.seq, frame);
    this.flushEarly();
  }

  /** Emits buffered messages while they continue the sequence; asks for a gap once. */
  private flushEarly(): void {
    const id = this.state.conversationId;
    if (!id) return;
    let last = this.state.lastSeq[id] ?? 0;
    let advanced = false;
    for (let next = this.early.get(last + 1); next; next = this.early.get(last + 1)) {
      this.early.delete(last + 1);
      last += 1;
      this.state.lastSeq[id] = last;
      advanced = true;
      this.emit('message', next);
    }
    for (const seq of this.early.keys()) if (seq <= last) this.early.delete(seq);
    if (advanced) this.save();
    if (this.early.size > 0 && !this.resuming && this.ready) this.askResume(last);
  }

  private askResume(afterSeq: number): void {
    this.resuming = true;
    this.transmit({ t: 'resume', afterSeq });
  }

  private ack(frame: AckFrame): void {
    const i = this.state.pending.findIndex((p) => p.clientMsgId === frame.clientMsgId);
    if (i < 0) return;
    const [sent] = this.state.pending.splice(i, 1);
    this.save();
    // `acked(id)` may be asked after the ack came (it can arrive at any moment).
    this.recentAcks.set(frame.clientMsgId, frame);
    if (this.recentAcks.size > RECENT_ACKS) {
      const oldest = this.recentAcks.keys().next().value;
      if (oldest !== undefined) this.recentAcks.delete(oldest);
    }
    if (frame.conversationId !== this.state.conversationId)
      this.switchConversation(frame.conversationId);
    this.emit('ack', frame);
    // Your own message takes its place in the sequence (the server does not echo it).
    this.deliver({
      t: 'msg',
      id: frame.id,
      conversationId: frame.conversationId,
      seq: frame.seq,
      author: { kind: 'customer', id: this.customerId, name: null },
      text: sent!.text,
      channel: this.options.codec.path === '/ws/app' ? 'app' : 'web',
      createdAt: Date.now(),
    });
  }

  private refused(frame: Extract<ServerFrame, { t: 'error' }>): void {
    if (frame.ref && FINAL_ERRORS.has(frame.code)) {
      const i = this.state.pending.findIndex((p) => p.clientMsgId === frame.ref);
      if (i >= 0) {
        this.state.pending.splice(i, 1);
        this.save();
      }
    }
    this.emit('error', frame);
  }

  /** While connected, unacked messages are resent now and then (a lost frame, a busy server). */
  private scheduleResend(): void {
    if (this.resendTimer || this.state.pending.length === 0) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      if (!this.ready) return;
      for (const p of this.state.pending)
        this.transmit({ t: 'msg', clientMsgId: p.clientMsgId, text: p.text });
      this.scheduleResend();
    }, this.options.ackTimeoutMs);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const every = this.options.pingIntervalMs;
    if (every <= 0) return;
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * every) {
        // Silent for too long: a half-open connection. Replace it.
        this.socket?.close(4000, 'no answer');
        return;
      }
      this.transmit({ t: 'ping' });
    }, every);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private clearTimers(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
    this.stopHeartbeat();
  }

  private transmit(frame: object): void {
    const socket = this.socket;
    if (socket?.readyState !== 1) return;
    try {
      socket.send(this.options.codec.encode(frame));
    } catch {
      // The socket is going away; onclose reconnects and everything pending is resent.
    }
  }

  private setConnection(state: ConnectionState, url: string | null = null): void {
    if (this.connection === 'closed' && state !== 'closed') return;
    this.connection = state;
    this.emit('state', { state, attempt: this.attempt, url });
  }

  private save(): void {
    this.store.save({
      token: this.state.token,
      conversationId: this.state.conversationId,
      lastSeq: { ...this.state.lastSeq },
      pending: this.state.pending.map((p) => ({ ...p })),
    });
  }

  private emit<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    for (const listener of [...((this.listeners.get(event) ?? []) as Listener<K>[])]) {
      try {
        listener(payload);
      } catch (error) {
        // A listener's bug must not break delivery to the others.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}

/** Keeps the state in memory only (the default). */
export function memoryStore(initial?: ClientState): ClientStore {
  let state = initial ?? null;
  return {
    load: () => state,
    save: (next) => {
      state = next;
    },
  };
}

/** Keeps the state in the browser's `localStorage` under `key`. */
export function localStorageStore(key = 'kefu'): ClientStore {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (!storage) return memoryStore();
  return {
    load() {
      try {
        return JSON.parse(storage.getItem(key) ?? 'null') as ClientState | null;
      } catch {
        return null;
      }
    },
    save(state) {
      try {
        storage.setItem(key, JSON.stringify(state));
      } catch {
        // Full or disabled storage: the client still works, it just forgets on reload.
      }
    },
  };
}

function toWsUrl(url: string): string {
  return url.replace(/^http(s?):\/\//, 'ws$1://').replace(/\/+$/, '');
}

function newClientMsgId(random: () => number): string {
  const bytes = new Uint8Array(8);
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `m-${Date.now().toString(36)}-${hex}`;
}
