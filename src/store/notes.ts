import { and, asc, eq } from 'drizzle-orm';
import { all, type Ctx, run } from './ops.ts';
import type { ConversationNote } from './schema/index.ts';

export function* insertNote(c: Ctx, note: ConversationNote) {
  yield* run(c.db.insert(c.s.conversationNotes).values(note));
}

export function* listNotes(c: Ctx, tenantId: string, conversationId: string) {
  const n = c.s.conversationNotes;
  return yield* all(
    c.db
      .select()
      .from(n)
      .where(and(eq(n.tenantId, tenantId), eq(n.conversationId, conversationId)))
      .orderBy(asc(n.createdAt), asc(n.id)),
  );
}
