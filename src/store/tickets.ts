/**
 * Tickets, their comments, tags, audit events and search terms. Updates are guarded by
 * `version`: a concurrent edit changes no row and the caller reports a conflict.
 */
import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { all, type Ctx, first, forUpdate, insertIgnore, run } from './ops.ts';
import type { Ticket, TicketComment, TicketEvent } from './schema/index.ts';

export function* nextTicketNumber(c: Ctx, tenantId: string) {
  const t = c.s.tickets;
  const row = yield* first(
    forUpdate(
      c,
      c.db
        .select({ n: sql<number>`MAX(${t.number})` })
        .from(t)
        .where(eq(t.tenantId, tenantId)),
    ),
  );
  return Number(row?.n ?? 1000) + 1;
}

export function* insertTicket(c: Ctx, ticket: Ticket) {
  yield* run(c.db.insert(c.s.tickets).values(ticket));
}

export function* getTicket(c: Ctx, tenantId: string, id: string) {
  const t = c.s.tickets;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

export function* ticketOfConversation(c: Ctx, tenantId: string, conversationId: string) {
  const t = c.s.tickets;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.conversationId, conversationId)))
      .orderBy(desc(t.createdAt))
      .limit(1),
  );
}

/** Applies the patch if the ticket is still at `version`; returns rows changed (0 = conflict). */
export function* updateTicket(
  c: Ctx,
  tenantId: string,
  id: string,
  version: number,
  patch: Partial<Ticket>,
) {
  const t = c.s.tickets;
  return yield* run(
    c.db
      .update(t)
      .set({ ...patch, version: version + 1 })
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id), eq(t.version, version))),
  );
}

export function* replaceTags(c: Ctx, tenantId: string, ticketId: string, tags: string[]) {
  const tt = c.s.ticketTags;
  yield* run(c.db.delete(tt).where(and(eq(tt.tenantId, tenantId), eq(tt.ticketId, ticketId))));
  if (tags.length > 0)
    yield* run(c.db.insert(tt).values(tags.map((tag) => ({ tenantId, ticketId, tag }))));
}

export function* insertComment(c: Ctx, comment: TicketComment) {
  yield* run(c.db.insert(c.s.ticketComments).values(comment));
}

export function* listComments(c: Ctx, tenantId: string, ticketId: string) {
  const m = c.s.ticketComments;
  return yield* all(
    c.db
      .select()
      .from(m)
      .where(and(eq(m.tenantId, tenantId), eq(m.ticketId, ticketId)))
      .orderBy(asc(m.createdAt), asc(m.id)),
  );
}

export function* insertTicketEvent(c: Ctx, event: TicketEvent) {
  yield* run(c.db.insert(c.s.ticketEvents).values(event));
}

export function* listTicketEvents(c: Ctx, tenantId: string, ticketId: string) {
  const e = c.s.ticketEvents;
  return yield* all(
    c.db
      .select()
      .from(e)
      .where(and(eq(e.tenantId, tenantId), eq(e.ticketId, ticketId)))
      .orderBy(asc(e.createdAt), asc(e.id)),
  );
}

export function* indexTerms(c: Ctx, tenantId: string, ticketId: string, terms: string[]) {
  yield* insertIgnore(
    c,
    c.s.searchTerms,
    terms.map((term) => ({ tenantId, ticketId, term })),
  );
}

export type TicketSort = 'updated' | 'created' | 'priority' | 'due';

export interface TicketFilter {
  statuses?: string[];
  assigneeId?: string | null;
  groupId?: string;
  tag?: string;
  priorities?: string[];
  requesterId?: string;
  sla?: 'breached' | 'at_risk' | 'ok';
  /** Tickets that have every one of these search terms. */
  terms?: string[];
  sort: TicketSort;
  limit: number;
  /** Keyset cursor: the sort value and id of the last ticket of the previous page. */
  after?: { value: number; id: string };
  now: number;
}

const PRIORITY_RANK = sql`CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END`;

export function sortValue(ticket: Ticket, sort: TicketSort): number {
  if (sort === 'created') return ticket.createdAt;
  if (sort === 'priority') return { urgent: 4, high: 3, normal: 2 }[ticket.priority] ?? 1;
  if (sort === 'due') return ticket.resolutionDueAt ?? Number.MAX_SAFE_INTEGER;
  return ticket.updatedAt;
}

export function* listTickets(c: Ctx, tenantId: string, f: TicketFilter) {
  const t = c.s.tickets;
  const where: SQL[] = [eq(t.tenantId, tenantId), isNull(t.mergedIntoId)];
  if (f.statuses?.length) where.push(inArray(t.status, f.statuses));
  if (f.assigneeId === null) where.push(isNull(t.assigneeId));
  else if (f.assigneeId) where.push(eq(t.assigneeId, f.assigneeId));
  if (f.groupId) where.push(eq(t.groupId, f.groupId));
  if (f.priorities?.length) where.push(inArray(t.priority, f.priorities));
  if (f.requesterId) where.push(eq(t.requesterId, f.requesterId));
  if (f.tag) {
    const tt = c.s.ticketTags;
    where.push(
      inArray(
        t.id,
        c.db
          .select({ id: tt.ticketId })
          .from(tt)
          .where(and(eq(tt.tenantId, tenantId), eq(tt.tag, f.tag))),
      ),
    );
  }
  if (f.sla === 'breached') where.push(sql`${t.breachedAt} IS NOT NULL`);
  if (f.sla === 'at_risk' || f.sla === 'ok') {
    const soon = f.now + 3600_000;
    const open = notInArray(t.status, ['solved', 'closed']);
    const risky = or(
      and(isNull(t.firstRespondedAt), lte(t.firstResponseDueAt, soon)),
      lte(t.nextResponseDueAt, soon),
      lte(t.resolutionDueAt, soon),
    )!;
    where.push(isNull(t.breachedAt));
    where.push(f.sla === 'at_risk' ? and(open, risky)! : sql`NOT (${and(open, risky)})`);
  }
  if (f.terms?.length) {
    const st = c.s.searchTerms;
    where.push(
      inArray(
        t.id,
        c.db
          .select({ id: st.ticketId })
          .from(st)
          .where(and(eq(st.tenantId, tenantId), inArray(st.term, f.terms)))
          .groupBy(st.ticketId)
          .having(sql`COUNT(*) = ${f.terms.length}`),
      ),
    );
  }
  const column =
    f.sort === 'created'
      ? t.createdAt
      : f.sort === 'priority'
        ? PRIORITY_RANK
        : f.sort === 'due'
          ? sql`COALESCE(${t.resolutionDueAt}, ${Number.MAX_SAFE_INTEGER})`
          : t.updatedAt;
  const ascending = f.sort === 'due';
  if (f.after) {
    const { value, id } = f.after;
    where.push(
      ascending
        ? or(gt(column as never, value), and(eq(column as never, value), gt(t.id, id)))!
        : or(lt(column as never, value), and(eq(column as never, value), lt(t.id, id)))!,
    );
  }
  return yield* all(
    c.db
      .select()
      .from(t)
      .where(and(...where))
      .orderBy(ascending ? asc(column) : desc(column), ascending ? asc(t.id) : desc(t.id))
      .limit(f.limit),
  );
}

/** Tickets with an SLA due time that has passed unmet (the SLA scheduler's work list). */
export function* ticketsPastDue(c: Ctx, now: number, limit: number) {
  const t = c.s.tickets;
  return yield* all(
    c.db.select().from(t).where(lte(t.slaNextDueAt, now)).orderBy(asc(t.slaNextDueAt)).limit(limit),
  );
}
