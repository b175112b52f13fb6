/** Channel accounts (WeChat Official Accounts, the email mailbox) and their references. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { all, type Ctx, first, insertIgnore, run } from './ops.ts';
import type { ChannelRef, ChannelRow } from './schema/index.ts';

export function* insertChannel(c: Ctx, row: ChannelRow) {
  yield* run(c.db.insert(c.s.channels).values(row));
}

/** A channel by id alone: WeChat callbacks name only the channel (their signature proves the rest). */
export function* getChannelById(c: Ctx, id: string) {
  return yield* first(c.db.select().from(c.s.channels).where(eq(c.s.channels.id, id)));
}

export function* getChannel(c: Ctx, tenantId: string, id: string) {
  const t = c.s.channels;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* findChannelByKey(c: Ctx, tenantId: string, kind: string, key: string) {
  const t = c.s.channels;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.kind, kind), eq(t.key, key))),
  );
}

export function* listChannels(c: Ctx, tenantId: string) {
  const t = c.s.channels;
  return yield* all(
    c.db.select().from(t).where(eq(t.tenantId, tenantId)).orderBy(asc(t.createdAt)),
  );
}

export function* updateChannel(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<ChannelRow, 'key' | 'config' | 'updatedAt'>>,
) {
  const t = c.s.channels;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* deleteChannel(c: Ctx, tenantId: string, id: string) {
  const t = c.s.channels;
  return yield* run(c.db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.id, id))));
}

/** Records external ids of a message; ids already recorded are kept as they were. */
export function* insertChannelRefs(c: Ctx, rows: ChannelRef[]) {
  return yield* insertIgnore(c, c.s.channelRefs, rows);
}

/** The first recorded reference among `externalIds` (newest first). */
export function* findChannelRef(c: Ctx, tenantId: string, channel: string, externalIds: string[]) {
  if (externalIds.length === 0) return undefined;
  const t = c.s.channelRefs;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(
        and(eq(t.tenantId, tenantId), eq(t.channel, channel), inArray(t.externalId, externalIds)),
      )
      .orderBy(desc(t.createdAt))
      .limit(1),
  );
}

/** A conversation's references on a channel, oldest first (the most recent `limit`). */
export function* listChannelRefs(
  c: Ctx,
  tenantId: string,
  conversationId: string,
  channel: string,
  limit: number,
) {
  const t = c.s.channelRefs;
  const rows = yield* all(
    c.db
      .select()
      .from(t)
      .where(
        and(eq(t.tenantId, tenantId), eq(t.conversationId, conversationId), eq(t.channel, channel)),
      )
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(limit),
  );
  return rows.reverse();
}
