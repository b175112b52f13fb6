/**
 * What each webhook event carries. Built synchronously when the event fires (a snapshot:
 * sessions change later), serialized only when some webhook wants it.
 *
 * Envelope: `{"id","type","createdAt","tenantId","data"}`; `id` is the event's, the same
 * on every retry and for every webhook (receivers dedupe on it).
 */
import { recipientOf } from '../channels/api/outbound.ts';
import type { Session } from '../engine/index.ts';
import { conversationJson, messageJson } from '../server/json.ts';
import { ticketJson } from '../server/routes/tickets.ts';
import type { Message, Ticket } from '../store/index.ts';

export function messagePayload(message: Message, session: Session) {
  return {
    message: messageJson(message),
    conversation: conversationJson(session),
    recipient: recipientOf(message, session),
  };
}

export function conversationPayload(session: Session, extra: Record<string, unknown> = {}) {
  return { conversation: conversationJson(session), ...extra };
}

export function ticketPayload(ticket: Ticket, extra: Record<string, unknown> = {}) {
  return { ticket: ticketJson(ticket), ...extra };
}

export function envelope(id: string, type: string, tenantId: string, data: unknown): string {
  return JSON.stringify({ id, type, createdAt: Date.now(), tenantId, data });
}
