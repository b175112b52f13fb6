/**
 * The engine's door: what the gateway, the HTTP API and the channels call. Each method
 * checks the caller's right to act, then runs one step of the pipeline, the routing or
 * the lifecycle.
 */
import type { AgentPrincipal, Principal } from '../auth/index.ts';
import { isSupervisor } from '../auth/index.ts';
import { type Bus, topics } from '../bus/index.ts';
import { KefuError, notFound } from '../errors.ts';
import type { Conn } from '../gateway/conn.ts';
import type { ConversationView } from '../gateway/frames.ts';
import type { Logger } from '../log.ts';
import { GroupDirectory, Router } from '../routing/index.ts';
import { getUser, listConversations, listOpenByState, type Store } from '../store/index.ts';
import { SlaScheduler, TicketService } from '../tickets/index.ts';
import {
  agentGone,
  answerWindowPassed,
  assign,
  overflowed,
  type TransferRequest,
  takeOver,
  transfer,
} from './assignment.ts';
import type { Bot, Classifier } from './brain.ts';
import { Committer } from './committer.ts';
import type { EngineContext } from './context.ts';
import { toConversation } from './deliver.ts';
import { EventHub } from './events.ts';
import { canAct, close } from './lifecycle.ts';
import { type Ingested, ingest, type Origin } from './pipeline.ts';
import { announcePositions, queueItem } from './queueing.ts';
import { replay } from './replay.ts';
import { RuleBook } from './rule-book.ts';
import { type Session, SessionTable, viewOf } from './sessions.ts';
import { replyFromTicket } from './ticket-replies.ts';

export interface EngineOptions {
  store: Store;
  bus: Bus;
  log: Logger;
  maxTextChars: number;
  commitMaxBatch: number;
  /** How long an agent without sockets keeps their conversations. */
  agentOfflineGraceMs: number;
  slaScanMs: number;
  classifier?: Classifier;
  bot?: Bot;
}

export interface OutgoingText {
  clientMsgId: string | null;
  text: string;
}

const SWEEP_EVERY_MS = 60_000;
const IDLE_SESSION_MS = 10 * 60_000;

export class Engine {
  readonly ctx: EngineContext;
  readonly sla: SlaScheduler;
  private sweeper: Timer | undefined;

  constructor(options: EngineOptions) {
    const { store, log } = options;
    const events = new EventHub(log);
    const groups = new GroupDirectory(store);
    const ctx = {
      store,
      bus: options.bus,
      log,
      events,
      groups,
      sessions: new SessionTable(store),
      committer: new Committer(store, options.commitMaxBatch, log),
      rules: new RuleBook(store, groups),
      classifier: options.classifier,
      bot: options.bot,
      limits: { maxTextChars: options.maxTextChars },
    } as EngineContext;
    ctx.router = new Router(
      groups,
      {
        assign: (item, agent) => assign(ctx, item, agent),
        overflowed: (item, from, to) => overflowed(ctx, item, from, to),
        answerWindowPassed: (tenantId, id, agentId) => {
          answerWindowPassed(ctx, tenantId, id, agentId).catch((e) =>
            log.error({ err: e }, 're-queue failed'),
          );
        },
        agentGone: (agent, ids) => void agentGone(ctx, agent, ids),
        queueChanged: (tenantId) => announcePositions(ctx, tenantId),
      },
      log,
      options.agentOfflineGraceMs,
    );
    ctx.tickets = new TicketService(
      store,
      {
        replyToCustomer: (ticket, actor, text) => replyFromTicket(ctx, ticket, actor, text),
        changed: (kind, ticket) => events.emit(kind, { ticket }),
      },
      log,
    );
    this.sla = new SlaScheduler(
      store,
      ({ ticket, kinds }) => events.emit('ticket.sla_breached', { ticket, kinds }),
      log,
      options.slaScanMs,
    );
    this.ctx = ctx;
  }

