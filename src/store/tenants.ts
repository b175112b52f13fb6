import { and, eq, isNull } from 'drizzle-orm';
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

/** Sets the identity secret; with `onlyIfUnset`, keeps one another request set first. */
export function* setIdentitySecret(c: Ctx, tenantId: string, secret: string, onlyIfUnset: boolean) {
  const t = c.s.tenants;
  const where = onlyIfUnset
    ? and(eq(t.id, tenantId), isNull(t.identitySecret))
    : eq(t.id, tenantId);
  return yield* run(c.db.update(t).set({ identitySecret: secret }).where(where));
}
