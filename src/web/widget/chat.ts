/**
 * The widget's conversation state, without any DOM: what the customer sees, what is still
 * to be sent, and what survives a page load (visitor token, last seq, recent messages, the
 * unsent queue) in storage kept per widget key.
 *
 * Exactly-once to the eye: every message keeps its `clientMsgId` until acked and is resent
 * with it after each reconnect (the server stores a retry once); received messages are
 * kept by (conversationId, seq), so a replay shows nothing twice.
 */
import {
  type AckFrame,
  type ChatMessage,
  fromFrame,
  type ServerFrame,
  type WelcomeFrame,
} from '../shared/protocol.ts';

export interface Outgoing {
  clientMsgId: string;
  text: string;
  createdAt: number;
  /** Set when the server refused it for good (too long, …); the customer may retry. */
  failed?: string;
}

/** A rating the team asked for after closing a conversation. */
export interface CsatAsk {
  conversationId: string;
  ticketId: string;
  /** Set once the customer rated. */
  score?: number;
}

export interface Saved {
  token: string | null;
  conversationId: string | null;
  lastSeq: number;
  /** Highest seq the customer has seen with the panel open. */
  seenSeq: number;
  messages: ChatMessage[];
  outbox: Outgoing[];
  open: boolean;
  csat?: CsatAsk | null;
}

export interface Storage {
  load(): Partial<Saved> | undefined;
  save(saved: Saved): void;
}

/** Refusals worth a resend later rather than a "failed" mark. */
const TRANSIENT = new Set(['unavailable', 'rate_limited']);
const KEEP_MESSAGES = 200;
const TYPING_SHOWN_MS = 6000;
const TYPING_EVERY_MS = 3000;

export class Chat {
  token: string | null = null;
  conversationId: string | null = null;
  lastSeq = 0;
  seenSeq = 0;
  messages: ChatMessage[] = [];
  outbox: Outgoing[] = [];
  open = false;
  state = 'new';
  /** Set when the conversation was closed by the team; the next message opens a new one. */
  closed = false;
  agentTypingUntil = 0;
  agentReadSeq = 0;
  /** Place in line while waiting for an agent (1 = next), from `queue` frames. */
  queuePosition: number | null = null;
  csat: CsatAsk | null = null;
  private sentReadSeq = 0;
  private typingSentAt = 0;

  constructor(private readonly storage: Storage) {
    const saved = storage.load();
    if (!saved) return;
    this.token = saved.token ?? null;
    this.conversationId = saved.conversationId ?? null;
    this.lastSeq = saved.lastSeq ?? 0;
    this.seenSeq = saved.seenSeq ?? 0;
    this.messages = saved.messages ?? [];
    this.outbox = saved.outbox ?? [];
    this.open = saved.open ?? false;
    this.csat = saved.csat ?? null;
    this.sentReadSeq = this.seenSeq;
  }

  /** `/ws/customer?…` on `wsBase` (`wss://host`): resumes the visitor and their last seq. */
  socketUrl(wsBase: string, widgetKey: string): string {
    const params = new URLSearchParams({ widgetKey });
    if (this.token) {
      params.set('token', this.token);
      params.set('afterSeq', String(this.lastSeq));
    }
    return `${wsBase}/ws/customer?${params}`;
  }

  /** The server greeted us: returns the frames to send now (a resume, then the queue). */
  welcome(frame: WelcomeFrame): object[] {
    const frames: object[] = [];
    this.token = frame.visitorToken;
    this.state = frame.state;
    if (frame.conversationId !== this.conversationId) {
      // Another conversation than the one we followed: take all of it.
      this.follow(frame.conversationId);
      if (frame.lastSeq > 0) frames.push({ t: 'resume', afterSeq: 0 });
    }
    this.closed = frame.state === 'closed';
    for (const item of this.outbox) {
      if (!item.failed) frames.push(msgFrame(item));
    }
    this.save();
    return frames;
  }

  /** Applies a server frame; true when something visible changed. */
  receive(frame: ServerFrame): boolean {
    switch (frame.t) {
      case 'msg':
        this.agentTypingUntil = frame.author.kind === 'customer' ? this.agentTypingUntil : 0;
        return this.add(fromFrame(frame));
      case 'ack':
        return this.acked(frame);
      case 'conversation': {
        const c = frame.conversation;
        if (this.conversationId && c.id < this.conversationId) return false;
        if (c.id !== this.conversationId) this.follow(c.id);
        this.state = c.state;
        this.closed = c.state === 'closed';
        if (c.state !== 'queued') this.queuePosition = null;
        this.save();
        return true;
      }
      case 'queue':
        if (frame.conversationId !== this.conversationId) return false;
        this.queuePosition = frame.position;
        return true;
      case 'csat_request':
        if (frame.conversationId !== this.conversationId) return false;
        this.csat = { conversationId: frame.conversationId, ticketId: frame.ticketId };
        this.save();
        return true;
      case 'typing':
        if (frame.author.kind === 'customer') return false;
        this.agentTypingUntil = Date.now() + TYPING_SHOWN_MS;
        return true;
      case 'read':
        if (frame.author.kind === 'customer' || frame.seq <= this.agentReadSeq) return false;
        this.agentReadSeq = frame.seq;
        return true;
      case 'error': {
        const item = frame.ref && this.outbox.find((o) => o.clientMsgId === frame.ref);
        if (!item || TRANSIENT.has(frame.code)) return false;
        item.failed = frame.message;
        this.save();
        return true;
      }
      default:
        return false;
    }
  }

