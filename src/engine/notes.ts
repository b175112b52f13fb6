/**
 * Internal notes (whispers) on a conversation: staff write them, staff see them live —
 * the conversation's watchers and its assigned agent — and no customer ever does. They sit
 * beside the conversation, outside its message sequence.
 */
import type { Principal } from '../auth/index.ts';
import { topics } from '../bus/index.ts';
import { KefuError } from '../errors.ts';
import type { NoteView } from '../gateway/frames.ts';
import { type ConversationNote, insertNote } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import type { Session } from './sessions.ts';

export function noteView(n: ConversationNote): NoteView {
  return {
    id: n.id,
    conversationId: n.conversationId,
    author: { id: n.authorId, name: n.authorName },
    text: n.text,
    createdAt: n.createdAt,
  };
}

export async function addNote(
  ctx: EngineContext,
  principal: Principal,
  session: Session,
  text: string,
  clientMsgId: string | null,
): Promise<NoteView> {
  if (principal.kind === 'customer') throw new KefuError('forbidden', 'staff only');
  if (text.trim().length === 0) throw new KefuError('validation_failed', 'text is empty');
  if (text.length > ctx.limits.maxTextChars)
    throw new KefuError(
      'text_too_long',
      `text is longer than ${ctx.limits.maxTextChars} characters`,
    );
  const note: ConversationNote = {
    id: Bun.randomUUIDv7(),
    tenantId: session.tenantId,
    conversationId: session.id,
    authorId: principal.kind === 'agent' ? principal.agentId : null,
    authorName: principal.kind === 'agent' ? principal.name : null,
    text,
    createdAt: Date.now(),
  };
  await ctx.committer.write((c) => insertNote(c, note));
  const frame = {
    t: 'note' as const,
    conversationId: session.id,
    clientMsgId,
    note: noteView(note),
  };
  ctx.bus.publish({ topic: topics.staff(session.tenantId, session.id), frame });
  if (session.assignedAgentId)
    ctx.bus.publish({ topic: topics.agent(session.tenantId, session.assignedAgentId), frame });
  return frame.note;
}
