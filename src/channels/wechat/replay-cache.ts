/**
 * A small expiring key-value store for callback bookkeeping: seen `timestamp+nonce`
 * pairs (replay refusal) and message `dedupeKey`s (retry deduplication). Async so a Redis
 * version (`SET key value NX PX ttl`, `GET`, `SET … PX`, `DEL`) can replace the memory one
 * when several nodes receive callbacks.
 */
export interface ReplayCache {
  /** Stores `value` under `key` for `ttlMs` unless a live entry exists; true when stored. */
  addIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live value under `key`, if any. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`, replacing any entry. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface MemoryReplayCacheOptions {
  /** Most entries kept; the oldest written go first when full (default 10,000). */
  maxEntries?: number;
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
}

/**
 * In-process `ReplayCache`: a Map in write order, expired lazily on read. Memory is
 * bounded by `maxEntries`, each write O(1); a flood of valid requests can push old entries
 * out early, which shortens what is remembered but never weakens the signature checks.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /** Entries held (expired ones not yet read or evicted included). */
  get size(): number {
    return this.entries.size;
  }

  async addIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number): void {
    this.entries.delete(key); // re-inserting moves the key to the newest end
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // Evict the oldest written: with similar TTLs those are the first to expire anyway.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
