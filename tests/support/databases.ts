/**
 * Real databases for tests: a fresh SQLite file, or a fresh MariaDB database on the
 * machine's server (KEFU_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306), dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openStore, type Store } from '../../src/store/index.ts';

export const MYSQL_SERVER_URL = process.env.KEFU_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  /** What to pass as KEFU_DB_URL (undefined for SQLite). */
  dbUrl: string | undefined;
  dataDir: string;
  open(): Store;
  drop(): Promise<void>;
}

export function tempDir(prefix = 'kefu-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function sqliteDatabase(): Promise<TestDatabase> {
  const dataDir = tempDir();
  return {
    dbUrl: undefined,
    dataDir,
    open: () => openStore({ sqlitePath: join(dataDir, 'kefu.db') }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function mysqlDatabase(): Promise<TestDatabase> {
  const name = `kefu_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await createConnection(MYSQL_SERVER_URL);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const dbUrl = `${MYSQL_SERVER_URL}/${name}`;
  const dataDir = tempDir();
  return {
    dbUrl,
    dataDir,
    open: () => openStore({ dbUrl }),
    drop: async () => {
      const conn = await createConnection(MYSQL_SERVER_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const ENGINES = { sqlite: sqliteDatabase, mysql: mysqlDatabase } as const;
export type EngineName = keyof typeof ENGINES;
