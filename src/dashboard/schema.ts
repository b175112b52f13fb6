/**
 * What a supervisor's dashboard receives: the `stats` frame pushed over the agent socket
 * and the first paint from `GET /api/v1/dashboard`. One schema is the OpenAPI document
 * and the TypeScript type (docs/protocol.md describes the frame).
 */
import { type Static, Type as T } from '@sinclair/typebox';

const Ms = T.Integer({ minimum: 0, description: 'milliseconds' });
const NullableMs = T.Union([Ms, T.Null()]);

/** One minute of activity. Counters are events in that minute; peaks are sampled gauges. */
export const StatsBucket = T.Object({
  minute: T.Integer({ description: 'epoch minute (epoch ms / 60000)' }),
  created: T.Integer({ description: 'conversations started' }),
  handedOver: T.Integer({
    description: 'conversations handed to people (queued, out of hours, taken over)',
  }),
  deflected: T.Integer({
    description: 'conversations that ended without ever being handed to people',
  }),
  humanEnded: T.Integer({ description: 'conversations that ended after a hand-over' }),
  frtCount: T.Integer({ description: 'first responses by an agent' }),
  frtP50Ms: NullableMs,
  frtP90Ms: NullableMs,
  frtBins: T.Array(T.Integer(), {
    description:
      'first responses per bin (upper edges in `frtEdgesSec`, the last bin open), to merge minutes; empty when none',
  }),
  slaBreaches: T.Integer(),
  csatCount: T.Integer(),
  csatSum: T.Integer(),
  queuePeak: T.Integer({ description: 'most conversations waiting at once' }),
  activePeak: T.Integer({ description: 'most conversations with agents at once' }),
});

/** Totals over a window (the last hour, the last 24 hours). */
export const StatsSummary = T.Object({
  created: T.Integer(),
  handedOver: T.Integer(),
  deflected: T.Integer(),
  humanEnded: T.Integer(),
  deflectionRate: T.Union([T.Number({ minimum: 0, maximum: 1 }), T.Null()], {
    description: 'deflected / (deflected + humanEnded); null when nothing ended',
  }),
  frtCount: T.Integer(),
  frtP50Ms: NullableMs,
  frtP90Ms: NullableMs,
  slaBreaches: T.Integer(),
  csatCount: T.Integer(),
  csatAverage: T.Union([T.Number(), T.Null()]),
});

export const QueueStat = T.Object({
  groupId: T.Union([T.String(), T.Null()], { description: 'null: any agent' }),
  key: T.Union([T.String(), T.Null()]),
  name: T.Union([T.String(), T.Null()]),
  depth: T.Integer(),
  oldestQueuedAt: T.Union([T.Integer(), T.Null()], {
    description: 'epoch ms of the longest-waiting conversation (the client ticks the wait)',
  }),
  online: T.Integer({ description: 'agents online with the group skill' }),
});

export const AgentStat = T.Object({
  id: T.String(),
  name: T.String(),
  status: T.Union([T.Literal('online'), T.Literal('away'), T.Literal('offline')]),
  busy: T.Boolean({ description: 'online with no free capacity' }),
  active: T.Integer(),
  capacity: T.Integer(),
});

export const LiveStats = T.Object({
  queues: T.Array(QueueStat),
  agents: T.Array(AgentStat),
  totals: T.Object({
    online: T.Integer(),
    busy: T.Integer(),
    away: T.Integer(),
    offline: T.Integer(),
    queued: T.Integer(),
    withAgents: T.Integer({ description: 'conversations assigned to agents now' }),
    withBot: T.Integer({ description: 'conversations with the bot, not idle' }),
  }),
});

export const Stats = T.Object({
  at: T.Integer({ description: 'epoch ms when computed' }),
  live: LiveStats,
  summary: T.Object({ lastHour: StatsSummary, last24h: StatsSummary }),
  bucket: StatsBucket,
});

export const DashboardJson = T.Composite([
  Stats,
  T.Object({
    series: T.Array(StatsBucket, {
      description: 'minutes of the last 24 hours that had activity, oldest first',
    }),
    frtEdgesSec: T.Array(T.Number(), { description: 'upper edges of the first-response bins' }),
  }),
]);

export type StatsBucket = Static<typeof StatsBucket>;
export type StatsSummary = Static<typeof StatsSummary>;
export type QueueStat = Static<typeof QueueStat>;
export type AgentStat = Static<typeof AgentStat>;
export type LiveStats = Static<typeof LiveStats>;
export type Stats = Static<typeof Stats>;
export type DashboardJson = Static<typeof DashboardJson>;
