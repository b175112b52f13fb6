import { eq, isNotNull } from 'drizzle-orm';
import { all, type Ctx, isEmptyPatch, run } from './ops.ts';
import type { Tenant } from './schema/index.ts';

export function* updateTenant(
  c: Ctx,
  tenantId: string,
  patch: Partial<Pick<Tenant, 'name' | 'retentionDays' | 'allowedOrigins'>>,
) {
  const t = c.s.tenants;
  if (isEmptyPatch(patch)) return 0;
  return yield* run(c.db.update(t).set(patch).where(eq(t.id, tenantId)));
}

/** Tenants that purge old messages. */
export function* tenantsWithRetention(c: Ctx) {
  const t = c.s.tenants;
  return yield* all(c.db.select().from(t).where(isNotNull(t.retentionDays)));
}
