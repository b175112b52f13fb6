/**
 * Replies to customers who write through the REST API channel go out as `message.created`
 * webhooks (src/webhooks): the integrator's endpoint forwards them. `recipientOf` names
 * who a reply is for, on whichever channel it goes out.
 */
import type { Session } from '../../engine/index.ts';
import type { Message } from '../../store/index.ts';

export interface Recipient {
  channel: string;
  /** The customer's address there: the API `externalId`, an openid, an email address. */
  address: string | null;
}

/** For messages to the customer (agent, bot, system): where they are delivered. */
export function recipientOf(message: Message, session: Session): Recipient | null {
  if (message.authorKind === 'customer') return null;
  return { channel: message.channel, address: session.replyTo?.address ?? null };
}
