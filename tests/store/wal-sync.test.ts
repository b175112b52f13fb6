import { describe, expect, it } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalSync } from '../../src/store/wal-sync.ts';

describe('WalSync', () => {
  it('resolves every caller, sharing syncs while one runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-wal-'));
    const path = join(dir, 'kefu.db-wal');
    writeFileSync(path, 'frames');
    const wal = new WalSync(path);
    const first = wal.sync();
    const waiting = Array.from({ length: 50 }, () => wal.sync());
    // Everyone who arrived while the first sync ran shares the one after it.
    expect(new Set(waiting).size).toBe(1);
    expect(waiting[0]).not.toBe(first);
    await Promise.all([first, ...waiting]);
    await wal.sync();
    await wal.close();
  });

  it('has nothing to do before the WAL exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-wal-'));
    const wal = new WalSync(join(dir, 'missing.db-wal'));
    await wal.sync();
    await wal.close();
  });

  it('reports a failing sync to its callers and recovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-wal-'));
    // A directory cannot be opened for writing: the sync fails with the error.
    const wal = new WalSync(dir);
    await expect(wal.sync()).rejects.toThrow();
    await expect(wal.sync()).rejects.toThrow();
    await wal.close();
  });
});
