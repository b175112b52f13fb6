/** @jsxImportSource preact */
/** Tickets: a filtered, searchable list, and a ticket's page beside it (alone on a phone). */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TicketQuery, TicketRow } from '../api.ts';
import { formatTime, type Key, t } from '../i18n.ts';
import { routePath } from '../routes.ts';
import type { Workspace } from '../workspace.ts';
import { TicketDetail } from './detail.tsx';

export const STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const UNSOLVED = 'new,open,pending,on-hold';

interface Filters {
  status: string;
  priority: string;
  assignee: 'any' | 'me' | 'none';
  sla: string;
  tag: string;
  q: string;
  sort: string;
}

const INITIAL: Filters = {
  status: UNSOLVED,
  priority: '',
  assignee: 'any',
  sla: '',
  tag: '',
  q: '',
  sort: 'updated',
};

export function TicketsView({ ws }: { ws: Workspace }) {
  const id = ws.route.section === 'tickets' ? ws.route.ticketId : undefined;
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [list, setList] = useState<TicketRow[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [reloadCount, setReloadCount] = useState(0);

  const queryOf = (f: Filters, after?: string): TicketQuery => ({
    status: f.status || undefined,
    priority: f.priority || undefined,
    assigneeId: f.assignee === 'me' ? ws.signedIn.agent.id : f.assignee === 'none' ? 'none' : '',
    sla: f.sla || undefined,
    tag: f.tag.trim() || undefined,
    q: f.q.trim() || undefined,
    sort: f.sort,
    cursor: after,
  });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        ws.api.tickets(queryOf(filters)).then(
          (page) => {
            if (!live) return;
            setList(page.tickets);
            setCursor(page.nextCursor);
          },
          (error) => live && ws.showError(error),
        );
      },
      filters.q || filters.tag ? 250 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filters, reloadCount]);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await ws.api.tickets(queryOf(filters, cursor));
      setList([...(list ?? []), ...page.tickets]);
      setCursor(page.nextCursor);
    } catch (error) {
      ws.showError(error);
    }
  };
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });

  return (
    <div class={`tickets ${id ? 'has-ticket' : ''}`}>
      <section class="ticket-list-pane" aria-label={t('tickets')}>
        <form
          class="ticket-filters"
          aria-label={t('ticketFilters')}
          onSubmit={(e) => e.preventDefault()}
        >
          <label class="field wide">
            <span class="sr">{t('searchTickets')}</span>
            <input
              type="search"
              id="ticket-search"
              placeholder={t('searchTicketsPlaceholder')}
              value={filters.q}
              onInput={(e) => set({ q: e.currentTarget.value })}
            />
          </label>
          <Select
            id="filter-status"
            label={t('filterStatus')}
            value={filters.status}
            onChange={(status) => set({ status })}
          >
            <option value={UNSOLVED}>{t('unsolved')}</option>
            <option value="">{t('anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}` as Key)}
              </option>
            ))}
          </Select>
          <Select
            id="filter-priority"
            label={t('filterPriority')}
            value={filters.priority}
            onChange={(priority) => set({ priority })}
          >
            <option value="">{t('anyPriority')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority_${p}` as Key)}
              </option>
            ))}
          </Select>
          <Select
            id="filter-assignee"
            label={t('filterAssignee')}
            value={filters.assignee}
            onChange={(assignee) => set({ assignee: assignee as Filters['assignee'] })}
          >
            <option value="any">{t('anyone')}</option>
            <option value="me">{t('me')}</option>
            <option value="none">{t('unassigned')}</option>
          </Select>
          <Select
            id="filter-sla"
            label={t('filterSla')}
            value={filters.sla}
            onChange={(sla) => set({ sla })}
          >
            <option value="">{t('anySla')}</option>
            <option value="breached">{t('sla_breached')}</option>
            <option value="at_risk">{t('sla_at_risk')}</option>
            <option value="ok">{t('sla_ok')}</option>
          </Select>
          <label class="field">
            <span>{t('filterTag')}</span>
            <input
              type="text"
              value={filters.tag}
              size={10}
              onInput={(e) => set({ tag: e.currentTarget.value })}
            />
          </label>
          <Select
            id="sort-by"
            label={t('sortBy')}
            value={filters.sort}
            onChange={(sort) => set({ sort })}
          >
            {(['updated', 'created', 'priority', 'due'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`sort_${s}`)}
              </option>
            ))}
          </Select>
        </form>
        {list === undefined ? (
          <p class="empty muted">{t('loading')}</p>
        ) : list.length === 0 ? (
          <p class="empty muted">{t('noTickets')}</p>
        ) : (
          <ul class="ticket-list">
            {list.map((ticket) => (
              <TicketRowItem key={ticket.id} ws={ws} ticket={ticket} selected={ticket.id === id} />
            ))}
            {cursor && (
              <li class="history-more">
                <button type="button" class="ghost small" onClick={() => void more()}>
                  {t('loadMore')}
                </button>
              </li>
            )}
          </ul>
        )}
      </section>
      {id ? (
        <TicketDetail
          key={id}
          ws={ws}
          id={id}
          onChanged={(ticket) => {
            if (list?.some((x) => x.id === ticket.id))
              setList(list.map((x) => (x.id === ticket.id ? ticket : x)));
            else setReloadCount(reloadCount + 1);
          }}
        />
      ) : (
        <section class="pane pane-empty ticket-empty">
          <p class="muted">{t('selectTicket')}</p>
        </section>
      )}
    </div>
  );
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.children}
      </select>
    </div>
  );
}

function TicketRowItem(props: { ws: Workspace; ticket: TicketRow; selected: boolean }) {
  const { ws, ticket } = props;
  const route = { section: 'tickets' as const, ticketId: ticket.id };
  const breached = ticket.sla.breaches.length > 0;
  return (
    <li>
      <a
        href={routePath(route)}
        class={`row ticket-row ${props.selected ? 'selected' : ''}`}
        aria-current={props.selected ? 'true' : undefined}
        data-ticket-id={ticket.id}
        onClick={(e) => {
          if (e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          ws.go(route);
        }}
      >
        <span class="row-top">
          <span class="ticket-number">#{ticket.number}</span>
          <span class="row-name ticket-subject">{ticket.subject}</span>
          <span class="row-time muted">{formatTime(ticket.updatedAt)}</span>
        </span>
        <span class="row-bottom">
          <StatusBadge status={ticket.status} />
          <span class={`priority priority-${ticket.priority}`}>
            {t(`priority_${ticket.priority}` as Key)}
          </span>
          {breached && <span class="sla-breached">{t('sla_breached')}</span>}
          <span class="muted small ticket-assignee">{ws.agentName(ticket.assigneeId)}</span>
        </span>
      </a>
    </li>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{t(`status_${status}` as Key)}</span>;
}
