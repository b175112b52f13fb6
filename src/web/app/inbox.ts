/**
 * What the workspace knows, without any DOM: conversations (from `hello`, `conversation`
 * frames and REST), their messages kept once each in seq order, the agent's unsent replies,
 * read positions and typing. Frames and REST pages go in; the lists and what to (re)send
 * come out. The workspace (`workspace.ts`) wires it to the socket and the API.
 */
import {
  type AckFrame,
  type Author,
  type ChatMessage,
  type ConversationView,
  type HelloFrame,
  insertBySeq,
  type NoteView,
  type RestConversation,
} from '../shared/protocol.ts';

export type ViewName = 'queued' | 'mine' | 'all';

export interface PendingReply {
  clientMsgId: string;
  text: string;
  createdAt: number;
  /** Why the server refused it for good; the agent may retry. */
  failed?: string;
}

/** An internal note being saved (or that failed to save). */
export interface PendingNote {
  key: string;
  text: string;
  createdAt: number;
  failed?: string;
}

/** One line of a conversation's timeline: a message, or a note between messages. */
export type TimelineItem =
  | { kind: 'message'; message: ChatMessage }
  | { kind: 'note'; note: NoteView };

export interface Conversation {
  id: string;
  customerId: string;
  channel: string;
  state: string;
  assignedAgentId: string | null;
  /** Highest seq known to exist (from the server's views or from messages). */
  lastSeq: number;
  createdAt: number;
  /** Latest activity known: creation, REST `updatedAt`, newest message. */
  activityAt: number;
  messages: ChatMessage[];
  pending: PendingReply[];
  /** Every message from this seq on is in `messages`; undefined until history is loaded. */
  loadedFrom: number | undefined;
  /** The agent has read up to here. */
  readSeq: number;
  /** The customer has read up to here. */
  peerReadSeq: number;
  typing: { author: Author; until: number } | undefined;
  /** The ticket a closed conversation became (known from REST). */
  ticketId: string | null;
  /** Internal notes (staff only), by time; undefined until read over REST. */
  notes: NoteView[] | undefined;
  pendingNotes: PendingNote[];
}

export interface HelloOutcome {
  /** Conversations to `resume`, from the last seq the UI had before the reconnect. */
  resume: { conversationId: string; afterSeq: number }[];
  /** Followed conversations the hello no longer lists: read their state over REST. */
  stale: string[];
  /** Assigned to this agent since the last hello (none on the first one). */
  newlyMine: Conversation[];
}

const TYPING_SHOWN_MS = 6000;

export class Inbox {
  me: HelloFrame['agent'] | undefined;
  readonly conversations = new Map<string, Conversation>();

  constructor(private readonly readSeqs: Record<string, number> = {}) {}

  isMine(c: Conversation): boolean {
    return c.state === 'assigned' && c.assignedAgentId === this.me?.id;
  }

  /** Followed: its history is loaded, or it is ours (its messages reach us live). */
  isFollowed(c: Conversation): boolean {
    return c.loadedFrom !== undefined || this.isMine(c);
  }

  hello(frame: HelloFrame): HelloOutcome {
    const first = this.me === undefined;
    this.me = frame.agent;
    const before = new Map(
      [...this.conversations.values()].map((c) => [
        c.id,
        { lastSeq: Math.max(c.lastSeq, c.messages.at(-1)?.seq ?? 0), open: c.state !== 'closed' },
      ]),
    );
    const outcome: HelloOutcome = { resume: [], stale: [], newlyMine: [] };
    const listed = new Set<string>();
    for (const view of frame.conversations) {
      listed.add(view.id);
      const becameMine = this.upsert(view);
      const known = before.get(view.id);
      if (known) outcome.resume.push({ conversationId: view.id, afterSeq: known.lastSeq });
      if (becameMine && !first) outcome.newlyMine.push(this.conversations.get(view.id)!);
    }
    for (const [id, known] of before) {
      const c = this.conversations.get(id)!;
      if (!listed.has(id) && known.open && this.isFollowed(c)) outcome.stale.push(id);
    }
    return outcome;
  }

