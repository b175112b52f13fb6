/**
 * One load-generator WebSocket connection: opens it, tracks what the protocol tells it
 * (visitor token, conversation, last seq, state) and routes replies to the recorder.
 */

import { decodeFrame, encodeFrame, type Frame, tokenTime } from './codec.ts';
import type { Dialect, ReplyKind } from './protocol.ts';
import type { Recorder } from './recorder.ts';

/** Most bot replies a customer waits for at once; older ones are dropped (and not answered). */
const MAX_BOT_PENDING = 32;

/** One WebSocket of the load generator and what the server told it. */
export class Connection {
  ws: WebSocket | undefined;
  ready = false;
  closing = false;
  visitorToken: string | undefined;
  conversationId: string | undefined;
  lastSeq = 0;
  state: string | undefined;
  /** Intended send times (µs) of messages still waiting for a bot reply, oldest first. */
  botPending: number[] = [];
  /** Closed-loop hook: called with each reply kind this connection receives. */
  onReply: ((kind: ReplyKind) => void) | undefined;
  onResumed: (() => void) | undefined;
  /** Called when an established connection closes without us asking (code). */
  onDrop: ((code: number) => void) | undefined;

  constructor(
    readonly index: number,
    readonly dialect: Dialect,
    readonly baseUrl: string,
    private readonly recorder: Recorder,
  ) {}

  /** Opens the socket; resolves once the server greeted it, rejects with a short reason. */
  open(withToken: boolean): Promise<void> {
    const url =
      withToken && this.visitorToken
        ? `${this.baseUrl}&token=${encodeURIComponent(this.visitorToken)}`
        : this.baseUrl;
    this.ready = false;
    this.closing = false;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error?: string) => {
        if (settled) return;
        settled = true;
        if (error === undefined) {
          this.ready = true;
          resolve();
        } else reject(new Error(error));
      };
      const ws = new WebSocket(url);
      if (this.dialect === 'app') ws.binaryType = 'arraybuffer';
      this.ws = ws;
      ws.onopen = () => {
        if (this.dialect === 'echo') settle();
      };
      ws.onmessage = (event) => {
        const frame = decodeFrame(event.data);
        if (!frame) return;
        if (frame.t === 'welcome' || frame.t === 'hello') this.greeted(frame, settle);
        else this.handle(frame);
      };
      ws.onclose = (event) => {
        if (!settled) settle(`close ${event.code}${event.reason ? ` ${event.reason}` : ''}`);
        else if (!this.closing) this.onDrop?.(event.code);
        this.ready = false;
      };
    });
  }

  /** Sends a frame encoded for this dialect; false if the socket is not open. */
  send(frame: object): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeFrame(this.dialect, frame));
    return true;
  }

  /** Sends a bench `msg` and remembers it as waiting for a bot reply. */
  sendMessage(clientMsgId: string, text: string, intended: number): boolean {
    if (!this.send({ t: 'msg', clientMsgId, text })) return false;
    if (this.dialect !== 'agent' && this.dialect !== 'echo') {
      if (this.botPending.length >= MAX_BOT_PENDING) this.botPending.shift();
      this.botPending.push(intended);
    }
    return true;
  }

  /** Closes the socket on purpose; resolves when it is closed. */
  close(): Promise<void> {
    this.closing = true;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => resolve();
      ws.addEventListener('close', done);
      setTimeout(done, 5000);
      ws.close(1000);
    });
  }

  private greeted(frame: Frame, settle: () => void): void {
    if (typeof frame.visitorToken === 'string') this.visitorToken = frame.visitorToken;
    if (typeof frame.conversationId === 'string') this.conversationId = frame.conversationId;
    if (typeof frame.lastSeq === 'number') this.lastSeq = frame.lastSeq;
    if (typeof frame.state === 'string') this.state = frame.state;
    settle();
  }

  private seq(value: unknown): void {
    if (typeof value === 'number' && value > this.lastSeq) this.lastSeq = value;
  }

  private handle(frame: Frame): void {
    switch (frame.t) {
      case 'ack': {
        this.seq(frame.seq);
        const intended = tokenTime(frame.clientMsgId);
        if (intended !== undefined) this.recorder.record('ack', intended);
        this.onReply?.('ack');
        return;
      }
      case 'msg':
        this.message(frame);
        return;
      case 'conversation': {
        const conversation = frame.conversation as { state?: unknown } | undefined;
        if (this.dialect !== 'agent' && typeof conversation?.state === 'string') {
          this.state = conversation.state;
        }
        return;
      }
      case 'resumed':
      case 'resume': // the echo server sends our own resume frame back
        this.seq(frame.lastSeq);
        this.onResumed?.();
        return;
      case 'error':
        this.recorder.error(String(frame.code));
        return;
    }
  }

  private message(frame: Frame): void {
    if (this.dialect === 'echo') {
      const intended = tokenTime(frame.clientMsgId);
      if (intended !== undefined) this.recorder.record('ack', intended);
      this.onReply?.('ack');
      return;
    }
    this.seq(frame.seq);
    const author = frame.author as { kind?: unknown } | undefined;
    if (this.dialect === 'agent') {
      const intended = author?.kind === 'customer' ? tokenTime(frame.text) : undefined;
      if (intended !== undefined) this.recorder.record('delivery', intended);
    } else if (author?.kind === 'bot') {
      const intended = this.botPending.shift();
      if (intended !== undefined) this.recorder.record('bot', intended);
      this.onReply?.('bot');
    }
  }
}
