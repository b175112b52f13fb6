/**
 * The engine's door: what the gateway, the HTTP API and the channels call. Reads run
 * anywhere; every change to a live conversation runs on the node that owns it (here, on
 * a single node) through `onOwner`.
 */
import type { AgentPrincipal, Principal } from '../auth/index.ts';
import { type Cluster, topics } from '../bus/index.ts';
import { KefuError, notFound } from '../errors.ts';
import type { Conn } from '../gateway/conn.ts';
import type { ConversationView, ServerFrame } from '../gateway/frames.ts';
import type { Logger } from '../log.ts';
import {
  agentSnapshot,
  ClusterRouter,
  GroupDirectory,
  LocalRouter,
  Router,
} from '../routing/index.ts';
import {
  type Customer,
  getUser,
  listConversations,
  listOpenByState,
  mergeCustomerRows,
  type Store,
} from '../store/index.ts';
import { SlaScheduler, TicketService } from '../tickets/index.ts';
import type { TransferRequest } from './assignment.ts';
import type { Bot, Classifier } from './brain.ts';
import { Committer } from './committer.ts';
import type { EngineContext } from './context.ts';
import { CustomerFactsCache } from './customer-facts.ts';
import { toConversation } from './deliver.ts';
import { type DryRunInput, dryRun } from './dry-run.ts';
import { EventHub } from './events.ts';
import { canRead } from './lifecycle.ts';
import { addNote } from './notes.ts';
import { type OutgoingText, type OwnerOps, ownerOps } from './owner-ops.ts';
import type { Ingested, Origin } from './pipeline.ts';
import { PositionAnnouncer } from './queueing.ts';
import { replay } from './replay.ts';
import { RuleBook } from './rule-book.ts';
import { type Session, SessionTable, viewOf } from './sessions.ts';

export type { OutgoingText };

export interface EngineOptions {
  store: Store;
  cluster: Cluster;
  log: Logger;
  maxTextChars: number;
  commitMaxBatch: number;
  /** How long an agent without sockets keeps their conversations. */
  agentOfflineGraceMs: number;
  slaScanMs: number;
  /** How long an open conversation continues when its customer switches channel. */
  conversationContinueMs?: number;
  classifier?: Classifier;
  bot?: Bot;
}

const SWEEP_EVERY_MS = 60_000;
const IDLE_SESSION_MS = 10 * 60_000;

export class Engine {
  readonly ctx: EngineContext;
  readonly sla: SlaScheduler;
  readonly cluster: Cluster;
  private readonly router: Router;
  private readonly positions: PositionAnnouncer;
  private readonly ops: OwnerOps;
  private sweeper: Timer | undefined;
  /** Local agent sockets, for re-announcing them to a new router leader. */
  private readonly agentSockets = new Map<string, { principal: AgentPrincipal; count: number }>();

