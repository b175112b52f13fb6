/**
 * A public reply on a ticket reaches the customer where they talk to us: it is posted into
 * the ticket's conversation (closed or not) through the pipeline, stored and delivered.
 */
import { KefuError } from '../errors.ts';
import type { Ticket } from '../store/index.ts';
import type { Actor } from '../tickets/index.ts';
import type { EngineContext } from './context.ts';
import { ingest } from './pipeline.ts';
import { replyChannel } from './sessions.ts';

export async function replyFromTicket(
  ctx: EngineContext,
  ticket: Ticket,
  actor: Actor,
  text: string,
): Promise<void> {
  if (!ticket.conversationId)
    throw new KefuError('conflict', 'the ticket has no conversation to reply into');
  const session = await ctx.sessions.load(ticket.tenantId, ticket.conversationId);
  if (!session) throw new KefuError('not_found', 'the ticket conversation is gone');
  const author =
    actor.kind === 'agent'
      ? { kind: 'agent' as const, id: actor.id, name: actor.name }
      : { kind: 'system' as const, id: null, name: null };
  await ingest(ctx, { session, author, clientMsgId: null, text, channel: replyChannel(session) });
}
