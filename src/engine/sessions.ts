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
}

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly loading = new Map<string, Promise<Session | undefined>>();
  /** Each customer's current (new or open) session, by `tenantId:customerId`. */
  private readonly current = new Map<string, Session>();

  constructor(private readonly store: Store) {}

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

  /** The customer's open conversation, or a newly reserved one. */
  async forCustomer(tenantId: string, customerId: string, channel: string): Promise<Session> {
    const key = `${tenantId}:${customerId}`;
    const known = this.current.get(key);
    if (known && known.state !== 'closed') return known;
    const row = await this.store.read((c) => findOpenConversation(c, tenantId, customerId));
    const raced = this.current.get(key);
    if (raced && raced.state !== 'closed') return raced;
    return row ? this.adopt(row) : this.reserve(tenantId, customerId, channel);
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
    };
    this.sessions.set(session.id, session);
    if (session.state !== 'closed') this.current.set(customerKey(session), session);
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
  sweep(idleMs: number, keep: (s: Session) => boolean): number {
    const cutoff = Date.now() - idleMs;
    let dropped = 0;
    for (const s of this.sessions.values()) {
      if (s.sockets > 0 || keep(s)) continue;
      if (s.state === 'closed' || !s.stored || s.updatedAt < cutoff) {
        this.drop(s.id);
        dropped++;
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
