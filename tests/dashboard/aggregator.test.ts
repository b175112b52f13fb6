/**
 * The dashboard's arithmetic without a server: deflection, first-response percentiles,
 * windows and bounds; the live view of a router snapshot; pushes only on change.
 */
import { describe, expect, it } from 'bun:test';
import {
  Aggregator,
  Dashboard,
  type DashboardSource,
  liveStats,
  MINUTE_MS,
} from '../../src/dashboard/index.ts';
import type { EngineEvents } from '../../src/engine/index.ts';
import { silentLogger } from '../../src/log.ts';
import type { Group, RoutingSnapshot } from '../../src/routing/index.ts';

const T = 't1';
const H = 60 * MINUTE_MS;
const START = Date.UTC(2025, 0, 6, 9, 0, 0);

describe('deflection', () => {
  it('counts a bot conversation idle for the idle time as deflected, once', () => {
    const agg = new Aggregator({ idleMs: 30 * MINUTE_MS });
    agg.conversationCreated(T, 'c1', START);
    agg.activity(T, 'c1', START + 10 * MINUTE_MS);
    expect(agg.withBot(T, START + 20 * MINUTE_MS)).toBe(1);
    agg.expire(START + 39 * MINUTE_MS);
    expect(agg.summary(T, START + 39 * MINUTE_MS, 60).deflected).toBe(0);
    agg.expire(START + 40 * MINUTE_MS);
    const summary = agg.summary(T, START + 40 * MINUTE_MS, 60);
    expect(summary).toMatchObject({ created: 1, deflected: 1, humanEnded: 0, deflectionRate: 1 });
    expect(agg.withBot(T, START + 40 * MINUTE_MS)).toBe(0);
    // Closed later by a supervisor: already ended, not counted again.
    agg.ended(T, 'c1', START + 50 * MINUTE_MS, false);
    expect(agg.summary(T, START + 50 * MINUTE_MS, 60).deflected).toBe(1);
  });

  it('counts a conversation handed to people as human-served, however it ends', () => {
    const agg = new Aggregator();
    agg.conversationCreated(T, 'queued', START);
    agg.handedOver(T, 'queued', START + MINUTE_MS);
    agg.handedOver(T, 'queued', START + 2 * MINUTE_MS); // re-queued: still one hand-over
    agg.conversationCreated(T, 'bot', START);
    agg.ended(T, 'bot', START + 3 * MINUTE_MS, false);
    agg.ended(T, 'queued', START + 4 * MINUTE_MS, false);
    // Handed over and idle: people still owe an answer, it does not end by idleness.
    agg.conversationCreated(T, 'waiting', START);
    agg.handedOver(T, 'waiting', START);
    agg.expire(START + 2 * H);
    const summary = agg.summary(T, START + 2 * H, 24 * 60);
    expect(summary).toMatchObject({
      created: 3,
      handedOver: 2,
      deflected: 1,
      humanEnded: 1,
      deflectionRate: 0.5,
    });
  });

  it('trusts the conversation record for a hand-over it did not see, and ignores unknown ends', () => {
    const agg = new Aggregator();
    agg.conversationCreated(T, 'c1', START);
    agg.ended(T, 'c1', START + MINUTE_MS, true);
    agg.ended(T, 'from-before-a-restart', START + MINUTE_MS, false);
    expect(agg.summary(T, START + MINUTE_MS, 60)).toMatchObject({ deflected: 0, humanEnded: 1 });
  });

  it('has no rate while nothing has ended', () => {
    const agg = new Aggregator();
    agg.conversationCreated(T, 'c1', START);
    expect(agg.summary(T, START, 60).deflectionRate).toBeNull();
  });

  it('keeps at most maxTracked conversations, ending the least recently active', () => {
    const agg = new Aggregator({ maxTracked: 2 });
    agg.conversationCreated(T, 'a', START);
    agg.conversationCreated(T, 'b', START + 1);
    agg.activity(T, 'a', START + 2);
    agg.conversationCreated(T, 'c', START + 3);
    expect(agg.withBot(T, START + 4)).toBe(2);
    expect(agg.summary(T, START + 4, 60).deflected).toBe(1);
    // `b` was the one dropped: its later close is not counted.
    agg.ended(T, 'b', START + 5, false);
    agg.ended(T, 'a', START + 5, false);
    expect(agg.summary(T, START + 5, 60).deflected).toBe(2);
  });
});

