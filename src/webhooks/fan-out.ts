/**
 * Engine events → webhook deliveries. Listeners snapshot the event synchronously, then
 * (off the message path) look up the subscribed webhooks and hand one delivery per
 * webhook to the outbox. Nothing here ever delays or fails the pipeline.
 */
import type { Engine } from '../engine/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/index.ts';
import type { Webhooks } from './directory.ts';
import { conversationPayload, envelope, messagePayload, ticketPayload } from './payloads.ts';

export function subscribeWebhooks(engine: Engine, webhooks: Webhooks, outbox: Outbox, log: Logger) {
  const publish = (
    tenantId: string,
    type: string,
    data: unknown,
    conversationId: string | null,
  ) => {
    void (async () => {
      const hooks = await webhooks.subscribed(tenantId, type);
      if (hooks.length === 0) return;
      const eventId = Bun.randomUUIDv7();
      const payload = envelope(eventId, type, tenantId, data);
      await outbox.enqueue(
        hooks.map((hook) => ({
          tenantId,
          kind: 'webhook',
          targetId: hook.id,
          event: type,
          eventId,
          conversationId,
          payload,
        })),
      );
    })().catch((error) => log.error({ err: error, event: type }, 'webhook fan-out failed'));
  };

  const events = engine.ctx.events;
  events.on('message.created', ({ message, session }) =>
    publish(session.tenantId, 'message.created', messagePayload(message, session), session.id),
  );
  events.on('conversation.created', ({ session }) =>
    publish(session.tenantId, 'conversation.created', conversationPayload(session), session.id),
  );
  events.on('conversation.assigned', ({ session, agentId }) => {
    const data = conversationPayload(session, { agentId });
    publish(session.tenantId, 'conversation.assigned', data, session.id);
  });
  events.on('conversation.closed', ({ session, by }) => {
    const data = conversationPayload(session, { closedBy: by });
    publish(session.tenantId, 'conversation.closed', data, session.id);
  });
  events.on('ticket.created', ({ ticket }) =>
    publish(ticket.tenantId, 'ticket.created', ticketPayload(ticket), ticket.conversationId),
  );
  events.on('ticket.updated', ({ ticket }) =>
    publish(ticket.tenantId, 'ticket.updated', ticketPayload(ticket), ticket.conversationId),
  );
  events.on('ticket.sla_breached', ({ ticket, kinds }) => {
    const data = ticketPayload(ticket, { breaches: kinds });
    publish(ticket.tenantId, 'ticket.sla_breached', data, ticket.conversationId);
  });
  events.on('csat.received', ({ tenantId, conversationId, ticketId, score }) =>
    publish(tenantId, 'csat.received', { conversationId, ticketId, score }, conversationId),
  );

  // A rule's `webhook` action: to its URL, signed with the webhook registered for that URL.
  events.on('rule.webhook', ({ url, session, message }) => {
    const data = messagePayload(message, session);
    void (async () => {
      const hook = await webhooks.byUrl(session.tenantId, url);
      const eventId = Bun.randomUUIDv7();
      await outbox.enqueue([
        {
          tenantId: session.tenantId,
          kind: 'webhook',
          targetId: hook?.id ?? null,
          event: 'rule.webhook',
          eventId,
          url,
          conversationId: session.id,
          payload: envelope(eventId, 'rule.webhook', session.tenantId, data),
          deadWith: hook
            ? undefined
            : 'no webhook registered for this URL: register it (POST /api/v1/webhooks) to get a signing secret, then replay',
        },
      ]);
    })().catch((error) => log.error({ err: error }, 'rule webhook not queued'));
  });
}
