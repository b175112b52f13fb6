/**
 * A WebSocket that stays connected: exponential backoff with jitter, an immediate retry when
 * the browser comes back online, and a heartbeat that notices a silently dead connection.
 * It only moves frames; what to resume after a reconnect is the caller's job (`onOpen`).
 */
import type { ServerFrame } from './protocol.ts';

export type LinkStatus = 'connecting' | 'online' | 'offline';

export interface LinkOptions {
  /** The URL for the next attempt (it may carry a token or the last seq seen). */
  url(): string;
  /** The socket is open: send what must be (re)sent. */
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  onStatus(status: LinkStatus): void;
  /** A close code after which reconnecting is pointless (e.g. 4401, token expired). */
  onFatalClose?(code: number): boolean;
  heartbeatMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export class Link {
  status: LinkStatus = 'offline';
  private ws: WebSocket | undefined;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private running = false;

  constructor(private readonly options: LinkOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    const every = this.options.heartbeatMs ?? 20_000;
    this.heartbeat = setInterval(() => this.beat(every), every);
    this.connect();
  }

  stop(): void {
    this.running = false;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    clearInterval(this.heartbeat);
    clearTimeout(this.retryTimer);
    this.drop();
  }

  /** Sends now if the socket is open; false means "not sent, keep it for later". */
  send(frame: object): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    if (!this.running || this.ws) return;
    // Known offline: wait for the `online` event instead of failing attempts.
    if (navigator.onLine === false) {
      this.setStatus('offline');
      return;
    }
    this.setStatus(this.attempts === 0 ? 'connecting' : 'offline');
    const ws = new WebSocket(this.options.url());
    this.ws = ws;
    ws.onopen = () => {
      this.attempts = 0;
      this.lastFrameAt = Date.now();
      this.setStatus('online');
      this.options.onOpen();
    };
    ws.onmessage = (event) => {
      this.lastFrameAt = Date.now();
      if (typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }
      this.options.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.ws === ws) this.closed(event.code);
    };
  }

  private closed(code: number): void {
    this.ws = undefined;
    if (!this.running) return;
    if (this.options.onFatalClose?.(code)) {
      this.stop();
      return;
    }
    this.setStatus('offline');
    const min = this.options.minDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 15_000;
    const delay = Math.min(max, min * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Forgets the socket at once (a dead one may take minutes to report its close). */
  private drop(): void {
    const ws = this.ws;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close();
    } catch {
      // already closing
    }
    this.closed(1006);
  }

  private beat(every: number): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastFrameAt > every * 2) this.drop();
    else this.send({ t: 'ping' });
  }

  private readonly onOnline = () => {
    this.attempts = 0;
    if (!this.ws) this.connect();
  };

  private readonly onOffline = () => this.drop();

  private setStatus(status: LinkStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}