  /** A conversation's state from the server; true when it just became assigned to us. */
  upsert(view: ConversationView | RestConversation): boolean {
    const existing = this.conversations.get(view.id);
    const wasMine = existing ? this.isMine(existing) : false;
    const c = existing ?? this.create(view);
    c.customerId = view.customerId;
    c.channel = view.channel;
    c.state = view.state;
    c.assignedAgentId = view.assignedAgentId;
    c.lastSeq = Math.max(c.lastSeq, view.lastSeq);
    c.createdAt = view.createdAt;
    const updatedAt = 'updatedAt' in view ? view.updatedAt : view.createdAt;
    c.activityAt = Math.max(c.activityAt, updatedAt);
    if ('ticketId' in view) c.ticketId = view.ticketId;
    return !wasMine && this.isMine(c);
  }

  /** A stored message (live, replayed or from REST); false when it was already there. */
  message(message: ChatMessage): boolean {
    const c = this.conversations.get(message.conversationId);
    if (!c) return false;
    if (!insertBySeq(c.messages, message)) return false;
    c.lastSeq = Math.max(c.lastSeq, message.seq);
    c.activityAt = Math.max(c.activityAt, message.createdAt);
    if (c.typing?.author.kind === message.author.kind) c.typing = undefined;
    return true;
  }

  /** A page of history read from `afterSeq`: everything after it is now loaded. */
  history(id: string, afterSeq: number, messages: ChatMessage[]): void {
    const c = this.conversations.get(id);
    if (!c) return;
    for (const m of messages) this.message(m);
    c.loadedFrom = Math.min(c.loadedFrom ?? Number.POSITIVE_INFINITY, afterSeq + 1);
  }

  compose(conversationId: string, text: string, clientMsgId: string): object | undefined {
    const c = this.conversations.get(conversationId);
    if (!c) return undefined;
    const reply: PendingReply = { clientMsgId, text, createdAt: Date.now() };
    c.pending.push(reply);
    return replyFrame(conversationId, reply);
  }

  /** The server stored our reply: it becomes a message at its seq. */
  ack(frame: AckFrame): boolean {
    const c = this.conversations.get(frame.conversationId);
    const i = c?.pending.findIndex((p) => p.clientMsgId === frame.clientMsgId) ?? -1;
    if (!c || i < 0) return false;
    const [reply] = c.pending.splice(i, 1);
    const me = this.me;
    this.message({
      id: frame.id,
      conversationId: c.id,
      seq: frame.seq,
      author: { kind: 'agent', id: me?.id ?? null, name: me?.name ?? null },
      text: reply!.text,
      createdAt: reply!.createdAt,
    });
    return true;
  }

  /** The server refused a reply for good (closed, not yours, too long…). */
  refused(clientMsgId: string, reason: string): boolean {
    for (const c of this.conversations.values()) {
      const reply = c.pending.find((p) => p.clientMsgId === clientMsgId);
      if (reply) {
        reply.failed = reason;
        return true;
      }
    }
    return false;
  }

