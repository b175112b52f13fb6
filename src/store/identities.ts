/**
 * Customer identities: (channel, external id) → customer. This is how a WeChat openid, an
 * email address, an API external id and a verified web user meet in one customer.
 */
import { and, asc, eq } from 'drizzle-orm';
import { getCustomer, insertCustomer } from './customers.ts';
import { all, type Body, type Ctx, first, forUpdate, insertIgnore, run } from './ops.ts';

export function* findIdentity(c: Ctx, tenantId: string, channel: string, externalId: string) {
  const t = c.s.customerIdentities;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.channel, channel), eq(t.externalId, externalId))),
  );
}

export function* listIdentities(c: Ctx, tenantId: string, customerId: string) {
  const t = c.s.customerIdentities;
  return yield* all(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.customerId, customerId)))
      .orderBy(asc(t.createdAt)),
  );
}

/** Adds an identity; false when (channel, external id) already belongs to someone. */
export function* addIdentity(
  c: Ctx,
  tenantId: string,
  customerId: string,
  channel: string,
  externalId: string,
) {
  const inserted = yield* insertIgnore(c, c.s.customerIdentities, [
    {
      id: Bun.randomUUIDv7(),
      tenantId,
      customerId,
      channel,
      externalId,
      createdAt: Date.now(),
    },
  ]);
  return inserted > 0;
}

export function* removeIdentity(c: Ctx, tenantId: string, customerId: string, id: string) {
  const t = c.s.customerIdentities;
  return yield* run(
    c.db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.customerId, customerId), eq(t.id, id))),
  );
}

export interface CustomerProfile {
  name?: string | null;
  email?: string | null;
}

/**
 * The customer behind an identity, created with it when new. Run in a transaction: two
 * first messages racing for one identity end up with one customer.
 */
export function* customerForIdentity(
  c: Ctx,
  tenantId: string,
  channel: string,
  externalId: string,
  profile: CustomerProfile = {},
): Body<{ customerId: string; created: boolean }> {
  const known = yield* findIdentity(c, tenantId, channel, externalId);
  if (known) return { customerId: known.customerId, created: false };
  const customerId = Bun.randomUUIDv7();
  yield* insertCustomer(c, {
    id: customerId,
    tenantId,
    name: profile.name ?? null,
    email: profile.email ?? null,
    attributes: {},
    createdAt: Date.now(),
    mergedIntoId: null,
  });
  if (yield* addIdentity(c, tenantId, customerId, channel, externalId)) {
    return { customerId, created: true };
  }
  // Lost a race: the other transaction's customer wins; ours was never seen, drop it.
  yield* run(c.db.delete(c.s.customers).where(eq(c.s.customers.id, customerId)));
  const t = c.s.customerIdentities;
  const winner = yield* first(
    forUpdate(
      c,
      c.db
        .select()
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.channel, channel), eq(t.externalId, externalId))),
    ),
  );
  if (!winner) throw new Error('identity vanished while being created');
  return { customerId: winner.customerId, created: false };
}

/** Fills a customer's missing name and email from a channel (never overwrites). */
export function* fillProfile(c: Ctx, tenantId: string, customerId: string, p: CustomerProfile) {
  if (!p.name && !p.email) return;
  const row = yield* getCustomer(c, tenantId, customerId);
  if (!row) return;
  const patch: CustomerProfile = {};
  if (p.name && !row.name) patch.name = p.name;
  if (p.email && !row.email) patch.email = p.email;
  if (Object.keys(patch).length === 0) return;
  const t = c.s.customers;
  yield* run(c.db.update(t).set(patch).where(eq(t.id, customerId)));
}
