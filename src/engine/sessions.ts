/**
 * The session table: live conversations owned by this process. One JavaScript thread
 * owns it, so it needs no locks. A session is reserved when a customer connects and
 * stored with its first message.
 */

import type { ConversationView } from '../gateway/frames.ts';
import {
  type Conversation,
  type ConversationState,
  findOpenConversation,
  getConversation,
  type ReplyRouteJson,
  type Store,
} from '../store/index.ts';

export type SessionState = 'new' | ConversationState;

export interface Session {
  id: string;
  tenantId: string;
  customerId: string;
  channel: string;
  state: SessionState;
  assignedAgentId: string | null;
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
  /** The conversation row exists. */
  stored: boolean;
  /** Customer sockets attached (for eviction). */
  sockets: number;
  /** Consecutive bot answers below the confidence threshold. */
  botMisses: number;
  /** Skill group the conversation is queued in or served by. */
  groupId: string | null;
  priority: number;
  tags: string[];
  queuedAt: number | null;
  assignedAt: number | null;
  firstResponseAt: number | null;
  ticketId: string | null;
  /** Customer messages so far (for rules). */
  customerMessages: number;
  /** When an agent last wrote (the re-queue check). */
  agentRepliedAt: number | null;
  /** The channel of the customer's last message: replies go out there. */
  lastChannel: string | null;
  /** The customer's address on `lastChannel` (set by channels that need one). */
  replyTo: ReplyRouteJson | null;
}

