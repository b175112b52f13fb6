/**
 * A customer's data, all of it: to hand over (an access request) or to erase (a deletion
 * request), and the retention purge. Deletes run children first (foreign keys).
 */
import { and, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { all, type Ctx, run } from './ops.ts';

export function* customerData(c: Ctx, tenantId: string, customerId: string) {
  const s = c.s;
  const customer = yield* all(
    c.db
      .select()
      .from(s.customers)
      .where(and(eq(s.customers.tenantId, tenantId), eq(s.customers.id, customerId))),
  );
  if (customer.length === 0) return undefined;
  const identities = yield* all(
    c.db
      .select()
      .from(s.customerIdentities)
      .where(
        and(
          eq(s.customerIdentities.tenantId, tenantId),
          eq(s.customerIdentities.customerId, customerId),
        ),
      ),
  );
  const conversations = yield* all(
    c.db
      .select()
      .from(s.conversations)
      .where(
        and(eq(s.conversations.tenantId, tenantId), eq(s.conversations.customerId, customerId)),
      ),
  );
  const conversationIds = conversations.map((x) => x.id);
  const messages = conversationIds.length
    ? yield* all(
        c.db
          .select()
          .from(s.messages)
          .where(
            and(
              eq(s.messages.tenantId, tenantId),
              inArray(s.messages.conversationId, conversationIds),
            ),
          )
          .orderBy(s.messages.conversationId, s.messages.seq),
      )
    : [];
  const tickets = yield* all(
    c.db
      .select()
      .from(s.tickets)
      .where(and(eq(s.tickets.tenantId, tenantId), eq(s.tickets.requesterId, customerId))),
  );
  const ticketIds = tickets.map((t) => t.id);
  const comments = ticketIds.length
    ? yield* all(
        c.db
          .select()
          .from(s.ticketComments)
          .where(
            and(
              eq(s.ticketComments.tenantId, tenantId),
              inArray(s.ticketComments.ticketId, ticketIds),
            ),
          ),
      )
    : [];
  return { customer: customer[0]!, identities, conversations, messages, tickets, comments };
}

/** Erases the customer and everything about them; returns how many rows went, by table. */
export function* eraseCustomer(c: Ctx, tenantId: string, customerId: string) {
  const s = c.s;
  const counts: Record<string, number> = {};
  const conversationIds = (yield* all(
    c.db
      .select({ id: s.conversations.id })
      .from(s.conversations)
      .where(
        and(eq(s.conversations.tenantId, tenantId), eq(s.conversations.customerId, customerId)),
      ),
  )).map((r) => r.id);
  const ticketIds = (yield* all(
    c.db
      .select({ id: s.tickets.id })
      .from(s.tickets)
      .where(
        and(
          eq(s.tickets.tenantId, tenantId),
          or(
            eq(s.tickets.requesterId, customerId),
            conversationIds.length ? inArray(s.tickets.conversationId, conversationIds) : undefined,
          ),
        ),
      ),
  )).map((r) => r.id);
  if (ticketIds.length) {
    const { searchTerms, ticketTags, ticketComments, ticketEvents, tickets } = s;
    counts.searchTerms = yield* run(
      c.db
        .delete(searchTerms)
        .where(and(eq(searchTerms.tenantId, tenantId), inArray(searchTerms.ticketId, ticketIds))),
    );
    counts.ticketTags = yield* run(
      c.db
        .delete(ticketTags)
        .where(and(eq(ticketTags.tenantId, tenantId), inArray(ticketTags.ticketId, ticketIds))),
    );
    counts.ticketComments = yield* run(
      c.db
        .delete(ticketComments)
        .where(
          and(eq(ticketComments.tenantId, tenantId), inArray(ticketComments.ticketId, ticketIds)),
        ),
    );
    counts.ticketEvents = yield* run(
      c.db
        .delete(ticketEvents)
        .where(and(eq(ticketEvents.tenantId, tenantId), inArray(ticketEvents.ticketId, ticketIds))),
    );
    counts.tickets = yield* run(
      c.db
        .delete(tickets)
        .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.id, ticketIds))),
    );
  }
  if (conversationIds.length) {
    counts.notes = yield* run(
      c.db
        .delete(s.conversationNotes)
        .where(
          and(
            eq(s.conversationNotes.tenantId, tenantId),
            inArray(s.conversationNotes.conversationId, conversationIds),
          ),
        ),
    );
    counts.channelRefs = yield* run(
      c.db
        .delete(s.channelRefs)
        .where(
          and(
            eq(s.channelRefs.tenantId, tenantId),
            inArray(s.channelRefs.conversationId, conversationIds),
          ),
        ),
    );
    // What was owed to other systems about them (webhooks, WeChat and email sends) goes too.
    counts.deliveries = yield* run(
      c.db
        .delete(s.deliveries)
        .where(
          and(
            eq(s.deliveries.tenantId, tenantId),
            inArray(s.deliveries.conversationId, conversationIds),
          ),
        ),
    );
    counts.routingEvents = yield* run(
      c.db
        .delete(s.routingEvents)
        .where(
          and(
            eq(s.routingEvents.tenantId, tenantId),
            inArray(s.routingEvents.conversationId, conversationIds),
          ),
        ),
    );
    counts.messages = yield* run(
      c.db
        .delete(s.messages)
        .where(
          and(
            eq(s.messages.tenantId, tenantId),
            inArray(s.messages.conversationId, conversationIds),
          ),
        ),
    );
    counts.conversations = yield* run(
      c.db
        .delete(s.conversations)
        .where(
          and(eq(s.conversations.tenantId, tenantId), inArray(s.conversations.id, conversationIds)),
        ),
    );
  }
  counts.identities = yield* run(
    c.db
      .delete(s.customerIdentities)
      .where(
        and(
          eq(s.customerIdentities.tenantId, tenantId),
          eq(s.customerIdentities.customerId, customerId),
        ),
      ),
  );
  // Customers merged into this one: their rows moved here, only their old names remain.
  counts.mergedCustomers = yield* run(
    c.db
      .delete(s.customers)
      .where(and(eq(s.customers.tenantId, tenantId), eq(s.customers.mergedIntoId, customerId))),
  );
  counts.customers = yield* run(
    c.db
      .delete(s.customers)
      .where(and(eq(s.customers.tenantId, tenantId), eq(s.customers.id, customerId))),
  );
  return { conversationIds, counts };
}

