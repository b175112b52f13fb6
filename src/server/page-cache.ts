/**
 * Recent pages of a conversation's messages, for the read routes agents and integrations
 * poll. A page is reused while the conversation's `lastSeq` is unchanged (a new message
 * makes it stale at once) and for at most `ttlMs` (edits that do not move `lastSeq`, like a
 * GDPR erasure run from the CLI or another node, show within that time).
 */
import type { messageJson } from './json.ts';

export class PageCache<T> {
  private readonly pages = new Map<string, { lastSeq: number; at: number; value: T }>();

  constructor(
    private readonly maxEntries = 5000,
    private readonly ttlMs = 2000,
  ) {}

  async get(key: string, lastSeq: number, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.pages.get(key);
    if (hit && hit.lastSeq === lastSeq && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    this.pages.delete(key);
    if (this.pages.size >= this.maxEntries) {
      // Oldest first: Map order is insertion order.
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    this.pages.set(key, { lastSeq, at: now, value });
    return value;
  }

  clear(): void {
    this.pages.clear();
  }
}

/** A page of a conversation's messages, as the read routes answer it. */
export type MessagePages = PageCache<{
  messages: ReturnType<typeof messageJson>[];
  nextAfterSeq: number | null;
}>;
