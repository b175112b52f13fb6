import { eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { Tenant } from './schema/index.ts';

export function* insertTenant(c: Ctx, tenant: Tenant) {
  yield* run(c.db.insert(c.s.tenants).values(tenant));
}

export function* findTenantByWidgetKey(c: Ctx, widgetKey: string) {
  return yield* first(c.db.select().from(c.s.tenants).where(eq(c.s.tenants.widgetKey, widgetKey)));
}

export function* getTenant(c: Ctx, tenantId: string) {
  return yield* first(c.db.select().from(c.s.tenants).where(eq(c.s.tenants.id, tenantId)));
}

export function* listTenants(c: Ctx) {
  return yield* all(c.db.select().from(c.s.tenants).orderBy(c.s.tenants.createdAt));
}
