/**
 * Opens the database (embedded SQLite by default, MySQL/MariaDB with a URL), applies
 * migrations, and runs generator bodies (`ops.ts`) as reads or transactions.
 */
import { Database } from 'bun:sqlite';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle as drizzleSqlite } from 'drizzle-orm/bun-sqlite';
import { migrate as migrateSqlite } from 'drizzle-orm/bun-sqlite/migrator';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { createPool, type Pool } from 'mysql2/promise';
import { KefuError } from '../errors.ts';
import { shippedPath } from '../paths.ts';
import { SqliteAppender } from './append-sqlite.ts';
import { isRetryable } from './errors.ts';
import { type AppendItem, type AppendResult, appendMessages } from './messages.ts';
import { type Body, type Ctx, type Db, type Dialect, driveAsync, driveSync } from './ops.ts';
import { mysqlSchema, type Schema, sqliteSchema } from './schema/index.ts';
import { WalSync } from './wal-sync.ts';

export interface StoreOptions {
  /** `mysql://…` for MySQL/MariaDB; otherwise SQLite at `sqlitePath`. */
  dbUrl?: string;
  sqlitePath?: string;
}

export interface Store {
  readonly dialect: Dialect;
  /** Run a body outside a transaction. */
  read<T>(body: (c: Ctx) => Body<T>): Promise<T>;
  /** Run a body in one transaction: all of it commits, or none. */
  tx<T>(body: (c: Ctx) => Body<T>): Promise<T>;
  /**
   * One group-commit batch, in one transaction (the engine's hot path): the messages, then
   * the other writes queued with them (conversation states, routing events). Resolves with
   * the messages' results and the writes' values, in order.
   */
  commit(
    items: AppendItem[],
    writes: ((c: Ctx) => Body<unknown>)[],
  ): Promise<{ appended: AppendResult[]; written: unknown[] }>;
  /** Applies pending migrations; refuses a database newer than this build. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The bun:sqlite handle (SQLite only): backups. */
  readonly sqlite: Database | undefined;
}

export function openStore(options: StoreOptions): Store {
  return options.dbUrl
    ? openMysql(options.dbUrl)
    : openSqlite(options.sqlitePath ?? 'data/kefu.db');
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(join(path, '..'), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec('PRAGMA journal_mode = WAL');
  // NORMAL: a commit does not fsync on the event loop; `wal.sync()` makes it durable on a
  // worker thread before anyone is answered, so an ack survives power loss, not only kill -9.
  sqlite.exec('PRAGMA synchronous = NORMAL');
  sqlite.exec('PRAGMA foreign_keys = ON');
  sqlite.exec('PRAGMA busy_timeout = 5000');
  const db = drizzleSqlite(sqlite) as Db;
  const ctx: Ctx = { db, s: sqliteSchema, dialect: 'sqlite' };
  let appender: SqliteAppender | undefined;
  const wal = path === ':memory:' ? undefined : new WalSync(`${path}-wal`);
  return {
    dialect: 'sqlite',
    sqlite,
    async read(body) {
      return driveSync(body(ctx));
    },
    async tx(body) {
      const result = db.transaction((tx) => driveSync(body({ ...ctx, db: tx as unknown as Db })), {
        behavior: 'immediate',
      });
      await wal?.sync();
      return result;
    },
    async commit(items, writes) {
      appender ??= new SqliteAppender(db, sqliteSchema);
      const batch = appender;
      const result = sqlite
        .transaction(() => ({
          appended: items.length > 0 ? batch.append(items) : [],
          written: writes.map((write) => driveSync(write(ctx))),
        }))
        .immediate();
      await wal?.sync();
      return result;
    },
    async migrate() {
      const folder = shippedPath('db/sqlite');
      const hasJournal = sqlite
        .query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
        .get();
      if (hasJournal) {
        refuseNewerDatabase(
          folder,
          sqlite
            .query<{ t: number | null }, []>(
              'SELECT MAX(created_at) AS t FROM __drizzle_migrations',
            )
            .get(),
        );
      }
      migrateSqlite(db, { migrationsFolder: folder });
    },
    async ping() {
      sqlite.query('SELECT 1').get();
    },
    async close() {
      await wal?.close();
      sqlite.close();
    },
  };
}

function openMysql(url: string): Store {
  const pool: Pool = createPool({
    uri: url,
    connectionLimit: 16,
    charset: 'utf8mb4',
    enableKeepAlive: true,
    connectTimeout: 5000,
  });
  const db = drizzleMysql(pool) as unknown as Db;
  const ctx: Ctx = { db, s: mysqlSchema as unknown as Schema, dialect: 'mysql' };
  const transactional = <T>(body: (c: Ctx) => Body<T>) =>
    (db as unknown as { transaction<R>(fn: (tx: unknown) => Promise<R>): Promise<R> }).transaction(
      (tx) => driveAsync(body({ ...ctx, db: tx as Db })),
    );
  return {
    dialect: 'mysql',
    sqlite: undefined,
    read(body) {
      return driveAsync(body(ctx));
    },
    commit(items, writes) {
      return this.tx(function* (c) {
        const appended = items.length > 0 ? yield* appendMessages(c, items) : [];
        const written: unknown[] = [];
        for (const write of writes) written.push(yield* write(c));
        return { appended, written };
      });
    },
    async tx(body) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await transactional(body);
        } catch (error) {
          if (attempt >= 3 || !isRetryable(error)) throw error;
        }
      }
    },
    async migrate() {
      const folder = shippedPath('db/mysql');
      const [rows] = (await pool.query(
        "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '__drizzle_migrations'",
      )) as unknown as [{ n: number }[]];
      if (Number(rows[0]?.n) > 0) {
        const [last] = (await pool.query(
          'SELECT MAX(created_at) AS t FROM __drizzle_migrations',
        )) as unknown as [{ t: number | null }[]];
        refuseNewerDatabase(folder, last[0] ?? null);
      }
      await migrateMysql(db as never, { migrationsFolder: folder });
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}

/** A database migrated by a newer kefu must not be opened by this one: it would corrupt it. */
function refuseNewerDatabase(folder: string, applied: { t: number | string | null } | null): void {
  const lastApplied = Number(applied?.t ?? 0);
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const known = Math.max(0, ...journal.entries.map((e) => e.when));
  if (lastApplied > known) {
    throw new KefuError(
      'conflict',
      `the database schema is newer than this kefu build (applied migration from ${new Date(lastApplied).toISOString()}, this build knows up to ${journal.entries.at(-1)?.tag}): upgrade kefu`,
    );
  }
}
