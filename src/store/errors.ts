/**
 * bun:sqlite throws `SQLiteError` with `code`; mysql2 errors arrive wrapped by drizzle with
 * the driver error in `cause`. This is the one place that tells them apart.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined; e; ) {
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return true;
    if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A row refers to a parent that does not exist (e.g. an unknown tenant). */
export function isForeignKeyViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined; e; ) {
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || e.errno === 1452) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A MySQL deadlock or lock wait timeout: the transaction may simply be retried. */
export function isRetryable(error: unknown): boolean {
  for (let e = error as { errno?: unknown; code?: unknown; cause?: unknown } | undefined; e; ) {
    if (e.errno === 1213 || e.errno === 1205 || e.code === 'SQLITE_BUSY') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Any integrity constraint (unique, foreign key, not null, check): a bad row, not a bad database. */
export function isConstraintViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined; e; ) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) return true;
    if (
      typeof e.errno === 'number' &&
      [1048, 1062, 1216, 1217, 1451, 1452, 3819, 4025].includes(e.errno)
    ) {
      return true;
    }
    e = e.cause as typeof e;
  }
  return false;
}
