/**
 * Appending messages: one transaction per group-commit batch. Assigns each conversation's
 * gap-free `seq`, stores a retried `clientMsgId` once, and creates the customer and
 * conversation of a first message in the same transaction.
 */
import { and, asc, eq, gt, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { all, type Ctx, forUpdate, insertIgnore, run } from './ops.ts';
import type { Conversation, Customer, Message, ReplyRouteJson } from './schema/index.ts';

export type AuthorKind = 'customer' | 'agent' | 'bot' | 'system';

export interface AppendItem {
  tenantId: string;
  conversationId: string;
  clientMsgId: string | null;
  authorKind: AuthorKind;
  authorId: string | null;
  authorName: string | null;
  channel: string;
  text: string;
  createdAt: number;
  /** Customer messages: where replies go from now on (the conversation's `reply_to`). */
  replyTo?: ReplyRouteJson | null;
  /** Carried until the conversation is known to be stored; inserted idempotently. */
  create?: { customer?: Customer; conversation: Conversation };
}

export type AppendResult =
  | { ok: true; message: Message; duplicate: boolean }
  | { ok: false; reason: 'not_found' };

const INSERT_CHUNK = 400;
const dedupeKey = (conversationId: string, clientMsgId: string) =>
  `${conversationId}\u0000${clientMsgId}`;

export function* appendMessages(c: Ctx, items: AppendItem[]) {
  const { conversations: conv, messages: msg } = c.s;
  const customers = items.flatMap((i) => (i.create?.customer ? [i.create.customer] : []));
  const created = items.flatMap((i) => (i.create ? [i.create.conversation] : []));
  yield* insertIgnore(c, c.s.customers, unique(customers));
  yield* insertIgnore(c, conv, unique(created));

  const conversationIds = [...new Set(items.map((i) => i.conversationId))];
  const heads = yield* all(
    forUpdate(
      c,
      c.db
        .select({
          id: conv.id,
          tenantId: conv.tenantId,
          lastSeq: conv.lastSeq,
          lastChannel: conv.lastChannel,
          replyTo: conv.replyTo,
        })
        .from(conv)
        .where(inArray(conv.id, conversationIds)),
    ),
  );
  const headById = new Map(heads.map((h) => [h.id, h]));

  const seen = new Map<string, Message>();
  const pairs = unique(
    items.flatMap((i) =>
      i.clientMsgId
        ? [
            {
              id: dedupeKey(i.conversationId, i.clientMsgId),
              c: i.conversationId,
              m: i.clientMsgId,
            },
          ]
        : [],
    ),
  );
  if (pairs.length > 0) {
    const stored = yield* all(
      c.db
        .select()
        .from(msg)
        .where(pairIn(c, msg.conversationId, msg.clientMsgId, pairs)),
    );
    for (const m of stored) seen.set(dedupeKey(m.conversationId, m.clientMsgId!), m);
  }

  const { results, rows, touched, routes } = planAppend(items, headById, seen);

  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    yield* run(c.db.insert(msg).values(rows.slice(i, i + INSERT_CHUNK)));
  }
  if (touched.size > 0) {
    const ids = [...touched.keys()];
    const seqCase = sql.join(
      [...touched].map(([id, t]) => sql`WHEN ${id} THEN ${t.lastSeq}`),
      sql` `,
    );
    const at = Math.max(...[...touched.values()].map((t) => t.at));
    yield* run(
      c.db
        .update(conv)
        .set({ lastSeq: sql`CASE ${conv.id} ${seqCase} END`, updatedAt: at })
        .where(inArray(conv.id, ids)),
    );
  }
  // The customer's last channel decides where replies go: written with the message.
  for (const [id, route] of routes) {
    if (!routeChanged(headById.get(id)!, route)) continue;
    yield* run(c.db.update(conv).set(route).where(eq(conv.id, id)));
  }
  return results;
}

