/**
 * Backups of the embedded database. `backup` takes an online, transactionally consistent
 * copy while the server runs (SQLite `VACUUM INTO` reads one snapshot; writers go on);
 * `restore` puts a copy in place of a stopped server's database, checked and migrated.
 * MySQL is backed up with its own tools (mysqldump, mariabackup).
 */
import { Database } from 'bun:sqlite';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KefuError } from '../errors.ts';

export function backupSqlite(dataDir: string, out: string): { file: string; bytes: number } {
  const source = join(dataDir, 'kefu.db');
  if (!existsSync(source)) throw new KefuError('not_found', `no database at ${source}`);
  const file = resolve(out);
  if (existsSync(file)) throw new KefuError('conflict', `${file} exists: choose a new file`);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(source, { readonly: true });
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    db.query('VACUUM INTO ?').run(file);
  } finally {
    db.close();
  }
  return { file, bytes: statSync(file).size };
}

export function restoreSqlite(from: string, dataDir: string, force: boolean): { file: string } {
  const backup = resolve(from);
  if (!existsSync(backup)) throw new KefuError('not_found', `no backup at ${backup}`);
  const check = new Database(backup, { readonly: true });
  try {
    const result = check.query<{ integrity_check: string }, []>('PRAGMA integrity_check').get();
    if (result?.integrity_check !== 'ok')
      throw new KefuError('validation_failed', `${backup} is damaged: ${result?.integrity_check}`);
    if (!check.query("SELECT 1 FROM sqlite_master WHERE name = 'messages'").get()) {
      throw new KefuError('validation_failed', `${backup} is not a kefu database`);
    }
  } finally {
    check.close();
  }
  const target = join(dataDir, 'kefu.db');
  if (existsSync(target)) {
    if (!force)
      throw new KefuError(
        'conflict',
        `${target} exists: stop the server and pass --force to replace it`,
      );
    assertUnused(target);
  }
  mkdirSync(dataDir, { recursive: true });
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  const copy = new Database(backup, { readonly: true });
  try {
    copy.query('VACUUM INTO ?').run(staging);
  } finally {
    copy.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(staging, target);
  return { file: target };
}

/** A running server holds the database: refuse to pull it out from under it. */
function assertUnused(file: string): void {
  const db = new Database(file);
  try {
    db.exec('PRAGMA busy_timeout = 0');
    // In WAL mode only exclusive locking mode needs every other connection gone.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch {
    throw new KefuError('conflict', `${file} is in use: stop the server first`);
  } finally {
    db.close();
  }
}