  /** Queues a message; returns its frame (send it if the socket is open). */
  compose(text: string, clientMsgId: string): object {
    const item: Outgoing = { clientMsgId, text, createdAt: Date.now() };
    this.outbox.push(item);
    this.typingSentAt = 0; // the next keystroke starts a new typing burst
    this.save();
    return msgFrame(item);
  }

  /** Marks a failed message for another try; returns its frame. */
  retry(clientMsgId: string): object | undefined {
    const item = this.outbox.find((o) => o.clientMsgId === clientMsgId);
    if (!item) return undefined;
    item.failed = undefined;
    this.save();
    return msgFrame(item);
  }

  /** Unsent, not failed: what a resend should carry. */
  pendingFrames(): object[] {
    return this.outbox.filter((o) => !o.failed).map(msgFrame);
  }

  /** A `typing` frame, at most every few seconds. */
  typingFrame(now = Date.now()): object | undefined {
    if (now - this.typingSentAt < TYPING_EVERY_MS) return undefined;
    this.typingSentAt = now;
    return { t: 'typing' };
  }

  /** The panel is open and the page visible: everything is seen. */
  markSeen(): void {
    if (this.seenSeq === this.lastSeq) return;
    this.seenSeq = this.lastSeq;
    this.save();
  }

  /** A `read` frame for what was seen since the last one (call it only when it can be sent). */
  readFrame(): object | undefined {
    if (this.seenSeq <= this.sentReadSeq) return undefined;
    this.sentReadSeq = this.seenSeq;
    return { t: 'read', seq: this.seenSeq };
  }

  /** Messages from the team the customer has not seen (the launcher's badge). */
  unread(): number {
    return this.messages.filter(
      (m) =>
        m.conversationId === this.conversationId &&
        m.seq > this.seenSeq &&
        m.author.kind !== 'customer',
    ).length;
  }

  /** The rating prompt to show: asked for the conversation that just closed, not yet answered. */
  csatAsked(): CsatAsk | null {
    const ask = this.csat;
    return ask && this.closed && ask.conversationId === this.conversationId ? ask : null;
  }

  /** Rates the closed conversation; returns the `csat` frame to send. */
  rate(score: number, comment: string): object | undefined {
    const ask = this.csatAsked();
    if (!ask || ask.score !== undefined) return undefined;
    ask.score = score;
    this.save();
    const text = comment.trim().slice(0, 2000);
    return {
      t: 'csat',
      conversationId: ask.conversationId,
      score,
      ...(text ? { comment: text } : {}),
    };
  }

  agentTyping(now = Date.now()): boolean {
    return now < this.agentTypingUntil;
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.save();
  }

  private acked(frame: AckFrame): boolean {
    const i = this.outbox.findIndex((o) => o.clientMsgId === frame.clientMsgId);
    if (i < 0) return false;
    const [item] = this.outbox.splice(i, 1);
    this.add({
      id: frame.id,
      conversationId: frame.conversationId,
      seq: frame.seq,
      author: { kind: 'customer', id: null, name: null },
      text: item!.text,
      createdAt: item!.createdAt,
    });
    return true;
  }

  private add(message: ChatMessage): boolean {
    if (this.conversationId && message.conversationId < this.conversationId) {
      // A message of an older conversation (another tab's replay): keep it in its place.
    } else if (message.conversationId !== this.conversationId) {
      this.follow(message.conversationId);
    }
    if (message.conversationId === this.conversationId) {
      this.lastSeq = Math.max(this.lastSeq, message.seq);
      if (this.closed && message.author.kind === 'customer') this.closed = false;
    }
    const inserted = insertSorted(this.messages, message);
    if (this.messages.length > KEEP_MESSAGES)
      this.messages.splice(0, this.messages.length - KEEP_MESSAGES);
    this.save();
    return inserted;
  }

  /** Starts following a newer conversation (ids are UUIDv7: they sort by creation time). */
  private follow(conversationId: string): void {
    this.conversationId = conversationId;
    this.lastSeq = 0;
    this.seenSeq = 0;
    this.sentReadSeq = 0;
    this.agentReadSeq = 0;
  }

  private save(): void {
    this.storage.save({
      token: this.token,
      conversationId: this.conversationId,
      lastSeq: this.lastSeq,
      seenSeq: this.seenSeq,
      messages: this.messages,
      outbox: this.outbox,
      open: this.open,
      csat: this.csat,
    });
  }
}

function msgFrame(item: Outgoing): object {
  return { t: 'msg', clientMsgId: item.clientMsgId, text: item.text };
}

/** Keeps messages ordered by (conversation, seq), each once. */
function insertSorted(list: ChatMessage[], message: ChatMessage): boolean {
  const before = (a: ChatMessage, b: ChatMessage) =>
    a.conversationId < b.conversationId || (a.conversationId === b.conversationId && a.seq < b.seq);
  let i = list.length;
  while (i > 0 && before(message, list[i - 1]!)) i--;
  const prev = list[i - 1];
  if (prev && prev.conversationId === message.conversationId && prev.seq === message.seq)
    return false;
  list.splice(i, 0, message);
  return true;
}
