/**
 * `/metrics` in Prometheus text format (prom-client): counters and histograms fed by the
 * engine's events, gauges read when scraped. Nothing here is on the message path beyond
 * an event listener.
 */
import client from 'prom-client';
import type { Cluster } from '../bus/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Hub } from '../gateway/hub.ts';
import type { Limits } from '../limits/index.ts';

const MS_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

export interface Metrics {
  contentType: string;
  render(): Promise<string>;
}

export function createMetrics(
  engine: Engine,
  hub: Hub,
  cluster: Cluster,
  limits?: Pick<Limits, 'refusals'>,
): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kefu_' });
  const on = engine.ctx.events.on.bind(engine.ctx.events);

  const messages = new client.Counter({
    name: 'kefu_messages_total',
    help: 'Messages stored, by direction (in: from customers; out: agents, bot, system), channel and author',
    labelNames: ['direction', 'channel', 'author'] as const,
    registers: [registry],
  });
  on('message.created', ({ message }) => {
    messages.inc({
      direction: message.authorKind === 'customer' ? 'in' : 'out',
      channel: message.channel,
      author: message.authorKind,
    });
  });

  const stages = new client.Histogram({
    name: 'kefu_pipeline_stage_seconds',
    help: 'Time per pipeline stage: persist (until durably committed), classify (intent model), decide (rules, bot, routing)',
    labelNames: ['stage'] as const,
    buckets: MS_BUCKETS,
    registers: [registry],
  });
  on('pipeline.stage', ({ stage, ms }) => stages.observe({ stage }, ms / 1000));

  const batchSize = new client.Histogram({
    name: 'kefu_commit_batch_size',
    help: 'Messages per group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const commitTime = new client.Histogram({
    name: 'kefu_commit_seconds',
    help: 'Duration of one group commit',
    buckets: MS_BUCKETS,
    registers: [registry],
  });
  on('commit.batch', ({ size, ms }) => {
    batchSize.observe(size);
    commitTime.observe(ms / 1000);
  });

  const bot = new client.Counter({
    name: 'kefu_bot_decisions_total',
    help: 'Bot decisions: answer, fallback (asked to rephrase), handoff',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  on('bot.replied', ({ kind }) => bot.inc({ kind }));
  const routing = new client.Counter({
    name: 'kefu_routing_decisions_total',
    help: 'Routing decisions by kind (queued, assigned, requeued, overflowed, transferred, …)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  on('routing.decided', ({ event }) => {
    routing.inc({ kind: event.kind });
    if (event.kind === 'bot_handoff') bot.inc({ kind: 'handoff' });
  });
  const breaches = new client.Counter({
    name: 'kefu_sla_breaches_total',
    help: 'SLA targets missed',
    registers: [registry],
  });
  on('ticket.sla_breached', ({ kinds }) => breaches.inc(kinds.length));

  const busLag = new client.Histogram({
    name: 'kefu_bus_lag_seconds',
    help: 'From publish on one node to receipt on this one (clustered)',
    buckets: MS_BUCKETS,
    registers: [registry],
  });
  if ('observeLag' in cluster)
    (cluster as { observeLag: (ms: number) => void }).observeLag = (ms) =>
      busLag.observe(Math.max(0, ms) / 1000);

  new client.Gauge({
    name: 'kefu_connections',
    help: 'Open WebSocket connections on this node, by kind and codec',
    labelNames: ['kind', 'codec'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const conn of hub.conns) this.inc({ kind: conn.principal.kind, codec: conn.codec });
    },
  });
  new client.Gauge({
    name: 'kefu_sessions',
    help: 'Live conversations in this node’s session table',
    registers: [registry],
    collect() {
      this.set(engine.ctx.sessions.size);
    },
  });
  new client.Gauge({
    name: 'kefu_queue_depth',
    help: 'Conversations waiting for an agent (reported by the node that runs the router)',
    registers: [registry],
    collect() {
      this.set(engine.routingStats().queued);
    },
  });
  new client.Gauge({
    name: 'kefu_queue_longest_wait_seconds',
    help: 'The longest current wait in any queue',
    registers: [registry],
    collect() {
      this.set(engine.routingStats().longestWaitMs / 1000);
    },
  });
  new client.Gauge({
    name: 'kefu_agents',
    help: 'Agents by status (reported by the node that runs the router)',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      const { agents } = engine.routingStats();
      for (const [status, count] of Object.entries(agents)) this.set({ status }, count);
    },
  });
  new client.Gauge({
    name: 'kefu_router_leader',
    help: '1 when this node runs the router',
    registers: [registry],
    collect() {
      this.set(cluster.isLeader() ? 1 : 0);
    },
  });

  if (limits) {
    new client.Counter({
      name: 'kefu_limit_refusals_total',
      help: 'Requests, upgrades and frames refused by an abuse limit on this node (docs/security.md)',
      labelNames: ['limit'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [limit, count] of Object.entries(limits.refusals)) this.inc({ limit }, count);
      },
    });
  }

  return { contentType: registry.contentType, render: () => registry.metrics() };
}
