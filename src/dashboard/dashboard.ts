/**
 * The supervisor dashboard's engine side: listens to the engine's events, keeps the
 * rolling aggregates, reads the router's snapshot, and pushes a `stats` frame to the
 * tenant's supervisors (`t:<tenantId>:supervisors`) at most once per `pushEveryMs`, only
 * for tenants something happened to, and only when the frame's content changed. Tenants
 * with recent activity are also re-checked every `recheckEveryMs` (an agent's last socket
 * closing, or a minute passing, has no event of its own).
 *
 * With several nodes, the router's node (the leader) pushes; counters are those of the
 * events this node saw (docs/web.md).
 */
import { topics } from '../bus/index.ts';
import type { EngineEvents } from '../engine/index.ts';
import type { ServerFrame } from '../gateway/frames.ts';
import type { Logger } from '../log.ts';
import type { Group, RouterPort } from '../routing/index.ts';
import { Aggregator, type AggregatorOptions, WINDOW_MINUTES } from './aggregator.ts';
import { FRT_EDGES_SEC } from './histogram.ts';
import { liveStats } from './live.ts';
import type { DashboardJson, Stats } from './schema.ts';

/** The parts of the engine the dashboard reads. */
export interface DashboardSource {
  ctx: {
    events: {
      on<K extends keyof EngineEvents>(
        event: K,
        listener: (payload: EngineEvents[K]) => void,
      ): () => void;
    };
    router: Pick<RouterPort, 'snapshot'>;
    groups: { forTenant(tenantId: string): Promise<Group[]> };
    bus: { publish(envelope: { topic: string; frame: ServerFrame }): void };
  };
  cluster: { isLeader(): boolean };
}

export interface DashboardOptions extends AggregatorOptions {
  pushEveryMs?: number;
  recheckEveryMs?: number;
  now?: () => number;
}

export class Dashboard {
  readonly aggregates: Aggregator;
  private readonly dirty = new Set<string>();
  private readonly lastSent = new Map<string, string>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;
  private timer: Timer | undefined;
  private running = false;
  private lastRecheck = 0;

  constructor(
    private readonly source: DashboardSource,
    private readonly log: Logger,
    private readonly options: DashboardOptions = {},
  ) {
    this.aggregates = new Aggregator(options);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    const { events } = this.source.ctx;
    const agg = this.aggregates;
    const on = <K extends keyof EngineEvents>(
      event: K,
      apply: (payload: EngineEvents[K], at: number) => string | undefined,
    ) =>
      this.unsubscribe.push(
        events.on(event, (payload) => {
          const tenantId = apply(payload, this.now());
          if (tenantId) this.dirty.add(tenantId);
        }),
      );
    on('conversation.created', ({ session: s }, at) => {
      agg.conversationCreated(s.tenantId, s.id, at);
      return s.tenantId;
    });
    // Messages only keep a conversation from going idle: not worth a push each.
    on('message.created', ({ session: s }, at) => void agg.activity(s.tenantId, s.id, at));
    on('conversation.queued', ({ session: s }, at) => {
      agg.handedOver(s.tenantId, s.id, at);
      return s.tenantId;
    });
    on('conversation.assigned', ({ session: s }, at) => {
      agg.handedOver(s.tenantId, s.id, at);
      return s.tenantId;
    });
    on('routing.decided', ({ event }, at) => {
      if (event.kind === 'out_of_hours') agg.handedOver(event.tenantId, event.conversationId, at);
      return event.tenantId;
    });
    on('conversation.requeued', ({ session: s }) => s.tenantId);
    on('conversation.closed', ({ session: s }, at) => {
      agg.ended(s.tenantId, s.id, at, s.queuedAt !== null || s.assignedAt !== null);
      return s.tenantId;
    });
    on('conversation.first_response', ({ session: s, at }) => {
      agg.firstResponse(s.tenantId, s.id, at, s.queuedAt ?? s.assignedAt ?? s.createdAt);
      return s.tenantId;
    });
    on('agent.online', ({ tenantId }) => tenantId);
    on('agent.offline', ({ tenantId }) => tenantId);
    on('agent.status', ({ tenantId }) => tenantId);
    on('ticket.sla_breached', ({ ticket }, at) => {
      agg.slaBreached(ticket.tenantId, at);
      return ticket.tenantId;
    });
    on('csat.received', ({ tenantId, score }, at) => {
      agg.csat(tenantId, score, at);
      return tenantId;
    });
    this.timer = setInterval(() => void this.tick(), this.options.pushEveryMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The numbers now: live queues and agents, the last hour and day, this minute. */
  async stats(tenantId: string): Promise<Stats> {
    const now = this.now();
    const { router, groups } = this.source.ctx;
    const [snapshot, groupList] = await Promise.all([
      router.snapshot(tenantId),
      groups.forTenant(tenantId),
    ]);
    const agg = this.aggregates;
    const live = liveStats(snapshot, groupList, agg.withBot(tenantId, now));
    const { queued, withAgents } = live.totals;
    // Quiet minutes stay empty (a tenant with nothing going on fades out after a day).
    if (queued > 0 || withAgents > 0) agg.sample(tenantId, now, queued, withAgents);
    return {
      at: now,
      live,
      summary: {
        lastHour: agg.summary(tenantId, now, 60),
        last24h: agg.summary(tenantId, now, WINDOW_MINUTES),
      },
      bucket: agg.bucketAt(tenantId, now),
    };
  }

  /** `stats` plus the last 24 hours minute by minute (`GET /api/v1/dashboard`). */
  async firstPaint(tenantId: string): Promise<DashboardJson> {
    const stats = await this.stats(tenantId);
    // The next round pushes whatever is current to every supervisor, even if it equals the
    // last push: this page's copy may have been read in between two states.
    this.lastSent.delete(tenantId);
    this.dirty.add(tenantId);
    return {
      ...stats,
      series: this.aggregates.series(tenantId, stats.at),
      frtEdgesSec: [...FRT_EDGES_SEC],
    };
  }

  /** One round: push for the tenants that changed (and, now and then, every recent one). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.now();
      const tenants = new Set(this.dirty);
      this.dirty.clear();
      for (const tenantId of this.aggregates.expire(now)) tenants.add(tenantId);
      if (now - this.lastRecheck >= (this.options.recheckEveryMs ?? 5000)) {
        this.lastRecheck = now;
        for (const tenantId of this.aggregates.tenantIds()) tenants.add(tenantId);
        for (const tenantId of this.lastSent.keys()) {
          if (!tenants.has(tenantId)) this.lastSent.delete(tenantId);
        }
      }
      if (!this.source.cluster.isLeader()) return;
      for (const tenantId of tenants) await this.push(tenantId);
    } finally {
      this.running = false;
    }
  }

  private async push(tenantId: string): Promise<void> {
    let stats: Stats;
    try {
      stats = await this.stats(tenantId);
    } catch (error) {
      this.log.warn({ err: error, tenantId }, 'dashboard stats not computed');
      return;
    }
    const content = JSON.stringify({ ...stats, at: 0 });
    if (this.lastSent.get(tenantId) === content) return;
    this.lastSent.set(tenantId, content);
    this.source.ctx.bus.publish({
      topic: topics.supervisors(tenantId),
      frame: { t: 'stats', ...stats },
    });
  }
}
