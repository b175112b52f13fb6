import { describe, expect, it } from 'bun:test';
import { MemoryReplayCache } from '../../../src/channels/wechat/index.ts';

describe('MemoryReplayCache', () => {
  it('adds a key once until it expires', async () => {
    let now = 1_000;
    const cache = new MemoryReplayCache({ now: () => now });
    expect(await cache.addIfAbsent('k', 'a', 100)).toBe(true);
    expect(await cache.addIfAbsent('k', 'b', 100)).toBe(false);
    expect(await cache.get('k')).toBe('a');
    now += 100;
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.addIfAbsent('k', 'c', 100)).toBe(true);
    expect(await cache.get('k')).toBe('c');
  });

  it('replaces and deletes entries', async () => {
    const cache = new MemoryReplayCache();
    await cache.set('k', 'a', 1_000);
    await cache.set('k', 'b', 1_000);
    expect(await cache.get('k')).toBe('b');
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
  });

  it('stays within its bound, dropping the oldest entries first', async () => {
    const cache = new MemoryReplayCache({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) await cache.set(key, key, 60_000);
    expect(cache.size).toBe(3);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('e')).toBe('e');
  });
});
