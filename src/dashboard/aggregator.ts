/**
 * Rolling per-tenant aggregates for the supervisor dashboard: one bucket per minute for
 * the last 24 hours, and the conversations still open so far as deflection needs them.
 * Pure: every call says what happened and when; memory is bounded (at most 1440 buckets
 * and `maxTracked` conversations per tenant).
 *
 * Deflection (docs/web.md): a conversation is *handed over* when it is first queued for
 * people, sent an out-of-hours reply with a ticket, or assigned (taken over). It *ends* when
 * it is closed, or when it has been idle for `idleMs` without being handed over. It is
 * *deflected* when it ends without ever having been handed over.
 */

import { addInto, type Histogram, newHistogram, quantile, record, total } from './histogram.ts';
import type { StatsBucket, StatsSummary } from './schema.ts';

export const MINUTE_MS = 60_000;
export const WINDOW_MINUTES = 24 * 60;

interface Bucket {
  minute: number;
  created: number;
  handedOver: number;
  deflected: number;
  humanEnded: number;
  frt: Histogram | undefined;
  slaBreaches: number;
  csatCount: number;
  csatSum: number;
  queuePeak: number;
  activePeak: number;
}

interface Tracked {
  /** When it was first handed over; null while only the bot has had it. */
  handedAt: number | null;
  lastAt: number;
}

interface Tenant {
  buckets: Map<number, Bucket>;
  /** In least-recently-active order (re-inserted on activity). */
  tracked: Map<string, Tracked>;
}

export interface AggregatorOptions {
  /** A conversation with the bot and no message for this long has ended (deflected). */
  idleMs?: number;
  /** Conversations tracked per tenant; beyond it the least recently active one is ended. */
  maxTracked?: number;
}

export const DEFAULT_IDLE_MS = 30 * MINUTE_MS;

const minuteOf = (at: number) => Math.floor(at / MINUTE_MS);

export class Aggregator {
  private readonly tenants = new Map<string, Tenant>();
  readonly idleMs: number;
  private readonly maxTracked: number;

  constructor(options: AggregatorOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxTracked = options.maxTracked ?? 50_000;
  }

  /** Tenants with anything in memory. */
  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  conversationCreated(tenantId: string, conversationId: string, at: number): void {
    const tenant = this.tenant(tenantId);
    this.bucket(tenant, at).created++;
    this.track(tenant, conversationId, { handedAt: null, lastAt: at }, at);
  }

  /** A message in the conversation: it is not idle. */
  activity(tenantId: string, conversationId: string, at: number): void {
    const tenant = this.tenants.get(tenantId);
    const entry = tenant?.tracked.get(conversationId);
    if (!tenant || !entry) return;
    entry.lastAt = Math.max(entry.lastAt, at);
    tenant.tracked.delete(conversationId);
    tenant.tracked.set(conversationId, entry);
  }

  /** Queued for people, out-of-hours ticket, or assigned: counted once per conversation. */
  handedOver(tenantId: string, conversationId: string, at: number): void {
    const tenant = this.tenant(tenantId);
    const entry = tenant.tracked.get(conversationId);
    if (entry?.handedAt != null) return;
    this.bucket(tenant, at).handedOver++;
    if (entry) {
      entry.handedAt = at;
      entry.lastAt = Math.max(entry.lastAt, at);
    } else {
      this.track(tenant, conversationId, { handedAt: at, lastAt: at }, at);
    }
  }

  /**
   * Closed. Only conversations this aggregator saw start or be handed over count (one
   * already ended by idleness is not counted twice). `handedOverBefore` is what the
   * conversation's own record says (a hand-over seen by another node).
   */
  ended(tenantId: string, conversationId: string, at: number, handedOverBefore: boolean): void {
    const tenant = this.tenants.get(tenantId);
    const entry = tenant?.tracked.get(conversationId);
    if (!tenant || !entry) return;
    tenant.tracked.delete(conversationId);
    const bucket = this.bucket(tenant, at);
    if (handedOverBefore || entry.handedAt !== null) bucket.humanEnded++;
    else bucket.deflected++;
  }

  /** An agent's first answer, `sinceFallback` being when people were asked for. */
  firstResponse(tenantId: string, conversationId: string, at: number, sinceFallback: number) {
    const tenant = this.tenant(tenantId);
    const since = tenant.tracked.get(conversationId)?.handedAt ?? sinceFallback;
    const bucket = this.bucket(tenant, at);
    bucket.frt ??= newHistogram();
    record(bucket.frt, at - since);
  }

  slaBreached(tenantId: string, at: number): void {
    this.bucket(this.tenant(tenantId), at).slaBreaches++;
  }

  csat(tenantId: string, score: number, at: number): void {
    const bucket = this.bucket(this.tenant(tenantId), at);
    bucket.csatCount++;
    bucket.csatSum += score;
  }

  /** Gauges read from the router: kept as the minute's peak. */
  sample(tenantId: string, at: number, queued: number, withAgents: number): void {
    const bucket = this.bucket(this.tenant(tenantId), at);
    bucket.queuePeak = Math.max(bucket.queuePeak, queued);
    bucket.activePeak = Math.max(bucket.activePeak, withAgents);
  }

