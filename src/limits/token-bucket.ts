/**
 * Token buckets in this process: `rate` tokens a second up to `burst`; a request takes one.
 * The answer is how long to wait before a token is there (0: go ahead).
 */

/** A bucket's limits: sustained per second, and the most taken at once. */
export interface BucketLimit {
  rate: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before the full ones are forgotten (a full bucket is the same as none). */
const MAX_BUCKETS = 100_000;

export class MemoryBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes a token from `key`'s bucket; returns 0, or the ms until one is there. */
  take(key: string, limit: BucketLimit, now = performance.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      bucket = { tokens: limit.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / limit.rate) * 1000);
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      // Idle for a minute: refilled long ago under any sane limit.
      if (now - bucket.at > 60_000) this.buckets.delete(key);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
