/**
 * Folding what each worker measured into one answer: counts add up, histograms merge,
 * per-second series add index by index, gaps and stalls take the maximum.
 */
import { type Histogram, mergeHistograms } from '../histogram.ts';
import {
  type CollectResult,
  type ConnectResult,
  type CountResult,
  KINDS,
  type Kind,
  type ReconnectResult,
} from './protocol.ts';

/** A measurement window merged over all workers. */
export interface Merged {
  kinds: Partial<
    Record<Kind, { histogram: Histogram; count: number; maxGapMs: number; perSecond: number[] }>
  >;
  sent: number;
  sentInWindow: number;
  sentPerSecond: number[];
  stallMs: number;
  errors: Record<string, number>;
}

const sum = <T>(items: T[], f: (item: T) => number) => items.reduce((s, item) => s + f(item), 0);

function addCounts(items: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const item of items)
    for (const [k, v] of Object.entries(item)) total[k] = (total[k] ?? 0) + v;
  return total;
}

function addSeries(series: number[][]): number[] {
  const total: number[] = [];
  for (const s of series) {
    s.forEach((v, i) => {
      total[i] = (total[i] ?? 0) + v;
    });
  }
  return Array.from(total, (v) => v ?? 0);
}

/** Connect results of all workers as one. */
export function mergeConnect(results: ConnectResult[]) {
  return {
    opened: sum(results, (r) => r.opened),
    failed: sum(results, (r) => r.failed),
    elapsedMs: Math.max(0, ...results.map((r) => r.elapsedMs)),
    handshake: mergeHistograms(results.map((r) => r.handshake)),
    errors: addCounts(results.map((r) => r.errors)),
  };
}

/** Connection counts of all workers as one. */
export function mergeCounts(results: CountResult[]): CountResult {
  return {
    open: sum(results, (c) => c.open),
    ready: sum(results, (c) => c.ready),
    assigned: sum(results, (c) => c.assigned),
    dropped: sum(results, (c) => c.dropped),
    closeCodes: addCounts(results.map((c) => c.closeCodes)),
  };
}

/** Reconnect storms of all workers as one; `rate` = resumed per second of the whole storm. */
export function mergeReconnect(results: ReconnectResult[]) {
  const done = sum(results, (r) => r.done);
  const seconds =
    (Math.max(...results.map((r) => r.lastDone)) - Math.min(...results.map((r) => r.firstStart))) /
    1000;
  return {
    done,
    failed: sum(results, (r) => r.failed),
    seconds,
    rate: seconds > 0 ? done / seconds : 0,
    latency: mergeHistograms(results.map((r) => r.latency)),
    welcome: mergeHistograms(results.map((r) => r.welcome)),
    errors: addCounts(results.map((r) => r.errors)),
  };
}

/** Measurement windows of all workers as one. */
export function mergeCollected(results: CollectResult[]): Merged {
  const merged: Merged = {
    kinds: {},
    sent: sum(results, (r) => r.sent),
    sentInWindow: sum(results, (r) => r.sentInWindow),
    sentPerSecond: addSeries(results.map((r) => r.sentPerSecond)),
    stallMs: Math.max(0, ...results.map((r) => r.stallMs)),
    errors: addCounts(results.map((r) => r.errors)),
  };
  for (const kind of KINDS) {
    const parts = results.map((r) => r.kinds[kind]).filter((k) => k !== undefined);
    if (parts.length === 0) continue;
    merged.kinds[kind] = {
      histogram: mergeHistograms(parts.map((p) => p.histogram)),
      count: sum(parts, (p) => p.count),
      maxGapMs: Math.max(...parts.map((p) => p.maxGapMs)),
      perSecond: addSeries(parts.map((p) => p.perSecond)),
    };
  }
  return merged;
}
