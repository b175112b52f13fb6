/** Ticket statuses and the transitions between them; priorities. */

export const STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof PRIORITIES)[number];

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on-hold', 'solved', 'closed'],
  open: ['pending', 'on-hold', 'solved'],
  pending: ['open', 'on-hold', 'solved'],
  'on-hold': ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function allowedFrom(status: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[status];
}
