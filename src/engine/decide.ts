/**
 * What happens after a customer's message is stored. For now the classic policy: a new
 * conversation joins its tenant's queue and the first available agent gets it.
 */
import type { Message } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { announceState } from './deliver.ts';
import type { Session } from './sessions.ts';

export async function decide(
  ctx: EngineContext,
  session: Session,
  _message: Message,
  created: boolean,
) {
  if (!created) return;
  announceState(ctx, session);
  ctx.events.emit('conversation.queued', { session });
  ctx.router.enqueue({
    tenantId: session.tenantId,
    conversationId: session.id,
    queuedAt: Date.now(),
  });
}