export interface Head {
  id: string;
  tenantId: string;
  lastSeq: number;
  lastChannel: string | null;
  replyTo: ReplyRouteJson | null;
}

/**
 * The decisions of an append, with no I/O: which items are duplicates (of `seen`, or of an
 * earlier item in the batch), the seq of each new message, the conversations' new heads and
 * reply routes. Shared by the Drizzle path and the SQLite fast path.
 */
export function planAppend(
  items: AppendItem[],
  headById: Map<string, Head>,
  seen: Map<string, Message>,
) {
  const results: AppendResult[] = [];
  const rows: Message[] = [];
  const touched = new Map<string, { lastSeq: number; at: number }>();
  const routes = new Map<string, { lastChannel: string; replyTo: ReplyRouteJson | null }>();
  for (const item of items) {
    const head = headById.get(item.conversationId);
    if (!head || head.tenantId !== item.tenantId) {
      results.push({ ok: false, reason: 'not_found' });
      continue;
    }
    const key = item.clientMsgId ? dedupeKey(item.conversationId, item.clientMsgId) : undefined;
    const earlier = key ? seen.get(key) : undefined;
    if (earlier) {
      results.push({ ok: true, message: earlier, duplicate: true });
      continue;
    }
    head.lastSeq += 1;
    const message: Message = {
      id: Bun.randomUUIDv7(),
      tenantId: item.tenantId,
      conversationId: item.conversationId,
      seq: head.lastSeq,
      clientMsgId: item.clientMsgId,
      authorKind: item.authorKind,
      authorId: item.authorId,
      authorName: item.authorName,
      channel: item.channel,
      text: item.text,
      createdAt: item.createdAt,
    };
    if (key) seen.set(key, message);
    rows.push(message);
    touched.set(item.conversationId, { lastSeq: head.lastSeq, at: item.createdAt });
    if (item.authorKind === 'customer') {
      routes.set(item.conversationId, { lastChannel: item.channel, replyTo: item.replyTo ?? null });
    }
    results.push({ ok: true, message, duplicate: false });
  }

  return { results, rows, touched, routes };
}

export function routeChanged(
  head: Head,
  route: { lastChannel: string; replyTo: ReplyRouteJson | null },
): boolean {
  return head.lastChannel !== route.lastChannel || !sameRoute(head.replyTo, route.replyTo);
}

export { dedupeKey };

function sameRoute(a: ReplyRouteJson | null, b: ReplyRouteJson | null): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * `(a, b) IN ((…), …)`: one index lookup per pair. (`a IN (…) AND b IN (…)` would probe the
 * cross product: measured 102 ms against 0.27 ms for 512 pairs on SQLite.)
 */
function pairIn(c: Ctx, a: SQLWrapper, b: SQLWrapper, pairs: { c: string; m: string }[]): SQL {
  const rows = sql.join(
    pairs.map((p) => sql`(${p.c}, ${p.m})`),
    sql`, `,
  );
  // SQLite wants the list as a VALUES table; MySQL and MariaDB take row constructors.
  return c.dialect === 'sqlite'
    ? sql`(${a}, ${b}) IN (VALUES ${rows})`
    : sql`(${a}, ${b}) IN (${rows})`;
}

function unique<T extends { id: string }>(rows: T[]): T[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** Messages after `afterSeq`, in order. */
export function* listMessages(
  c: Ctx,
  tenantId: string,
  conversationId: string,
  afterSeq: number,
  limit: number,
) {
  const m = c.s.messages;
  return yield* all(
    c.db
      .select()
      .from(m)
      .where(
        and(eq(m.tenantId, tenantId), eq(m.conversationId, conversationId), gt(m.seq, afterSeq)),
      )
      .orderBy(asc(m.seq))
      .limit(limit),
  );
}

export function* getMessage(c: Ctx, tenantId: string, id: string) {
  const m = c.s.messages;
  const rows = yield* all(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.id, id)))
      .limit(1),
  );
  return rows[0];
}
