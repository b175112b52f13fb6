/**
 * The dashboard's state in the browser, without any DOM: the first paint from
 * `GET /api/v1/dashboard`, then each pushed `stats` frame (its `bucket` replaces the minute
 * it names). `chart()` turns the minutes into evenly spaced points for uPlot, merging
 * minutes for the longer ranges (first-response percentiles from the merged bins).
 */
import type { DashboardJson, Stats, StatsBucket } from '../../../dashboard/index.ts';

export type RangeMinutes = 60 | 360 | 1440;
export const RANGES: readonly RangeMinutes[] = [60, 360, 1440];
/** Minutes per chart point: one point a minute for the hour, coarser for longer. */
const STEP: Record<RangeMinutes, number> = { 60: 1, 360: 5, 1440: 15 };
const MINUTE_MS = 60_000;

export interface ChartData {
  /** Point starts, epoch seconds (uPlot's x). */
  x: number[];
  queue: number[];
  active: number[];
  created: number[];
  handedOver: number[];
  deflected: number[];
  /** First response percentiles in seconds; null where nobody was answered. */
  p50: (number | null)[];
  p90: (number | null)[];
}

export class DashboardModel {
  stats: Stats | undefined;
  private edges: number[] = [];
  private readonly buckets = new Map<number, StatsBucket>();

  get loaded(): boolean {
    return this.stats !== undefined;
  }

  /** The first paint (or a refresh after a reconnect): replaces everything. */
  load(json: DashboardJson): void {
    const { series, frtEdgesSec, ...stats } = json;
    this.buckets.clear();
    for (const bucket of series) this.buckets.set(bucket.minute, bucket);
    this.edges = frtEdgesSec;
    this.apply(stats);
  }

  /** A pushed frame; ignored when older than what is shown. */
  push(stats: Stats): void {
    if (this.stats && stats.at < this.stats.at) return;
    this.apply(stats);
  }

  chart(range: RangeMinutes, now: number): ChartData {
    const step = STEP[range];
    const lastMinute = Math.floor(now / MINUTE_MS);
    // Points aligned to whole steps; the last one holds the current minute.
    const first = Math.floor(lastMinute / step) * step - (range / step - 1) * step;
    const data: ChartData = {
      x: [],
      queue: [],
      active: [],
      created: [],
      handedOver: [],
      deflected: [],
      p50: [],
      p90: [],
    };
    for (let start = first; start <= lastMinute; start += step) {
      let queue = 0;
      let active = 0;
      let created = 0;
      let handedOver = 0;
      let deflected = 0;
      const bins: number[] = [];
      for (let minute = start; minute < start + step; minute++) {
        const b = this.buckets.get(minute);
        if (!b) continue;
        queue = Math.max(queue, b.queuePeak);
        active = Math.max(active, b.activePeak);
        created += b.created;
        handedOver += b.handedOver;
        deflected += b.deflected;
        b.frtBins.forEach((count, i) => {
          bins[i] = (bins[i] ?? 0) + count;
        });
      }
      data.x.push((start * MINUTE_MS) / 1000);
      data.queue.push(queue);
      data.active.push(active);
      data.created.push(created);
      data.handedOver.push(handedOver);
      data.deflected.push(deflected);
      const p50 = quantileMs(bins, this.edges, 0.5);
      const p90 = quantileMs(bins, this.edges, 0.9);
      data.p50.push(p50 === null ? null : p50 / 1000);
      data.p90.push(p90 === null ? null : p90 / 1000);
    }
    return data;
  }

  private apply(stats: Stats): void {
    this.stats = stats;
    this.buckets.set(stats.bucket.minute, stats.bucket);
    // Keep a day: older minutes fall off.
    const oldest = stats.bucket.minute - 24 * 60;
    for (const minute of this.buckets.keys()) if (minute < oldest) this.buckets.delete(minute);
  }
}

/**
 * The q-quantile of binned times in ms (bins spread evenly within; the open last bin
 * reports its lower edge). The same arithmetic as the server's `src/dashboard/histogram.ts`
 * (a test holds them equal), here because the browser bundle takes no server code.
 */
export function quantileMs(bins: readonly number[], edgesSec: readonly number[], q: number) {
  const n = bins.reduce((sum, c) => sum + (c ?? 0), 0);
  if (n === 0) return null;
  const rank = q * n;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    const count = bins[i] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const low = i === 0 ? 0 : edgesSec[i - 1]!;
      const high = edgesSec[i] ?? low;
      return Math.round((low + (high - low) * ((rank - seen) / count)) * 1000);
    }
    seen += count;
  }
  return (edgesSec.at(-1) ?? 0) * 1000;
}
