import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { all, type Ctx, run } from './ops.ts';
import type { AuditEntry } from './schema/index.ts';

export function* insertAudit(c: Ctx, entry: AuditEntry) {
  yield* run(c.db.insert(c.s.auditLog).values(entry));
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  since?: number;
  until?: number;
  /** Only entries older than this entry id (the cursor of the previous page). */
  before?: string;
  limit: number;
}

/** A tenant's audit entries, newest first (ids are UUIDv7: their order is time order). */
export function* listAudit(c: Ctx, tenantId: string, f: AuditFilter) {
  const a = c.s.auditLog;
  const where: SQL[] = [eq(a.tenantId, tenantId)];
  if (f.action) where.push(eq(a.action, f.action));
  if (f.actorId) where.push(eq(a.actorId, f.actorId));
  if (f.since !== undefined) where.push(gte(a.at, f.since));
  if (f.until !== undefined) where.push(lte(a.at, f.until));
  if (f.before) where.push(lt(a.id, f.before));
  return yield* all(
    c.db
      .select()
      .from(a)
      .where(and(...where))
      .orderBy(desc(a.id))
      .limit(f.limit),
  );
}