describe('first response time', () => {
  it('reads p50 and p90 from the binned times since the hand-over', () => {
    const agg = new Aggregator();
    // Nine answers after 10 s … 90 s, one after 20 minutes.
    for (let i = 1; i <= 10; i++) {
      const handed = START + i * 1000;
      agg.conversationCreated(T, `c${i}`, START);
      agg.handedOver(T, `c${i}`, handed);
      const wait = i === 10 ? 20 * MINUTE_MS : i * 10_000;
      agg.firstResponse(T, `c${i}`, handed + wait, START);
    }
    const summary = agg.summary(T, START + H, 120);
    expect(summary.frtCount).toBe(10);
    // Exact p50 is 50 s; bins (45–60 s) interpolate to within one bin.
    expect(summary.frtP50Ms).toBeGreaterThanOrEqual(45_000);
    expect(summary.frtP50Ms).toBeLessThanOrEqual(60_000);
    // p90 falls on the 90 s answer's bin (60–90 s).
    expect(summary.frtP90Ms).toBeGreaterThanOrEqual(60_000);
    expect(summary.frtP90Ms).toBeLessThanOrEqual(90_000);
  });

  it('measures from the conversation record when the hand-over happened elsewhere', () => {
    const agg = new Aggregator();
    agg.firstResponse(T, 'c1', START + 30_000, START);
    const p50 = agg.summary(T, START + 30_000, 60).frtP50Ms!;
    expect(p50).toBeGreaterThan(20_000);
    expect(p50).toBeLessThanOrEqual(30_000);
  });

  it('is null without answers', () => {
    expect(new Aggregator().summary(T, START, 60)).toMatchObject({
      frtCount: 0,
      frtP50Ms: null,
      frtP90Ms: null,
    });
  });
});

describe('windows and memory', () => {
  it('sums the last hour and the last day separately, minute by minute', () => {
    const agg = new Aggregator();
    agg.conversationCreated(T, 'old', START);
    agg.slaBreached(T, START + 5 * MINUTE_MS);
    agg.csat(T, 5, START + 3 * H);
    agg.csat(T, 2, START + 3 * H + 30_000);
    agg.conversationCreated(T, 'new', START + 3 * H);
    const now = START + 3 * H + MINUTE_MS;
    expect(agg.summary(T, now, 60)).toMatchObject({
      created: 1,
      slaBreaches: 0,
      csatCount: 2,
      csatAverage: 3.5,
    });
    expect(agg.summary(T, now, 24 * 60)).toMatchObject({ created: 2, slaBreaches: 1 });
    const series = agg.series(T, now);
    expect(series.map((b) => b.minute - START / MINUTE_MS)).toEqual([0, 5, 180]);
    expect(series[2]).toMatchObject({ created: 1, csatCount: 2, csatSum: 7 });
  });

  it('forgets minutes older than a day, and tenants with nothing left', () => {
    const agg = new Aggregator();
    agg.slaBreached(T, START);
    agg.sample(T, START + H, 3, 2);
    expect(agg.expire(START + 24 * H)).toEqual([T]);
    expect(agg.series(T, START + 24 * H).map((b) => b.queuePeak)).toEqual([3]);
    agg.expire(START + 26 * H);
    expect(agg.tenantIds()).toEqual([]);
  });

  it('keeps the peak of the gauges sampled within a minute', () => {
    const agg = new Aggregator();
    agg.sample(T, START, 2, 1);
    agg.sample(T, START + 10_000, 5, 0);
    agg.sample(T, START + 20_000, 1, 3);
    expect(agg.bucketAt(T, START + 30_000)).toMatchObject({ queuePeak: 5, activePeak: 3 });
    expect(agg.bucketAt(T, START + MINUTE_MS)).toMatchObject({ queuePeak: 0, created: 0 });
  });
});

const group = (id: string, key: string): Group =>
  ({ id, key, name: key.toUpperCase(), strategy: 'least_busy' }) as Group;

