/**
 * Upgrades: migrations are forward-only. A database created by an earlier release (the
 * first migration only, and all but the newest) is upgraded in place by the current
 * build with its data intact, on SQLite and on MariaDB.
 */
import { Database } from 'bun:sqlite';
import { describe, expect, it } from 'bun:test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle as drizzleSqlite } from 'drizzle-orm/bun-sqlite';
import { migrate as migrateSqlite } from 'drizzle-orm/bun-sqlite/migrator';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { createPool } from 'mysql2/promise';
import { getConversation, listMessages } from '../../src/store/index.ts';
import { ENGINES, type EngineName } from '../support/databases.ts';

/** The migrations folder as an earlier release shipped it: the first `count` migrations. */
function olderRelease(dialect: 'sqlite' | 'mysql', count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-migrations-'));
  cpSync(resolve(import.meta.dir, '../../db', dialect), dir, { recursive: true });
  const journalPath = join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const dropped = journal.entries.slice(count).map((e) => e.tag);
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  for (const file of readdirSync(dir))
    if (dropped.some((tag) => file.startsWith(tag))) rmSync(join(dir, file));
  return dir;
}

/** Rows every release since the first can hold (only the first migration's columns). */
const SEED = [
  "INSERT INTO tenants (id, name, widget_key, created_at) VALUES ('t1', 'Old Co', 'wk_old', 1)",
  "INSERT INTO customers (id, tenant_id, name, email, attributes, created_at) VALUES ('c1', 't1', NULL, NULL, '{}', 1)",
  "INSERT INTO conversations (id, tenant_id, customer_id, channel, state, assigned_agent_id, last_seq, created_at, updated_at, closed_at) VALUES ('v1', 't1', 'c1', 'web', 'queued', NULL, 2, 1, 2, NULL)",
  "INSERT INTO messages (id, tenant_id, conversation_id, seq, client_msg_id, author_kind, author_id, author_name, channel, text, created_at) VALUES ('m1', 't1', 'v1', 1, 'a', 'customer', 'c1', NULL, 'web', '老版本的消息', 1), ('m2', 't1', 'v1', 2, 'b', 'customer', 'c1', NULL, 'web', 'second', 2)",
];

const journalLength = (dialect: 'sqlite' | 'mysql') =>
  (
    JSON.parse(
      readFileSync(resolve(import.meta.dir, '../../db', dialect, 'meta/_journal.json'), 'utf8'),
    ) as { entries: unknown[] }
  ).entries.length;

for (const engine of ['sqlite', 'mysql'] as EngineName[]) {
  describe(`upgrades on ${engine}`, () => {
    const releases = [...new Set([1, journalLength(engine) - 1])].filter((n) => n >= 1);
    for (const count of releases) {
      it(`upgrades a database of the release with ${count} migration(s), data intact`, async () => {
        const database = await ENGINES[engine]();
        const folder = olderRelease(engine, count);
        try {
          if (engine === 'sqlite') {
            const raw = new Database(join(database.dataDir, 'kefu.db'), { create: true });
            migrateSqlite(drizzleSqlite(raw), { migrationsFolder: folder });
            for (const statement of SEED) raw.exec(statement);
            raw.close();
          } else {
            const pool = createPool({ uri: database.dbUrl!, multipleStatements: false });
            await migrateMysql(drizzleMysql(pool), { migrationsFolder: folder });
            for (const statement of SEED) await pool.query(statement);
            await pool.end();
          }
          const store = database.open();
          await store.migrate();
          const messages = await store.read((c) => listMessages(c, 't1', 'v1', 0, 10));
          expect(messages.map((m) => [m.seq, m.text])).toEqual([
            [1, '老版本的消息'],
            [2, 'second'],
          ]);
          const conversation = await store.read((c) => getConversation(c, 't1', 'v1'));
          expect(conversation).toMatchObject({
            state: 'queued',
            lastSeq: 2,
            priority: 0,
            groupId: null,
          });
          await store.migrate();
          await store.close();
        } finally {
          rmSync(folder, { recursive: true, force: true });
          await database.drop();
        }
      });
    }
  });
}
