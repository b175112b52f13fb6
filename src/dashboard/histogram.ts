/**
 * First-response times kept as counts in fixed bins (bounded memory whatever the traffic),
 * from which percentiles are read with linear interpolation inside the bin. The bins are
 * finer where answers usually are (seconds to minutes) and coarse beyond an hour.
 */

/** Upper edges of the bins, in seconds; the last bin is open-ended. */
export const FRT_EDGES_SEC = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1200, 1800, 2700, 3600, 5400,
  7200, 10_800, 14_400, 21_600, 43_200, 86_400,
] as const;

export type Histogram = Uint32Array;

export function newHistogram(): Histogram {
  return new Uint32Array(FRT_EDGES_SEC.length + 1);
}

export function record(histogram: Histogram, ms: number): void {
  const sec = Math.max(0, ms) / 1000;
  let i = 0;
  while (i < FRT_EDGES_SEC.length && sec > FRT_EDGES_SEC[i]!) i++;
  histogram[i]!++;
}

export function addInto(target: Histogram, source: Histogram): void {
  for (let i = 0; i < target.length; i++) target[i]! += source[i]!;
}

export function total(histogram: Histogram): number {
  let n = 0;
  for (const count of histogram) n += count;
  return n;
}

/**
 * The q-quantile (0 < q ≤ 1) in ms, or null for an empty histogram. Within a bin the values
 * are taken as spread evenly; the open last bin reports its lower edge.
 */
export function quantile(histogram: Histogram, q: number): number | null {
  const n = total(histogram);
  if (n === 0) return null;
  const rank = q * n;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i]!;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const low = i === 0 ? 0 : FRT_EDGES_SEC[i - 1]!;
      const high = FRT_EDGES_SEC[i] ?? low;
      const within = (rank - seen) / count;
      return Math.round((low + (high - low) * within) * 1000);
    }
    seen += count;
  }
  return (FRT_EDGES_SEC.at(-1) ?? 0) * 1000;
}