describe('live view', () => {
  it('shows depth and the oldest wait per group, and each agent with their load', () => {
    const snapshot: RoutingSnapshot = {
      agents: [
        agent('a2', 'Wu', 'online', 2, 2, ['billing']),
        agent('a1', 'Li', 'online', 1, 3, ['billing', 'sales']),
        agent('a3', 'Zhao', 'away', 0, 3, ['sales']),
      ],
      queue: [
        { conversationId: 'q1', groupId: 'g1', priority: 0, queuedAt: 1000 },
        { conversationId: 'q2', groupId: 'g1', priority: 5, queuedAt: 3000 },
        { conversationId: 'q3', groupId: null, priority: 0, queuedAt: 2000 },
      ],
    };
    const live = liveStats(snapshot, [group('g1', 'billing'), group('g2', 'sales')], 4);
    expect(live.queues).toEqual([
      { groupId: 'g1', key: 'billing', name: 'BILLING', depth: 2, oldestQueuedAt: 1000, online: 2 },
      { groupId: 'g2', key: 'sales', name: 'SALES', depth: 0, oldestQueuedAt: null, online: 1 },
      { groupId: null, key: null, name: null, depth: 1, oldestQueuedAt: 2000, online: 2 },
    ]);
    expect(live.agents.map((a) => [a.name, a.status, a.busy, `${a.active}/${a.capacity}`])).toEqual(
      [
        ['Li', 'online', false, '1/3'],
        ['Wu', 'online', true, '2/2'],
        ['Zhao', 'away', false, '0/3'],
      ],
    );
    expect(live.totals).toEqual({
      online: 2,
      busy: 1,
      away: 1,
      offline: 0,
      queued: 3,
      withAgents: 3,
      withBot: 4,
    });
  });
});

function agent(
  id: string,
  name: string,
  status: 'online' | 'away' | 'offline',
  active: number,
  capacity: number,
  skills: string[],
) {
  return { id, tenantId: T, name, status, active, capacity, skills, sockets: 1 };
}

describe('pushing', () => {
  it('pushes a changed tenant once per round, and nothing when nothing changed', async () => {
    const listeners = new Map<string, ((payload: unknown) => void)[]>();
    const published: { topic: string; frame: { t: string } & Record<string, any> }[] = [];
    const snapshot: RoutingSnapshot = { agents: [], queue: [] };
    let leader = true;
    let now = START;
    const source: DashboardSource = {
      ctx: {
        events: {
          on(event, listener) {
            listeners.set(event, [...(listeners.get(event) ?? []), listener as never]);
            return () => {};
          },
        },
        router: { snapshot: async () => snapshot },
        groups: { forTenant: async () => [] },
        bus: { publish: (envelope) => published.push(envelope as never) },
      },
      cluster: { isLeader: () => leader },
    };
    const emit = <K extends keyof EngineEvents>(event: K, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    const dashboard = new Dashboard(source, silentLogger, {
      pushEveryMs: 3_600_000,
      now: () => now,
    });
    dashboard.start();
    const session = { id: 'c1', tenantId: T, queuedAt: null, assignedAt: null, createdAt: now };

    emit('conversation.created', { session });
    emit('conversation.queued', { session });
    snapshot.queue.push({ conversationId: 'c1', groupId: null, priority: 0, queuedAt: now });
    await dashboard.tick();
    expect(published).toHaveLength(1);
    expect(published[0]!.topic).toBe(`t:${T}:supervisors`);
    expect(published[0]!.frame).toMatchObject({
      t: 'stats',
      live: { totals: { queued: 1 } },
      summary: { lastHour: { created: 1, handedOver: 1 } },
    });

    // A message changes nothing the dashboard shows: no push.
    emit('message.created', { session, message: {} });
    now += 1000;
    await dashboard.tick();
    expect(published).toHaveLength(1);

    // An event that changes nothing visible: re-checked, not pushed again.
    emit('agent.status', { tenantId: T, agentId: 'a1', status: 'online' });
    now += 1000;
    await dashboard.tick();
    expect(published).toHaveLength(1);

    // Only the router's node pushes.
    leader = false;
    snapshot.queue.length = 0;
    emit('conversation.requeued', { session, reason: 'x' });
    await dashboard.tick();
    expect(published).toHaveLength(1);
    leader = true;
    emit('conversation.requeued', { session, reason: 'x' });
    await dashboard.tick();
    expect(published).toHaveLength(2);
    expect(published[1]!.frame.live.totals.queued).toBe(0);
    dashboard.stop();
  });
});