  /**
   * Ends bot conversations idle for `idleMs` (deflected), forgets handed-over ones silent
   * for a whole window (closed elsewhere), drops buckets older than the window and empty
   * tenants. Returns the tenants whose numbers changed.
   */
  expire(now: number): string[] {
    const changed: string[] = [];
    for (const [tenantId, tenant] of this.tenants) {
      let touched = false;
      for (const [id, entry] of tenant.tracked) {
        if (entry.handedAt === null && entry.lastAt + this.idleMs <= now) {
          tenant.tracked.delete(id);
          this.bucket(tenant, entry.lastAt + this.idleMs).deflected++;
          touched = true;
        } else if (entry.lastAt + WINDOW_MINUTES * MINUTE_MS <= now) {
          tenant.tracked.delete(id);
        }
      }
      const oldest = minuteOf(now) - WINDOW_MINUTES + 1;
      for (const minute of tenant.buckets.keys()) {
        if (minute < oldest) {
          tenant.buckets.delete(minute);
          touched = true;
        }
      }
      if (tenant.buckets.size === 0 && tenant.tracked.size === 0) this.tenants.delete(tenantId);
      if (touched) changed.push(tenantId);
    }
    return changed;
  }

  /** Conversations with the bot that are not idle. */
  withBot(tenantId: string, now: number): number {
    let n = 0;
    for (const entry of this.tenants.get(tenantId)?.tracked.values() ?? []) {
      if (entry.handedAt === null && entry.lastAt + this.idleMs > now) n++;
    }
    return n;
  }

  /** The bucket of the minute holding `at` (zeros when nothing happened). */
  bucketAt(tenantId: string, at: number): StatsBucket {
    const bucket = this.tenants.get(tenantId)?.buckets.get(minuteOf(at));
    return bucketJson(bucket ?? emptyBucket(minuteOf(at)));
  }

  /** Minutes of the last 24 hours with anything in them, oldest first. */
  series(tenantId: string, now: number): StatsBucket[] {
    const oldest = minuteOf(now) - WINDOW_MINUTES + 1;
    return [...(this.tenants.get(tenantId)?.buckets.values() ?? [])]
      .filter((b) => b.minute >= oldest && b.minute <= minuteOf(now))
      .sort((a, b) => a.minute - b.minute)
      .map(bucketJson);
  }

  /** Totals of the last `minutes` minutes (the current one included). */
  summary(tenantId: string, now: number, minutes: number): StatsSummary {
    const from = minuteOf(now) - minutes + 1;
    const frt = newHistogram();
    const sum = { created: 0, handedOver: 0, deflected: 0, humanEnded: 0, sla: 0, n: 0, csat: 0 };
    for (const b of this.tenants.get(tenantId)?.buckets.values() ?? []) {
      if (b.minute < from || b.minute > minuteOf(now)) continue;
      sum.created += b.created;
      sum.handedOver += b.handedOver;
      sum.deflected += b.deflected;
      sum.humanEnded += b.humanEnded;
      sum.sla += b.slaBreaches;
      sum.n += b.csatCount;
      sum.csat += b.csatSum;
      if (b.frt) addInto(frt, b.frt);
    }
    const ended = sum.deflected + sum.humanEnded;
    return {
      created: sum.created,
      handedOver: sum.handedOver,
      deflected: sum.deflected,
      humanEnded: sum.humanEnded,
      deflectionRate: ended === 0 ? null : sum.deflected / ended,
      frtCount: total(frt),
      frtP50Ms: quantile(frt, 0.5),
      frtP90Ms: quantile(frt, 0.9),
      slaBreaches: sum.sla,
      csatCount: sum.n,
      csatAverage: sum.n === 0 ? null : Math.round((sum.csat / sum.n) * 100) / 100,
    };
  }

  private tenant(tenantId: string): Tenant {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) this.tenants.set(tenantId, (tenant = { buckets: new Map(), tracked: new Map() }));
    return tenant;
  }

  private bucket(tenant: Tenant, at: number): Bucket {
    const minute = minuteOf(at);
    let bucket = tenant.buckets.get(minute);
    if (!bucket) tenant.buckets.set(minute, (bucket = emptyBucket(minute)));
    return bucket;
  }

  private track(tenant: Tenant, id: string, entry: Tracked, at: number): void {
    tenant.tracked.delete(id);
    tenant.tracked.set(id, entry);
    while (tenant.tracked.size > this.maxTracked) {
      // Full: the least recently active conversation ends now.
      const [oldestId, oldest] = tenant.tracked.entries().next().value!;
      tenant.tracked.delete(oldestId);
      if (oldest.handedAt === null) this.bucket(tenant, at).deflected++;
    }
  }
}

function emptyBucket(minute: number): Bucket {
  return {
    minute,
    created: 0,
    handedOver: 0,
    deflected: 0,
    humanEnded: 0,
    frt: undefined,
    slaBreaches: 0,
    csatCount: 0,
    csatSum: 0,
    queuePeak: 0,
    activePeak: 0,
  };
}

function bucketJson(b: Bucket): StatsBucket {
  return {
    minute: b.minute,
    created: b.created,
    handedOver: b.handedOver,
    deflected: b.deflected,
    humanEnded: b.humanEnded,
    frtCount: b.frt ? total(b.frt) : 0,
    frtP50Ms: b.frt ? quantile(b.frt, 0.5) : null,
    frtP90Ms: b.frt ? quantile(b.frt, 0.9) : null,
    frtBins: b.frt ? [...b.frt] : [],
    slaBreaches: b.slaBreaches,
    csatCount: b.csatCount,
    csatSum: b.csatSum,
    queuePeak: b.queuePeak,
    activePeak: b.activePeak,
  };
}
