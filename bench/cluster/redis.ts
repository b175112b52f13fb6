/**
 * The Redis that `kefu serve --workers N` coordinates through: one key prefix per run (so
 * runs never share a cluster, nor touch anyone else's), removed again when the run ends.
 */
import { Redis } from 'ioredis';
import { onInterrupt } from '../lib/procs.ts';

/** The Redis of this machine unless KEFU_BENCH_REDIS_URL names another. */
export const REDIS_URL = process.env.KEFU_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

/** The settings a run's kefu processes share, and the cleanup of its keys. */
export interface RunRedis {
  env: { KEFU_REDIS_URL: string; KEFU_REDIS_PREFIX: string };
  /** Deletes every key under the run's prefix. */
  drop: () => Promise<void>;
}

function client(): Redis {
  return new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
}

/** Why Redis cannot be used, or undefined if it answers PING. */
export async function redisMissing(): Promise<string | undefined> {
  const redis = client();
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis not reachable at ${REDIS_URL} (kefu serve --workers needs it): ${(error as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = client();
  try {
    await redis.connect();
    const stream = redis.scanStream({ match: `${prefix}*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** A fresh prefix for one kefu cluster (`kefu-bench-<time>-<random>-<label>:`). */
export function runRedis(label: string): RunRedis {
  const prefix = `kefu-bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${label}:`;
  const forget = onInterrupt(() => deleteKeys(prefix));
  return {
    env: { KEFU_REDIS_URL: REDIS_URL, KEFU_REDIS_PREFIX: prefix },
    drop: async () => {
      forget();
      await deleteKeys(prefix);
    },
  };
}
