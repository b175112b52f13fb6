import { and, asc, eq } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { Webhook } from './schema/index.ts';

export function* insertWebhook(c: Ctx, row: Webhook) {
  yield* run(c.db.insert(c.s.webhooks).values(row));
}

export function* getWebhook(c: Ctx, tenantId: string, id: string) {
  const t = c.s.webhooks;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* listWebhooks(c: Ctx, tenantId: string) {
  const t = c.s.webhooks;
  return yield* all(
    c.db.select().from(t).where(eq(t.tenantId, tenantId)).orderBy(asc(t.createdAt)),
  );
}

export function* updateWebhook(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<
    Pick<Webhook, 'url' | 'events' | 'description' | 'active' | 'secret' | 'updatedAt'>
  >,
) {
  const t = c.s.webhooks;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* deleteWebhook(c: Ctx, tenantId: string, id: string) {
  const t = c.s.webhooks;
  return yield* run(c.db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.id, id))));
}
