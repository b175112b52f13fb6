/**
 * Token buckets in Redis, shared by every node: one Lua script refills and takes
 * atomically, on Redis's clock. If Redis cannot answer, requests pass (limits are a
 * protection, not a reason to stop serving) and the failure is logged once a minute.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { BucketLimit } from './token-bucket.ts';

/**
 * KEYS[1] bucket (hash: tokens, at µs); ARGV rate/s, burst. → 0, or ms until a token.
 * The key expires once it would be full again.
 */
export const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cur = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(cur[1]) or burst
local at = tonumber(cur[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000000 * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait`;

const COMMAND_TIMEOUT_MS = 250;

export class RedisBuckets {
  private readonly redis: Redis;
  private warnedAt = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    // A command waits for the connection at most COMMAND_TIMEOUT_MS, then the request passes.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
    this.redis.on('error', () => {});
  }

  /** Takes a token from `key`'s shared bucket; returns 0, or the ms until one is there. */
  async take(key: string, limit: BucketLimit): Promise<number> {
    try {
      const wait = await this.redis.eval(
        TAKE,
        1,
        `${this.prefix}rl:${key}`,
        limit.rate,
        limit.burst,
      );
      return Number(wait);
    } catch (error) {
      const now = Date.now();
      if (now - this.warnedAt > 60_000) {
        this.warnedAt = now;
        this.log.warn({ err: error }, 'rate limits not checked: Redis did not answer');
      }
      return 0;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