  /** Rebuilds the queues from the store and starts housekeeping. */
  async start(): Promise<void> {
    const queued = await this.ctx.store.read((c) => listOpenByState(c, ['queued']));
    for (const row of queued) {
      await this.ctx.groups.forTenant(row.tenantId);
      this.ctx.router.enqueue(queueItem(this.ctx.sessions.adopt(row)));
    }
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
    this.sla.start();
  }

  /** Stops housekeeping and waits until every queued message is committed. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.sla.stop();
    this.ctx.router.stop();
    await this.ctx.committer.drain();
  }

  /** The customer's open conversation, or a reserved new one. */
  customerSession(tenantId: string, customerId: string, channel: string): Promise<Session> {
    return this.ctx.sessions.forCustomer(tenantId, customerId, channel);
  }

  /** A customer writes. */
  async sendAsCustomer(
    principal: Extract<Principal, { kind: 'customer' }>,
    session: Session,
    out: OutgoingText,
    origin?: Origin,
  ): Promise<Ingested> {
    if (!canAct(principal, session)) throw notFound('conversation');
    const text = this.checkText(out.text);
    return ingest(this.ctx, {
      session,
      author: { kind: 'customer', id: principal.customerId, name: null },
      clientMsgId: out.clientMsgId,
      text,
      channel: principal.channel,
      origin,
    });
  }

  /** An agent (or an integration with an API key) writes into a conversation. */
  async sendAsAgent(
    principal: Principal,
    conversationId: string,
    out: OutgoingText,
    origin?: Origin,
  ): Promise<Ingested> {
    const session = await this.session(principal, conversationId);
    if (!canAct(principal, session))
      throw new KefuError('forbidden', 'the conversation is not assigned to you');
    if (session.state === 'closed') throw new KefuError('conflict', 'the conversation is closed');
    const text = this.checkText(out.text);
    const author =
      principal.kind === 'agent'
        ? { kind: 'agent' as const, id: principal.agentId, name: principal.name }
        : { kind: 'system' as const, id: null, name: null };
    return ingest(this.ctx, {
      session,
      author,
      clientMsgId: out.clientMsgId,
      text,
      channel: session.channel,
      origin,
    });
  }

  async closeConversation(principal: Principal, conversationId: string): Promise<Session> {
    const session = await this.session(principal, conversationId);
    await close(this.ctx, principal, session);
    return session;
  }

  async transfer(
    principal: Principal,
    conversationId: string,
    request: TransferRequest,
  ): Promise<Session> {
    const session = await this.session(principal, conversationId);
    await transfer(this.ctx, principal, session, request);
    return session;
  }

  async takeOver(principal: Principal, conversationId: string): Promise<Session> {
    const session = await this.session(principal, conversationId);
    await takeOver(this.ctx, principal, session);
    return session;
  }

  /** The customer rates a closed conversation's ticket (1–5). */
  async rate(
    principal: Extract<Principal, { kind: 'customer' }>,
    conversationId: string,
    score: number,
    comment: string | null,
  ) {
    const session = await this.session(principal, conversationId);
    if (!session.ticketId) throw new KefuError('conflict', 'nothing to rate yet');
    const ticket = await this.ctx.tickets.rate(session.tenantId, session.ticketId, score, comment);
    this.ctx.events.emit('csat.received', {
      tenantId: session.tenantId,
      conversationId,
      ticketId: ticket.id,
      score,
    });
    return ticket;
  }

  async resume(
    conn: Conn,
    principal: Principal,
    conversationId: string,
    afterSeq: number,
  ): Promise<void> {
    await replay(this.ctx, conn, await this.session(principal, conversationId), afterSeq);
  }

