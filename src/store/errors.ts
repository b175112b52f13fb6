/**
 * bun:sqlite throws `SQLiteError` with `code`; mysql2 errors arrive wrapped by drizzle with
 * the driver error in `cause`. This is the one place that tells them apart.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown } | undefined; e; ) {
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) return true;
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