/**
 * Retention: the message content of conversations closed before `cutoff` goes (notes too);
 * the conversation rows stay. At most `limit` conversations per call: call until 0.
 */
export function* purgeClosedBefore(c: Ctx, tenantId: string, cutoff: number, limit = 500) {
  const { conversations, messages, conversationNotes } = c.s;
  const old = (yield* all(
    c.db
      .selectDistinct({ id: messages.conversationId })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          eq(messages.tenantId, tenantId),
          eq(conversations.state, 'closed'),
          lt(conversations.closedAt, cutoff),
        ),
      )
      .limit(limit),
  )).map((r) => r.id);
  if (old.length === 0) return { conversations: 0, messages: 0 };
  yield* run(
    c.db
      .delete(conversationNotes)
      .where(
        and(
          eq(conversationNotes.tenantId, tenantId),
          inArray(conversationNotes.conversationId, old),
        ),
      ),
  );
  const removed = yield* run(
    c.db
      .delete(messages)
      .where(and(eq(messages.tenantId, tenantId), inArray(messages.conversationId, old))),
  );
  // Finished deliveries about them carry their text too; pending ones are still owed.
  yield* run(
    c.db
      .delete(c.s.deliveries)
      .where(
        and(
          eq(c.s.deliveries.tenantId, tenantId),
          inArray(c.s.deliveries.conversationId, old),
          ne(c.s.deliveries.status, 'pending'),
        ),
      ),
  );
  return { conversations: old.length, messages: removed };
}
