import { and, eq } from 'drizzle-orm';
import { type Ctx, first, run } from './ops.ts';
import type { Customer } from './schema/index.ts';

export function* getCustomer(c: Ctx, tenantId: string, id: string) {
  const t = c.s.customers;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* updateCustomer(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<Customer, 'name' | 'email' | 'attributes'>>,
) {
  const t = c.s.customers;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}
