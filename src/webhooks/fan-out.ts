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
  const publish = (tenantId: string, type: string, data: unknown) => {
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
          payload,
        })),
      );
    })().catch((error) => log.error({ err: error, event: type }, 'webhook fan-out failed'));
  };

  const events = engine.ctx.events;
  events.on('message.created', ({ message, session }) =>
    publish(session.tenantId, 'message.created', messagePayload(message, session)),
  );
  events.on('conversation.created', ({ session }) =>
    publish(session.tenantId, 'conversation.created', conversationPayload(session)),
  );
  events.on('conversation.assigned', ({ session, agentId }) =>
    publish(session.tenantId, 'conversation.assigned', conversationPayload(session, { agentId })),
  );
  events.on('conversation.closed', ({ session, by }) =>
    publish(
      session.tenantId,
      'conversation.closed',
      conversationPayload(session, { closedBy: by }),
    ),
  );
  events.on('ticket.created', ({ ticket }) =>
    publish(ticket.tenantId, 'ticket.created', ticketPayload(ticket)),
  );
  events.on('ticket.updated', ({ ticket }) =>
    publish(ticket.tenantId, 'ticket.updated', ticketPayload(ticket)),
  );
  events.on('ticket.sla_breached', ({ ticket, kinds }) =>
    publish(ticket.tenantId, 'ticket.sla_breached', ticketPayload(ticket, { breaches: kinds })),
  );
  events.on('csat.received', ({ tenantId, conversationId, ticketId, score }) =>
    publish(tenantId, 'csat.received', { conversationId, ticketId, score }),
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
          payload: envelope(eventId, 'rule.webhook', session.tenantId, data),
          deadWith: hook
            ? undefined
            : 'no webhook registered for this URL: register it (POST /api/v1/webhooks) to get a signing secret, then replay',
        },
      ]);
    })().catch((error) => log.error({ err: error }, 'rule webhook not queued'));
  });
}
