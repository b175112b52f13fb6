import { and, desc, eq, inArray, isNotNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { all, type Ctx, first, run } from './ops.ts';
import type { Conversation } from './schema/index.ts';

export type ConversationState = 'bot' | 'queued' | 'assigned' | 'closed';
export const OPEN_STATES: ConversationState[] = ['bot', 'queued', 'assigned'];

export function* getConversation(c: Ctx, tenantId: string, id: string) {
  const t = c.s.conversations;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

/** The customer's newest conversation that is not closed, if any. */
export function* findOpenConversation(c: Ctx, tenantId: string, customerId: string) {
  const t = c.s.conversations;
  return yield* first(
    c.db
      .select()
      .from(t)
      .where(
        and(eq(t.tenantId, tenantId), eq(t.customerId, customerId), inArray(t.state, OPEN_STATES)),
      )
      .orderBy(desc(t.createdAt))
      .limit(1),
  );
}

export interface ConversationFilter {
  states?: ConversationState[];
  assignedAgentId?: string;
  customerId?: string;
  limit: number;
  /** Cursor: return conversations updated before this (updatedAt, id). */
  before?: { updatedAt: number; id: string };
}

/** Newest activity first, cursor-paginated. */
export function* listConversations(c: Ctx, tenantId: string, f: ConversationFilter) {
  const t = c.s.conversations;
  const where: SQL[] = [eq(t.tenantId, tenantId)];
  if (f.states?.length) where.push(inArray(t.state, f.states));
  if (f.assignedAgentId) where.push(eq(t.assignedAgentId, f.assignedAgentId));
  if (f.customerId) where.push(eq(t.customerId, f.customerId));
  if (f.before) {
    const b = f.before;
    where.push(
      or(lt(t.updatedAt, b.updatedAt), and(eq(t.updatedAt, b.updatedAt), lt(t.id, b.id)))!,
    );
  }
  return yield* all(
    c.db
      .select()
      .from(t)
      .where(and(...where))
      .orderBy(desc(t.updatedAt), desc(t.id))
      .limit(f.limit),
  );
}

export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | 'state'
    | 'assignedAgentId'
    | 'updatedAt'
    | 'closedAt'
    | 'groupId'
    | 'priority'
    | 'tags'
    | 'queuedAt'
    | 'assignedAt'
    | 'firstResponseAt'
    | 'ticketId'
  >
>;

export function* updateConversation(
  c: Ctx,
  tenantId: string,
  id: string,
  patch: ConversationPatch,
) {
  const t = c.s.conversations;
  return yield* run(
    c.db
      .update(t)
      .set(patch)
      .where(and(eq(t.tenantId, tenantId), eq(t.id, id))),
  );
}

/** Every open conversation of every tenant in these states (start-up: rebuild queues). */
export function* listOpenByState(c: Ctx, states: ConversationState[]) {
  const t = c.s.conversations;
  return yield* all(c.db.select().from(t).where(inArray(t.state, states)).orderBy(t.createdAt));
}

/** The agent who served the customer's most recent earlier conversation (sticky routing). */
export function* lastServingAgent(
  c: Ctx,
  tenantId: string,
  customerId: string,
  exceptConversationId: string,
) {
  const t = c.s.conversations;
  const row = yield* first(
    c.db
      .select({ agentId: t.assignedAgentId, id: t.id })
      .from(t)
      .where(
        and(
          eq(t.tenantId, tenantId),
          eq(t.customerId, customerId),
          isNotNull(t.assignedAgentId),
          ne(t.id, exceptConversationId),
        ),
      )
      .orderBy(desc(t.createdAt))
      .limit(1),
  );
  return row?.agentId ?? undefined;
}
