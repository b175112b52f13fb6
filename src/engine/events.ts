/**
 * The typed event catalogue. Side effects (dashboards, webhooks, metrics) subscribe here;
 * the core path never calls them directly. Listeners run synchronously after the fact
 * and a failing listener never breaks the pipeline.
 */
import type { Logger } from '../log.ts';
import type { Message, RoutingEvent, Ticket } from '../store/index.ts';
import type { Session } from './sessions.ts';

export interface EngineEvents {
  'message.created': { message: Message; session: Session };
  'conversation.created': { session: Session };
  'conversation.queued': { session: Session };
  'conversation.assigned': { session: Session; agentId: string };
  'conversation.closed': { session: Session; by: string | null };
  'conversation.first_response': { session: Session; at: number };
  'conversation.requeued': { session: Session; reason: string };
  'agent.online': { tenantId: string; agentId: string };
  'agent.offline': { tenantId: string; agentId: string };
  'agent.status': { tenantId: string; agentId: string; status: string };
  'routing.decided': { event: RoutingEvent };
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket };
  'ticket.sla_breached': { ticket: Ticket; kinds: string[] };
  'bot.replied': { session: Session; kind: 'answer' | 'fallback'; intent: string | null };
  /** How long a pipeline stage took (metrics). */
  'pipeline.stage': { stage: 'persist' | 'classify' | 'decide'; ms: number };
  /** A group commit finished (metrics). */
  'commit.batch': { size: number; ms: number };
  'rule.webhook': { url: string; session: Session; message: Message };
  'customer.merged': { tenantId: string; fromId: string; intoId: string };
  /** A customer was erased: their sockets must close (every node). */
  'customer.erased': { tenantId: string; customerId: string };
  'csat.received': { tenantId: string; conversationId: string; ticketId: string; score: number };
}

type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void;

export class EventHub {
  private readonly listeners = new Map<keyof EngineEvents, Listener<never>[]>();
  constructor(private readonly log: Logger) {}

  on<K extends keyof EngineEvents>(event: K, listener: Listener<K>): () => void {
    const list = (this.listeners.get(event) ?? []) as Listener<K>[];
    list.push(listener);
    this.listeners.set(event, list as Listener<never>[]);
    return () => list.splice(list.indexOf(listener), 1);
  }

  emit<K extends keyof EngineEvents>(event: K, payload: EngineEvents[K]): void {
    for (const listener of (this.listeners.get(event) ?? []) as Listener<K>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.log.error({ err: error, event }, 'event listener failed');
      }
    }
  }
}