  retry(conversationId: string, clientMsgId: string): object | undefined {
    const reply = this.conversations
      .get(conversationId)
      ?.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!reply) return undefined;
    reply.failed = undefined;
    return replyFrame(conversationId, reply);
  }

  /** Every unacked reply, in order: resent with the same clientMsgId after a reconnect. */
  pendingFrames(): object[] {
    const frames: object[] = [];
    for (const c of this.conversations.values()) {
      for (const reply of c.pending) if (!reply.failed) frames.push(replyFrame(c.id, reply));
    }
    return frames;
  }

  /** Notes read over REST (merged with any that arrived live meanwhile). */
  notesLoaded(conversationId: string, notes: NoteView[]): void {
    const c = this.conversations.get(conversationId);
    if (!c) return;
    const known = c.notes ?? [];
    c.notes = [];
    for (const n of [...notes, ...known]) addNote(c, n);
  }

  /** A note, live or just saved; false when it was already there. */
  note(note: NoteView): boolean {
    const c = this.conversations.get(note.conversationId);
    if (!c) return false;
    c.notes ??= [];
    return addNote(c, note);
  }

  /** A note being saved: shown at once, marked until it is stored. */
  pendNote(conversationId: string, key: string, text: string): void {
    this.conversations.get(conversationId)?.pendingNotes.push({ key, text, createdAt: Date.now() });
  }

  /** The note was stored (it takes its place among the notes) or refused (marked failed). */
  settleNote(conversationId: string, key: string, result: NoteView | { failed: string }): void {
    const c = this.conversations.get(conversationId);
    if (!c) return;
    const i = c.pendingNotes.findIndex((p) => p.key === key);
    if ('failed' in result) {
      if (i >= 0) c.pendingNotes[i]!.failed = result.failed;
      return;
    }
    if (i >= 0) c.pendingNotes.splice(i, 1);
    this.note(result);
  }

  /** Messages in seq order with the notes placed between them by time. */
  timeline(c: Conversation): TimelineItem[] {
    const items: TimelineItem[] = [];
    const notes = c.notes ?? [];
    let n = 0;
    for (const message of c.messages) {
      while (n < notes.length && notes[n]!.createdAt < message.createdAt)
        items.push({ kind: 'note', note: notes[n++]! });
      items.push({ kind: 'message', message });
    }
    while (n < notes.length) items.push({ kind: 'note', note: notes[n++]! });
    return items;
  }

  typing(conversationId: string, author: Author, now = Date.now()): boolean {
    const c = this.conversations.get(conversationId);
    if (!c || (author.kind === 'agent' && author.id === this.me?.id)) return false;
    c.typing = { author, until: now + TYPING_SHOWN_MS };
    return true;
  }

  peerRead(conversationId: string, author: Author, seq: number): boolean {
    const c = this.conversations.get(conversationId);
    if (!c || author.kind !== 'customer' || seq <= c.peerReadSeq) return false;
    c.peerReadSeq = seq;
    return true;
  }

  /** The agent looks at the conversation: returns the seq to report in a `read` frame. */
  markRead(conversationId: string): number | undefined {
    const c = this.conversations.get(conversationId);
    const seq = c?.messages.at(-1)?.seq ?? 0;
    if (!c || seq <= c.readSeq) return undefined;
    c.readSeq = seq;
    this.readSeqs[c.id] = seq;
    return seq;
  }

  /** Read positions worth remembering for this browser session. */
  readPositions(): Record<string, number> {
    return this.readSeqs;
  }

  unread(c: Conversation): number {
    return c.messages.filter((m) => m.seq > c.readSeq && m.author.kind === 'customer').length;
  }

  list(view: ViewName, search = ''): Conversation[] {
    const needle = search.trim().toLowerCase();
    const all = [...this.conversations.values()].filter(
      (c) => inView(this, c, view) && (!needle || matches(c, needle)),
    );
    // The queue is first come, first served; the rest newest activity first.
    return view === 'queued'
      ? all.sort((a, b) => a.createdAt - b.createdAt)
      : all.sort((a, b) => b.activityAt - a.activityAt);
  }

  count(view: ViewName): number {
    return this.list(view).length;
  }

  private create(view: ConversationView | RestConversation): Conversation {
    const c: Conversation = {
      id: view.id,
      customerId: view.customerId,
      channel: view.channel,
      state: view.state,
      assignedAgentId: view.assignedAgentId,
      lastSeq: view.lastSeq,
      createdAt: view.createdAt,
      activityAt: view.createdAt,
      messages: [],
      pending: [],
      loadedFrom: undefined,
      readSeq: this.readSeqs[view.id] ?? 0,
      peerReadSeq: 0,
      typing: undefined,
      ticketId: null,
      notes: undefined,
      pendingNotes: [],
    };
    this.conversations.set(c.id, c);
    return c;
  }
}

function inView(inbox: Inbox, c: Conversation, view: ViewName): boolean {
  if (view === 'queued') return c.state === 'queued';
  if (view === 'mine') return inbox.isMine(c);
  return c.state !== 'closed';
}

function matches(c: Conversation, needle: string): boolean {
  if (c.id.toLowerCase().includes(needle) || c.customerId.toLowerCase().includes(needle)) {
    return true;
  }
  return c.messages.some((m) => m.text.toLowerCase().includes(needle));
}

/** Adds a note once, keeping the notes ordered by time. */
function addNote(c: Conversation, note: NoteView): boolean {
  const notes = (c.notes ??= []);
  if (notes.some((n) => n.id === note.id)) return false;
  let i = notes.length;
  while (i > 0 && notes[i - 1]!.createdAt > note.createdAt) i--;
  notes.splice(i, 0, note);
  return true;
}

function replyFrame(conversationId: string, reply: PendingReply): object {
  return { t: 'msg', conversationId, clientMsgId: reply.clientMsgId, text: reply.text };
}
