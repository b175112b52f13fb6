/**
 * A real WebSocket client for tests: collects frames and waits for the ones a test expects.
 */
import { packr } from '../../src/gateway/codec.ts';

export type Frame = Record<string, any>;

export class TestSocket {
  /** Frames not yet taken by `next`. */
  readonly frames: Frame[] = [];
  /** Every frame received, in order (taken or not). */
  readonly received: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private opened: Promise<void>;

  constructor(
    readonly url: string,
    readonly codec: 'json' | 'msgpack' = 'json',
  ) {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.opened = new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
    this.closed = new Promise((resolve) => {
      ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
    });
    ws.onmessage = (e) => {
      const frame = (
        typeof e.data === 'string' ? JSON.parse(e.data) : packr.unpack(new Uint8Array(e.data))
      ) as Frame;
      this.received.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    };
  }

  private readonly ws: WebSocket;

  static async open(url: string, codec: 'json' | 'msgpack' = 'json'): Promise<TestSocket> {
    const socket = new TestSocket(url, codec);
    await socket.opened;
    return socket;
  }

  send(frame: Frame): void {
    this.ws.send(this.codec === 'json' ? JSON.stringify(frame) : packr.pack(frame));
  }

  sendRaw(data: string | Uint8Array): void {
    this.ws.send(data);
  }

  /** The first frame (received or future) that matches; it is consumed. */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Frames of type `t`, waiting for the first one. */
  nextOf(t: string, extra: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    return this.next((f) => f.t === t && extra(f), timeoutMs);
  }

  /** Collects `count` frames matching. */
  async collect(count: number, match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame[]> {
    const out: Frame[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count) out.push(await this.next(match, Math.max(1, deadline - Date.now())));
    return out;
  }

  /** Nothing matching arrives within `ms`. */
  async expectNone(match: (f: Frame) => boolean, ms = 300): Promise<void> {
    await Bun.sleep(ms);
    const found = this.frames.find(match);
    if (found) throw new Error(`unexpected frame ${JSON.stringify(found)}`);
  }

  close(code = 1000): void {
    this.ws.close(code);
  }
}
