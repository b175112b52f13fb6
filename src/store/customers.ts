import { and, eq, inArray } from 'drizzle-orm';
import { all, type Body, type Ctx, first, forUpdate, isEmptyPatch, run } from './ops.ts';
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

export function* insertCustomer(c: Ctx, customer: Customer) {
  yield* run(c.db.insert(c.s.customers).values(customer));
}

/** The customer an id stands for today: merged customers lead to the one they joined. */
export function* resolveCustomer(c: Ctx, tenantId: string, id: string) {
  let customer = yield* getCustomer(c, tenantId, id);
  for (let hops = 0; customer?.mergedIntoId && hops < 8; hops++) {
    customer = yield* getCustomer(c, tenantId, customer.mergedIntoId);
  }
  return customer;
}

export function* updateCustomer(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<Customer, 'name' | 'email' | 'attributes'>>,
) {
  const t = c.s.customers;
  if (isEmptyPatch(patch)) return 0;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export type MergeResult =
  | { ok: true; keep: Customer }
  | { ok: false; reason: 'not_found' | 'same' | 'merged' };

/**
 * Moves everything of `otherId` (identities, conversations, tickets, older merges) to
 * `keepId` and marks `otherId` merged into it; run it in one transaction. Both must be
 * live customers of `tenantId`.
 */
export function* mergeCustomerRows(
  c: Ctx,
  tenantId: string,
  keepId: string,
  otherId: string,
): Body<MergeResult> {
  if (keepId === otherId) return { ok: false, reason: 'same' };
  const t = c.s.customers;
  const rows = yield* all(
    forUpdate(
      c,
      c.db
        .select()
        .from(t)
        .where(and(eq(t.tenantId, tenantId), inArray(t.id, [keepId, otherId]))),
    ),
  );
  const keep = rows.find((r) => r.id === keepId);
  const other = rows.find((r) => r.id === otherId);
  if (!keep || !other) return { ok: false, reason: 'not_found' };
  if (keep.mergedIntoId || other.mergedIntoId) return { ok: false, reason: 'merged' };

  const { customerIdentities: ids, conversations: conv, tickets } = c.s;
  yield* run(
    c.db
      .update(ids)
      .set({ customerId: keepId })
      .where(and(eq(ids.tenantId, tenantId), eq(ids.customerId, otherId))),
  );
  yield* run(
    c.db
      .update(conv)
      .set({ customerId: keepId })
      .where(and(eq(conv.tenantId, tenantId), eq(conv.customerId, otherId))),
  );
  yield* run(
    c.db
      .update(tickets)
      .set({ requesterId: keepId })
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, otherId))),
  );
  const merged: Partial<Customer> = {
    name: keep.name ?? other.name,
    email: keep.email ?? other.email,
    attributes: { ...other.attributes, ...keep.attributes },
  };
  yield* run(c.db.update(t).set(merged).where(eq(t.id, keepId)));
  yield* run(c.db.update(t).set({ mergedIntoId: keepId }).where(eq(t.id, otherId)));
  // Earlier merges into `other` now lead straight to `keep`.
  yield* run(
    c.db
      .update(t)
      .set({ mergedIntoId: keepId })
      .where(and(eq(t.tenantId, tenantId), eq(t.mergedIntoId, otherId))),
  );
  return { ok: true, keep: { ...keep, ...merged } };
}