/** The channel a reply in this conversation goes out on: where the customer last wrote. */
export function replyChannel(session: Session): string {
  return session.lastChannel ?? session.channel;
}

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session | undefined>>();
  /** Each customer's current (new or open) session, by `tenantId:customerId`. */
  private readonly current = new Map<string, Session>();

  /**
   * @param continueMs how long an open conversation waits for its customer on another
   *   channel: a customer coming back on a new channel within it continues the
   *   conversation; later, they start a new one (on the same channel they always continue).
   */
  constructor(
    private readonly store: Store,
    private readonly continueMs = 24 * 3600_000,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  peek(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** A new conversation id for a customer; nothing is stored until its first message. */
  reserve(tenantId: string, customerId: string, channel: string): Session {
    const now = Date.now();
    const session: Session = {
      id: Bun.randomUUIDv7(),
      tenantId,
      customerId,
      channel,
      state: 'new',
      assignedAgentId: null,
      lastSeq: 0,
      createdAt: now,
      updatedAt: now,
      stored: false,
      sockets: 0,
      botMisses: 0,
      groupId: null,
      priority: 0,
      tags: [],
      queuedAt: null,
      assignedAt: null,
      firstResponseAt: null,
      ticketId: null,
      customerMessages: 0,
      agentRepliedAt: null,
      lastChannel: null,
      replyTo: null,
    };
    this.sessions.set(session.id, session);
    this.current.set(customerKey(session), session);
    return session;
  }

  /** The session of a conversation of this tenant, loading it from the store if needed. */
  async load(tenantId: string, id: string): Promise<Session | undefined> {
    const live = this.sessions.get(id);
    if (live) return live.tenantId === tenantId ? live : undefined;
    return this.singleFlight(id, async () => {
      const row = await this.store.read((c) => getConversation(c, tenantId, id));
      return row ? this.adopt(row) : undefined;
    });
  }

  /**
   * The customer's open conversation if it continues on `channel` (see `continueMs`), or
   * their reservation on this channel, or a newly reserved one.
   */
  async forCustomer(
    tenantId: string,
    customerId: string,
    channel: string,
    newId = false,
  ): Promise<Session> {
    // A customer id minted for this connection has nothing stored: no read (a connection
    // storm of new visitors cost one query each).
    if (newId) return this.reserve(tenantId, customerId, channel);
    const key = `${tenantId}:${customerId}`;
    const usable = (s: Session | undefined) =>
      s !== undefined &&
      s.state !== 'closed' &&
      (s.stored ? this.continues(s, channel) : s.channel === channel);
    const known = this.current.get(key);
    if (known?.stored && usable(known)) return known;
    const row = await this.store.read((c) => findOpenConversation(c, tenantId, customerId));
    const raced = this.current.get(key);
    if (raced?.stored && usable(raced)) return raced;
    const open = row ? this.adopt(row) : undefined;
    if (open && usable(open)) return open;
    if (raced && !raced.stored && usable(raced)) return raced;
    return this.reserve(tenantId, customerId, channel);
  }

  /** A stored open conversation continues on its channel, or on another one for a while. */
  private continues(session: Session, channel: string): boolean {
    if (replyChannel(session) === channel) return true;
    return Date.now() - session.updatedAt <= this.continueMs;
  }

  /**
   * After a merge: the moved conversations belong to `intoId`, whose current conversation
   * is the most recently active stored one (an empty reservation never wins: the next
   * `forCustomer` looks in the store instead).
   */
  reassign(tenantId: string, fromId: string, intoId: string): void {
    const fromKey = `${tenantId}:${fromId}`;
    const intoKey = `${tenantId}:${intoId}`;
    for (const session of this.sessions.values()) {
      if (session.tenantId === tenantId && session.customerId === fromId) {
        session.customerId = intoId;
      }
    }
    const live = (s: Session | undefined) => (s?.stored && s.state !== 'closed' ? s : undefined);
    const candidates = [live(this.current.get(fromKey)), live(this.current.get(intoKey))].filter(
      (s): s is Session => s !== undefined,
    );
    this.current.delete(fromKey);
    this.current.delete(intoKey);
    const newest = candidates.sort((a, b) => b.updatedAt - a.updatedAt)[0];
    if (newest) this.current.set(intoKey, newest);
  }

  /** Registers a stored conversation, keeping the live copy when there is one. */
  adopt(row: Conversation): Session {
    const live = this.sessions.get(row.id);
    if (live) return live;
    const session: Session = {
      id: row.id,
      tenantId: row.tenantId,
      customerId: row.customerId,
      channel: row.channel,
      state: row.state as ConversationState,
      assignedAgentId: row.assignedAgentId,
      lastSeq: row.lastSeq,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      stored: true,
      sockets: 0,
      botMisses: 0,
      groupId: row.groupId,
      priority: row.priority,
      tags: row.tags ?? [],
      queuedAt: row.queuedAt,
      assignedAt: row.assignedAt,
      firstResponseAt: row.firstResponseAt,
      ticketId: row.ticketId,
      customerMessages: 0,
      agentRepliedAt: null,
      lastChannel: row.lastChannel,
      replyTo: row.replyTo,
    };
    this.sessions.set(session.id, session);
    const current = this.current.get(customerKey(session));
    const newer = !current || current.state === 'closed' || current.createdAt < session.createdAt;
    if (session.state !== 'closed' && newer) this.current.set(customerKey(session), session);
    return session;
  }

  drop(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    if (this.current.get(customerKey(session)) === session)
      this.current.delete(customerKey(session));
  }

  /** Forgets sessions nobody holds: closed ones, unstored reservations, and idle ones. */
  sweep(idleMs: number, keep: (s: Session) => boolean): string[] {
    const cutoff = Date.now() - idleMs;
    const dropped: string[] = [];
    for (const s of this.sessions.values()) {
      if (s.sockets > 0 || keep(s)) continue;
      if (s.state === 'closed' || !s.stored || s.updatedAt < cutoff) {
        this.drop(s.id);
        dropped.push(s.id);
      }
    }
    return dropped;
  }

  private singleFlight(id: string, load: () => Promise<Session | undefined>) {
    let pending = this.loading.get(id);
    if (!pending) {
      pending = load().finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }
}

const customerKey = (s: Session) => `${s.tenantId}:${s.customerId}`;

export function viewOf(s: Session): ConversationView {
  return {
    id: s.id,
    customerId: s.customerId,
    state: s.state,
    lastSeq: s.lastSeq,
    assignedAgentId: s.assignedAgentId,
    channel: s.channel,
    createdAt: s.createdAt,
  };
}