  /** Typing and read receipts: relayed, not stored. */
  async relay(
    principal: Principal,
    conversationId: string,
    frame: { t: 'typing' } | { t: 'read'; seq: number },
    conn: Conn,
  ) {
    const session = await this.session(principal, conversationId);
    const author =
      principal.kind === 'agent'
        ? { kind: 'agent' as const, id: principal.agentId, name: principal.name }
        : { kind: 'customer' as const, id: session.customerId, name: null };
    toConversation(this.ctx, session, { ...frame, conversationId, author }, conn.id);
  }

  /** The live account behind an agent token: refused once disabled or removed. */
  async agentAccount(tenantId: string, agentId: string) {
    const user = await this.ctx.store.read((c) => getUser(c, tenantId, agentId));
    if (!user || user.disabledAt)
      throw new KefuError('invalid_token', 'account disabled or removed');
    return user;
  }

  /** An agent socket opened: the agent is online; returns what the agent serves. */
  async agentOnline(principal: AgentPrincipal) {
    const { tenantId, agentId } = principal;
    const user = await this.agentAccount(tenantId, agentId);
    await this.ctx.groups.forTenant(tenantId);
    const mine = await this.ctx.store.read((c) =>
      listConversations(c, tenantId, {
        assignedAgentId: agentId,
        states: ['assigned'],
        limit: 1000,
      }),
    );
    const others = await this.ctx.store.read((c) =>
      listConversations(c, tenantId, {
        states: isSupervisor(principal) ? ['queued', 'assigned', 'bot'] : ['queued'],
        limit: 500,
      }),
    );
    const views = new Map<string, ConversationView>();
    for (const row of [...mine, ...others]) views.set(row.id, viewOf(this.ctx.sessions.adopt(row)));
    const presence = this.ctx.router.connect({
      id: agentId,
      tenantId,
      name: user.name,
      skills: user.skills,
      capacity: user.capacity,
      conversations: mine.map((r) => r.id),
    });
    this.ctx.events.emit('agent.online', { tenantId, agentId });
    return {
      agent: {
        id: user.id,
        name: user.name,
        role: user.role,
        status: presence.status,
        skills: user.skills,
        capacity: user.capacity,
      },
      conversations: [...views.values()],
    };
  }

  agentOffline(principal: AgentPrincipal): void {
    this.ctx.router.disconnect(principal.tenantId, principal.agentId);
  }

  /** An agent switches between online (takes new conversations) and away. */
  setPresence(principal: AgentPrincipal, status: 'online' | 'away'): void {
    const agent = this.ctx.router.setStatus(principal.tenantId, principal.agentId, status);
    if (!agent) throw new KefuError('conflict', 'connect first');
    const frame = { t: 'presence' as const, agentId: principal.agentId, status: agent.status };
    this.ctx.bus.publish({ topic: topics.agents(principal.tenantId), frame });
    this.ctx.events.emit('agent.status', {
      tenantId: principal.tenantId,
      agentId: principal.agentId,
      status: agent.status,
    });
  }

  /** A conversation the caller may read, or not_found (never a hint it exists elsewhere). */
  async session(principal: Principal, conversationId: string): Promise<Session> {
    const session = await this.ctx.sessions.load(principal.tenantId, conversationId);
    if (!session || !canRead(principal, session)) throw notFound('conversation');
    return session;
  }

  private checkText(text: string): string {
    if (text.length > this.ctx.limits.maxTextChars) {
      throw new KefuError(
        'text_too_long',
        `text is longer than ${this.ctx.limits.maxTextChars} characters`,
      );
    }
    if (text.trim().length === 0) throw new KefuError('validation_failed', 'text is empty');
    return text;
  }

  private sweep(): void {
    const held = (s: Session) => s.state === 'queued' || s.state === 'assigned';
    this.ctx.sessions.sweep(IDLE_SESSION_MS, held);
  }
}

function canRead(principal: Principal, session: Session): boolean {
  if (principal.tenantId !== session.tenantId) return false;
  return principal.kind !== 'customer' || principal.customerId === session.customerId;
}