  constructor(options: EngineOptions) {
    const { store, log, cluster } = options;
    this.cluster = cluster;
    const events = new EventHub(log);
    const groups = new GroupDirectory(store);
    const ctx = {
      store,
      bus: cluster.bus,
      log,
      events,
      groups,
      sessions: new SessionTable(store, options.conversationContinueMs),
      customers: new CustomerFactsCache(store),
      committer: new Committer(store, options.commitMaxBatch, log),
      rules: new RuleBook(store, groups),
      classifier: options.classifier,
      bot: options.bot,
      limits: { maxTextChars: options.maxTextChars },
    } as EngineContext;
    const background = (what: string) => (error: unknown) =>
      log.error({ err: error }, `${what} failed`);
    this.router = new Router(
      groups,
      {
        assign: (item, agent) =>
          this.onOwner(item.conversationId, 'assign', [item, agentSnapshot(agent)]),
        overflowed: (item, from, to) =>
          void this.onOwner(item.conversationId, 'overflowed', [item, from, to]).catch(
            background('overflow'),
          ),
        answerWindowPassed: (tenantId, id, agentId) =>
          void this.onOwner(id, 'answerWindowPassed', [tenantId, id, agentId]).catch(
            background('re-queue'),
          ),
        agentGone: (agent, ids) => {
          events.emit('agent.offline', { tenantId: agent.tenantId, agentId: agent.id });
          for (const id of ids)
            void this.onOwner(id, 'requeueFromGone', [agent.tenantId, id, agent.id]).catch(
              background('re-queue'),
            );
        },
        queueChanged: (tenantId) => this.positions.changed(tenantId),
      },
      log,
      options.agentOfflineGraceMs,
    );
    this.positions = new PositionAnnouncer(ctx, this.router);
    ctx.router = new ClusterRouter(new LocalRouter(this.router), cluster, log);
    ctx.tickets = new TicketService(
      store,
      {
        replyToCustomer: (ticket, actor, text) => {
          if (!ticket.conversationId)
            throw new KefuError('conflict', 'the ticket has no conversation to reply into');
          return this.onOwner(ticket.conversationId, 'replyFromTicket', [ticket, actor, text]);
        },
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
    ctx.committer.onBatch = (size, ms) => events.emit('commit.batch', { size, ms });
    this.ctx = ctx;
    this.ops = ownerOps(ctx);
    for (const name of Object.keys(this.ops) as (keyof OwnerOps)[]) {
      cluster.handle(`engine.${name}`, ((...args: unknown[]) =>
        this.onOwner(args[0] as never, name, args.slice(1), true)) as never);
    }
    cluster.handle('engine.announceAgents', (() => this.announceAgents()) as never);
    cluster.handle('engine.customerMerged', ((tenantId: string, fromId: string, intoId: string) =>
      this.customerMerged(tenantId, fromId, intoId)) as never);
    cluster.handle('engine.customerErased', ((
      tenantId: string,
      customerId: string,
      ids: string[],
    ) => {
      for (const id of ids) {
        this.ctx.sessions.drop(id);
        this.cluster.forget(id);
        this.router.dequeue(tenantId, id);
      }
      this.ctx.customers.forget(tenantId, customerId);
      events.emit('customer.erased', { tenantId, customerId });
    }) as never);
    cluster.onLeadership((leader) =>
      leader ? void this.lead().catch(background('taking the router lead')) : this.router.clear(),
    );
    cluster.onNodeDown((nodeId) => cluster.isLeader() && this.router.dropNode(nodeId));
  }

  /** Starts housekeeping (the cluster starts separately and elects the router's node). */
  async start(): Promise<void> {
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

  /** Runs an operation on the conversation's owner: here if this node owns it, or over the cluster. */
  private async onOwner<K extends keyof OwnerOps>(
    conversationId: string,
    op: K,
    args: unknown[],
    forwarded = false,
  ): Promise<Awaited<ReturnType<OwnerOps[K]>>> {
    const claim = await this.cluster.claim(conversationId);
    if (claim.self) {
      // Newly owned: what this node cached may be stale; the store is the truth.
      if (claim.fresh && this.ctx.sessions.peek(conversationId)?.stored)
        this.ctx.sessions.drop(conversationId);
      return (this.ops[op] as (...a: unknown[]) => Promise<Awaited<ReturnType<OwnerOps[K]>>>)(
        ...args,
      );
    }
    if (forwarded)
      throw new KefuError('unavailable', 'the conversation moved to another node: send it again');
    return this.cluster.call<Awaited<ReturnType<OwnerOps[K]>>>(claim.node, `engine.${op}`, [
      conversationId,
      ...args,
    ]);
  }

  /** Became the router's node: rebuild the queues from the store and ask every node for its agents. */
  private async lead(): Promise<void> {
    this.router.clear();
    const queued = await this.ctx.store.read((c) => listOpenByState(c, ['queued']));
    for (const row of queued) {
      await this.ctx.groups.forTenant(row.tenantId);
      this.router.enqueue({
        tenantId: row.tenantId,
        conversationId: row.id,
        groupId: row.groupId,
        priority: row.priority,
        queuedAt: row.queuedAt ?? row.updatedAt,
        excluded: [],
      });
    }
    this.cluster.broadcast('engine.announceAgents', []);
  }

  /** Tells the (new) router leader about this node's agent sockets. */
  private async announceAgents(): Promise<void> {
    for (const { principal, count } of this.agentSockets.values()) {
      for (let i = 0; i < count; i++) await this.connectAgent(principal).catch(() => undefined);
    }
  }

  /** The customer's open conversation, or a reserved new one. */
  /**
   * The customer's current conversation (a new one reserved when none is open). `newId`:
   * the id was generated for this connection, so nothing can be stored under it yet.
   */
  customerSession(
    tenantId: string,
    customerId: string,
    channel: string,
    newId = false,
  ): Promise<Session> {
    return this.ctx.sessions.forCustomer(tenantId, customerId, channel, newId);
  }

  /** A customer writes. */
  sendAsCustomer(
    principal: Extract<Principal, { kind: 'customer' }>,
    session: Session,
    out: OutgoingText,
    origin?: Origin,
  ): Promise<Ingested> {
    return this.onOwner(session.id, 'sendAsCustomer', [principal, session.id, out, origin]);
  }

  /** An agent (or an integration with an API key) writes into a conversation. */
  sendAsAgent(
    principal: Principal,
    conversationId: string,
    out: OutgoingText,
    origin?: Origin,
  ): Promise<Ingested> {
    return this.onOwner(conversationId, 'sendAsAgent', [principal, conversationId, out, origin]);
  }

  closeConversation(principal: Principal, conversationId: string): Promise<Session> {
    return this.onOwner(conversationId, 'close', [principal, conversationId]);
  }

  transfer(
    principal: Principal,
    conversationId: string,
    request: TransferRequest,
  ): Promise<Session> {
    return this.onOwner(conversationId, 'transfer', [principal, conversationId, request]);
  }

  takeOver(principal: Principal, conversationId: string): Promise<Session> {
    return this.onOwner(conversationId, 'takeOver', [principal, conversationId]);
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

  /**
   * Replays the conversation after `afterSeq` on the socket. Live frames are held from this
   * very moment, so nothing slips in between. `onlyMissing` (server-side resync) skips
   * what the socket was already sent.
   */
  async resume(
    conn: Conn,
    principal: Principal,
    conversationId: string,
    afterSeq: number,
    onlyMissing = false,
  ): Promise<void> {
    conn.beginReplay(conversationId);
    let session: Session;
    try {
      session = await this.session(principal, conversationId);
    } catch (error) {
      conn.endReplay(conversationId, []);
      throw error;
    }
    await replay(this.ctx, conn, session, afterSeq, onlyMissing);
  }

  /**
   * A channel's note on a stored conversation (the customer unfollowed on WeChat, clicked a
   * menu): a whisper to the staff, never shown or sent to the customer.
   */
  async postNote(session: Session, text: string) {
    if (!session.stored || session.state === 'closed') return undefined;
    const system = {
      kind: 'apiKey' as const,
      tenantId: session.tenantId,
      keyId: 'channel',
      scopes: [],
    };
    return addNote(this.ctx, system, session, text.slice(0, this.ctx.limits.maxTextChars), null);
  }

  /**
   * Merges customer `otherId` into `keepId` (same tenant): identities, conversations and
   * tickets move in one transaction; live sessions and sockets follow. The caller checks
   * who may merge.
   * @throws not_found when either is not a customer of `tenantId`.
   */
  async mergeCustomers(tenantId: string, keepId: string, otherId: string): Promise<Customer> {
    const result = await this.ctx.store.tx((c) => mergeCustomerRows(c, tenantId, keepId, otherId));
    if (!result.ok) {
      if (result.reason === 'same')
        throw new KefuError('validation_failed', 'a customer cannot be merged into itself');
      if (result.reason === 'merged')
        throw new KefuError('conflict', 'the customer was merged already');
      throw notFound('customer');
    }
    // Here at once (the next request may be this customer's), then on every node.
    this.customerMerged(tenantId, otherId, keepId);
    this.cluster.broadcast('engine.customerMerged', [tenantId, otherId, keepId]);
    return result.keep;
  }

  /** A merge happened: this node's sessions and sockets follow it (idempotent). */
  private customerMerged(tenantId: string, fromId: string, intoId: string): void {
    this.ctx.sessions.reassign(tenantId, fromId, intoId);
    this.ctx.customers.forget(tenantId, fromId);
    this.ctx.customers.forget(tenantId, intoId);
    this.ctx.events.emit('customer.merged', { tenantId, fromId, intoId });
  }

  /** A whisper to the staff on this conversation; customers never see it. */
  async addNote(
    principal: Principal,
    conversationId: string,
    text: string,
    clientMsgId: string | null = null,
  ) {
    return addNote(
      this.ctx,
      principal,
      await this.session(principal, conversationId),
      text,
      clientMsgId,
    );
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

  /** Keeps this node's copies of conversations current from the frames passing through it. */
  mirror(frame: ServerFrame): void {
    if (frame.t === 'conversation') {
      const session = this.ctx.sessions.peek(frame.conversation.id);
      if (!session?.stored) return;
      const c = frame.conversation;
      Object.assign(session, {
        state: c.state,
        assignedAgentId: c.assignedAgentId,
        lastSeq: Math.max(session.lastSeq, c.lastSeq),
      });
      if (c.state !== 'queued') this.positions.forget(c.id);
    } else if (frame.t === 'msg') {
      const session = this.ctx.sessions.peek(frame.conversationId);
      if (session && frame.seq > session.lastSeq) session.lastSeq = frame.seq;
    }
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
    const key = `${tenantId}:${agentId}`;
    const local = this.agentSockets.get(key) ?? { principal, count: 0 };
    local.count++;
    this.agentSockets.set(key, local);
    const { user, mine, presence } = await this.connectAgent(principal);
    const others = await this.ctx.store.read((c) =>
      listConversations(c, tenantId, {
        states: principal.role === 'agent' ? ['queued'] : ['queued', 'assigned', 'bot'],
        limit: 500,
      }),
    );
    const views = new Map<string, ConversationView>();
    for (const row of [...mine, ...others]) views.set(row.id, viewOf(this.ctx.sessions.adopt(row)));
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

  private async connectAgent(principal: AgentPrincipal) {
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
    const presence = await this.ctx.router.connect(
      {
        id: agentId,
        tenantId,
        name: user.name,
        skills: user.skills,
        capacity: user.capacity,
        conversations: mine.map((r) => r.id),
      },
      this.cluster.nodeId,
    );
    return { user, mine, presence };
  }

  agentOffline(principal: AgentPrincipal): void {
    const key = `${principal.tenantId}:${principal.agentId}`;
    const local = this.agentSockets.get(key);
    if (local && --local.count <= 0) this.agentSockets.delete(key);
    this.ctx.router.disconnect(principal.tenantId, principal.agentId, this.cluster.nodeId);
  }

  /** An agent switches between online (takes new conversations) and away. */
  async setPresence(principal: AgentPrincipal, status: 'online' | 'away'): Promise<void> {
    const agent = await this.ctx.router.setStatus(principal.tenantId, principal.agentId, status);
    if (!agent) throw new KefuError('conflict', 'connect first');
    const frame = { t: 'presence' as const, agentId: principal.agentId, status: agent.status };
    this.ctx.bus.publish({ topic: topics.agents(principal.tenantId), frame });
    this.ctx.events.emit('agent.status', {
      tenantId: principal.tenantId,
      agentId: principal.agentId,
      status: agent.status,
    });
  }

  /** What this node's router holds (only the router's node has queues): for metrics. */
  routingStats() {
    return this.router.stats();
  }

  /** A customer's rows are gone: every node forgets their conversations and closes their sockets. */
  customerErased(tenantId: string, customerId: string, conversationIds: string[]): void {
    this.cluster.broadcast('engine.customerErased', [tenantId, customerId, conversationIds]);
  }

  /** Which rule fires for this message, and what would happen; nothing is stored. */
  dryRun(tenantId: string, input: DryRunInput) {
    return dryRun(this.ctx, tenantId, input);
  }

  /** A conversation the caller may read, or not_found (never a hint it exists elsewhere). */
  async session(principal: Principal, conversationId: string): Promise<Session> {
    const session = await this.ctx.sessions.load(principal.tenantId, conversationId);
    if (!session || !canRead(principal, session)) throw notFound('conversation');
    return session;
  }

  private sweep(): void {
    const held = (s: Session) => s.state === 'queued' || s.state === 'assigned';
    for (const id of this.ctx.sessions.sweep(IDLE_SESSION_MS, held)) this.cluster.forget(id);
  }
}
