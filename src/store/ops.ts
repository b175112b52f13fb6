/**
 * Queries are written once, as generator bodies that `yield*` the operations below.
 * The store drives a body synchronously on SQLite (so a transaction really is one
 * transaction: bun:sqlite commits when the callback returns) and with `await` on MySQL.
 *
 * @example
 *   function* lastSeq(c: Ctx, id: string) {
 *     const row = yield* first(c.db.select().from(c.s.conversations).where(eq(c.s.conversations.id, id)));
 *     return row?.lastSeq ?? 0;
 *   }
 *   await store.read((c) => lastSeq(c, id));
 */

import type { SQL } from 'drizzle-orm';
import type { BunSQLiteDatabase } from 'drizzle-orm/bun-sqlite';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Schema } from './schema/index.ts';

export type Dialect = 'sqlite' | 'mysql';
/** The one typed query handle. On MySQL the mysql2 handle stands in for it at run time. */
export type Db = BunSQLiteDatabase<Record<string, never>>;
export interface Ctx {
  db: Db;
  s: Schema;
  dialect: Dialect;
}
export type Op =
  | { kind: 'all'; query: unknown }
  | { kind: 'run'; query: unknown }
  | { kind: 'sql'; db: Db; statement: SQL };
export type Body<T> = Generator<Op, T, unknown>;

/** Rows of a select (or of an insert/update `returning` on SQLite). */
export function* all<T>(query: { all(): T[] }): Body<T[]> {
  return (yield { kind: 'all', query }) as T[];
}

/** The first row, or undefined. */
export function* first<T>(query: { all(): T[] }): Body<T | undefined> {
  const rows = yield* all(query);
  return rows[0];
}

/** An insert/update/delete; resolves to the number of rows it changed. */
export function* run(query: { run(): unknown }): Body<number> {
  return (yield { kind: 'run', query }) as number;
}

/**
 * True when an update would set nothing (every field undefined): Drizzle throws on an
 * empty `set`, so callers skip the statement instead (an empty PATCH changes nothing).
 */
export function isEmptyPatch(patch: object): boolean {
  return Object.values(patch).every((value) => value === undefined);
}

/** A raw statement (DDL, maintenance); resolves to the number of rows it changed. */
export function* execute(c: Ctx, statement: SQL): Body<number> {
  return (yield { kind: 'sql', db: c.db, statement }) as number;
}

/** Insert rows, skipping those that hit a unique key (idempotent creates). */
export function* insertIgnore<T extends SQLiteTable>(
  c: Ctx,
  table: T,
  values: T['$inferInsert'][],
) {
  if (values.length === 0) return 0;
  if (c.dialect === 'mysql') {
    // drizzle's MySQL builder spells it `.ignore()`; the SQLite one `onConflictDoNothing()`.
    const builder = c.db.insert(table) as unknown as { ignore(): { values(v: unknown): never } };
    return yield* run(builder.ignore().values(values));
  }
  return yield* run(c.db.insert(table).values(values).onConflictDoNothing());
}

/** Lock the selected rows until the transaction ends (MySQL); SQLite writers are serial anyway. */
export function forUpdate<Q>(c: Ctx, query: Q): Q {
  if (c.dialect !== 'mysql') return query;
  return (query as unknown as { for(strength: 'update'): Q }).for('update');
}

export function executeSync(op: Op): unknown {
  if (op.kind === 'sql') return (op.db.run(op.statement) as unknown as { changes: number }).changes;
  if (op.kind === 'all') return (op.query as { all(): unknown[] }).all();
  return (op.query as { run(): { changes: number } }).run().changes;
}

export async function executeAsync(op: Op): Promise<unknown> {
  const result =
    op.kind === 'sql'
      ? await (op.db as unknown as { execute(s: SQL): Promise<unknown> }).execute(op.statement)
      : await (op.query as PromiseLike<unknown>);
  if (op.kind === 'all') return result;
  const header = Array.isArray(result) ? result[0] : result;
  return (header as { affectedRows?: number }).affectedRows ?? 0;
}

/** Runs a body to completion synchronously (SQLite). Errors are thrown into the body. */
export function driveSync<T>(body: Body<T>): T {
  let step = body.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = executeSync(step.value);
    } catch (error) {
      step = body.throw(error);
      continue;
    }
    step = body.next(value);
  }
  return step.value;
}

/** Runs a body to completion with `await` (MySQL). */
export async function driveAsync<T>(body: Body<T>): Promise<T> {
  let step = body.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await executeAsync(step.value);
    } catch (error) {
      step = body.throw(error);
      continue;
    }
    step = body.next(value);
  }
  return step.value;
}
