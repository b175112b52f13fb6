/** Tickets: statuses, SLA, search, canned responses, the service and the breach scheduler. */
export { type Actor, actorOf, SYSTEM } from './actor.ts';
export { renderTemplate, type TemplateValues } from './canned.ts';
export {
  allowedFrom,
  canTransition,
  PRIORITIES,
  STATUSES,
  type TicketPriority,
  type TicketStatus,
} from './model.ts';
export { searchTerms } from './search.ts';
export {
  type CreateTicket,
  type TicketHooks,
  TicketService,
  type UpdateTicket,
} from './service.ts';
export { type Breach, SlaScheduler } from './sla-scheduler.ts';
