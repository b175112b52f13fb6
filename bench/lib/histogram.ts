/**
 * HdrHistogram helpers (hdr-histogram-js). Latencies are recorded in microseconds, sent
 * between processes as compressed base64, merged in the parent, and reported in ms.
 */
import * as hdr from 'hdr-histogram-js';
import type { Metric } from './types.ts';

/** An HdrHistogram of hdr-histogram-js. */
export type Histogram = hdr.Histogram;

/** A latency histogram: 1 µs … 1 h, 3 significant digits, auto-resizing. */
export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Encodes a histogram for IPC / the JSON report. */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram produced by `encodeHistogram`. */
export function decodeHistogram(base64: string): Histogram {
  return hdr.decodeFromCompressedBase64(base64, 32);
}

/** Merges encoded histograms (one per worker) into one. */
export function mergeHistograms(encoded: string[]): Histogram {
  const merged = newHistogram();
  for (const item of encoded) merged.add(decodeHistogram(item));
  return merged;
}

/** The percentiles we report, in milliseconds. */
export const PERCENTILES: [string, number][] = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p99_9', 99.9],
];

/**
 * Turns a µs histogram into `<prefix>.p50_ms … <prefix>.max_ms` and `<prefix>.count` metrics.
 * @example latencyMetrics('ack', h) → { 'ack.p50_ms': {value: 0.8, unit: 'ms'}, … }
 */
export function latencyMetrics(prefix: string, histogram: Histogram): Record<string, Metric> {
  const metrics: Record<string, Metric> = {};
  if (histogram.totalCount === 0) return metrics;
  for (const [name, percentile] of PERCENTILES) {
    const ms = histogram.getValueAtPercentile(percentile) / 1000;
    metrics[`${prefix}.${name}_ms`] = { value: ms, unit: 'ms' };
  }
  metrics[`${prefix}.max_ms`] = { value: histogram.maxValue / 1000, unit: 'ms' };
  metrics[`${prefix}.samples`] = { value: histogram.totalCount, unit: 'count' };
  return metrics;
}

/** Current time as epoch microseconds, comparable across processes on this machine. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
