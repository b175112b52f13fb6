/** @jsxImportSource preact */
/** A link to a ticket by id, labelled with its number once known. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { routePath } from '../routes.ts';
import type { Workspace } from '../workspace.ts';

const numbers = new Map<string, number>();

export function TicketLink({ ws, ticketId }: { ws: Workspace; ticketId: string }) {
  const [number, setNumber] = useState(numbers.get(ticketId));
  useEffect(() => {
    if (numbers.has(ticketId)) return setNumber(numbers.get(ticketId));
    let live = true;
    ws.api.ticket(ticketId).then(
      (ticket) => {
        numbers.set(ticketId, ticket.number);
        if (live) setNumber(ticket.number);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [ticketId]);
  const route = { section: 'tickets' as const, ticketId };
  return (
    <a
      class="ticket-link"
      href={routePath(route)}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        ws.go(route);
      }}
    >
      {number === undefined ? t('openTicket') : t('ticketLink', { n: number })}
    </a>
  );
}
