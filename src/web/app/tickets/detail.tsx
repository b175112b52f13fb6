/** @jsxImportSource preact */
/**
 * One ticket: status (only the allowed next ones), priority, assignee, group and tags,
 * each saved at once with the version read (a concurrent change gets a friendly message
 * and a reload); SLA, the customer's rating, public replies and internal notes, history.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  type Comment,
  type GroupRow,
  type TicketLogEntry,
  type TicketRow,
} from '../api.ts';
import { formatTime, type Key, t } from '../i18n.ts';
import { routePath } from '../routes.ts';
import type { Workspace } from '../workspace.ts';
import { PRIORITIES, StatusBadge } from './view.tsx';

type Patch = { status?: string; priority?: string; assigneeId?: string | null } & {
  groupId?: string | null;
  tags?: string[];
};

export function TicketDetail(props: {
  ws: Workspace;
  id: string;
  onChanged(ticket: TicketRow): void;
}) {
  const { ws, id } = props;
  const [ticket, setTicket] = useState<TicketRow | undefined>();
  const [comments, setComments] = useState<Comment[]>([]);
  const [events, setEvents] = useState<TicketLogEntry[]>([]);
  const [groups, setGroups] = useState<GroupRow[]>([]);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [tags, setTags] = useState('');

  const load = async () => {
    try {
      const [next, c, e] = await Promise.all([
        ws.api.ticket(id),
        ws.api.comments(id),
        ws.api.ticketEvents(id),
      ]);
      setTicket(next);
      setTags(next.tags.join(', '));
      setComments(c.comments);
      setEvents(e.events);
      setConflict(false);
      setProblem(undefined);
    } catch (error) {
      ws.showError(error);
    }
  };
  useEffect(() => {
    void load();
    ws.groups().then(setGroups, () => setGroups([]));
  }, [id]);

  const change = async (patch: Patch) => {
    if (!ticket) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await ws.api.updateTicket(ticket.id, { version: ticket.version, ...patch });
      setTicket(next);
      setTags(next.tags.join(', '));
      props.onChanged(next);
      setEvents((await ws.api.ticketEvents(id)).events);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else if (error instanceof ApiError && error.status === 422)
        setProblem(t('badTransition', { msg: error.message }));
      else ws.showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (!ticket) {
    return (
      <section class="pane pane-empty ticket-detail">
        <p class="muted">{t('loading')}</p>
      </section>
    );
  }
  const team = ws.team ?? [];
  const assigneeKnown =
    ticket.assigneeId === null ||
    ticket.assigneeId === ws.signedIn.agent.id ||
    team.some((a) => a.id === ticket.assigneeId);
  return (
    <section class="pane ticket-detail" aria-labelledby="ticket-title">
      <header class="pane-header">
        <button
          type="button"
          class="ghost small back"
          onClick={() => ws.go({ section: 'tickets' })}
        >
          ← <span class="sr">{t('backToTickets')}</span>
        </button>
        <div class="pane-title">
          <h1 id="ticket-title">
            <span class="ticket-number">#{ticket.number}</span> {ticket.subject}
          </h1>
          <StatusBadge status={ticket.status} />
        </div>
      </header>
      <div class="ticket-body">
        {conflict && (
          <div class="alert conflict" role="alert">
            <span>{t('conflict')}</span>
            <button type="button" class="ghost small" onClick={() => void load()}>
              {t('reload')}
            </button>
          </div>
        )}
        {problem && (
          <p class="alert" role="alert">
            {problem}
          </p>
        )}
        <section class="ticket-props" aria-label={t('ticketProperties')}>
          <div class="field">
            <label for="ticket-status">{t('filterStatus')}</label>
            <select
              id="ticket-status"
              value={ticket.status}
              disabled={busy || ticket.nextStatuses.length === 0}
              onChange={(e) => void change({ status: e.currentTarget.value })}
            >
              {[ticket.status, ...ticket.nextStatuses].map((s) => (
                <option key={s} value={s}>
                  {t(`status_${s}` as Key)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ticket-priority">{t('filterPriority')}</label>
            <select
              id="ticket-priority"
              value={ticket.priority}
              disabled={busy}
              onChange={(e) => void change({ priority: e.currentTarget.value })}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority_${p}` as Key)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ticket-assignee">{t('filterAssignee')}</label>
            <select
              id="ticket-assignee"
              value={ticket.assigneeId ?? ''}
              disabled={busy}
              onChange={(e) => void change({ assigneeId: e.currentTarget.value || null })}
            >
              <option value="">{t('unassigned')}</option>
              <option value={ws.signedIn.agent.id}>{t('me')}</option>
              {team
                .filter((a) => a.id !== ws.signedIn.agent.id)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              {!assigneeKnown && <option value={ticket.assigneeId!}>{t('teammate')}</option>}
            </select>
          </div>
          <div class="field">
            <label for="ticket-group">{t('group')}</label>
            <select
              id="ticket-group"
              value={ticket.groupId ?? ''}
              disabled={busy}
              onChange={(e) => void change({ groupId: e.currentTarget.value || null })}
            >
              <option value="">{t('noGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          <form
            class="field tags-field"
            onSubmit={(e) => {
              e.preventDefault();
              void change({ tags: splitList(tags) });
            }}
          >
            <label for="ticket-tags">
              {t('tags')} <span class="muted small">({t('tagsHint')})</span>
            </label>
            <div class="inline">
              <input
                id="ticket-tags"
                type="text"
                value={tags}
                onInput={(e) => setTags(e.currentTarget.value)}
              />
              <button type="submit" class="ghost small" disabled={busy}>
                {t('saveTags')}
              </button>
            </div>
          </form>
        </section>
        <section class="ticket-facts">
          <dl class="facts">
            <div>
              <dt>{t('requester')}</dt>
              <dd>
                {ticket.requesterId ? t('visitor', { id: ticket.requesterId.slice(-6) }) : '—'}
              </dd>
            </div>
            <div>
              <dt>{t('created')}</dt>
              <dd>{formatTime(ticket.createdAt)}</dd>
            </div>
            <div>
              <dt>{t('updated')}</dt>
              <dd>{formatTime(ticket.updatedAt)}</dd>
            </div>
          </dl>
          {ticket.conversationId && (
            <a
              class="ticket-conversation"
              href={routePath({ section: 'inbox', conversationId: ticket.conversationId })}
              onClick={(e) => {
                if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                e.preventDefault();
                ws.go({ section: 'inbox', conversationId: ticket.conversationId! });
              }}
            >
              {t('openConversation')}
            </a>
          )}
          <Sla ticket={ticket} />
          <div class="csat-block" data-score={ticket.csat?.score ?? ''}>
            <h3>{t('csat')}</h3>
            {ticket.csat ? (
              <p>
                <span class="stars" aria-hidden="true">
                  {'★'.repeat(ticket.csat.score)}
                  {'☆'.repeat(5 - ticket.csat.score)}
                </span>{' '}
                <strong>{t('csatScore', { score: ticket.csat.score })}</strong>
                {ticket.csat.comment && <q class="csat-comment">{ticket.csat.comment}</q>}
              </p>
            ) : (
              <p class="muted small">{t('noCsat')}</p>
            )}
          </div>
        </section>
        <Comments
          ws={ws}
          ticket={ticket}
          comments={comments}
          onAdded={async (next) => {
            setTicket(next);
            props.onChanged(next);
            setComments((await ws.api.comments(id)).comments);
          }}
        />
        <details class="ticket-history">
          <summary>{t('history')}</summary>
          <ol>
            {events.map((e) => (
              <li key={e.id}>
                <time>{formatTime(e.createdAt)}</time> <strong>{e.kind}</strong>{' '}
                <span class="muted small">
                  {t('by', {
                    who: e.actorKind === 'agent' ? ws.agentName(e.actorId) : t('system'),
                  })}
                </span>{' '}
                <code class="small">{JSON.stringify(e.data)}</code>
              </li>
            ))}
          </ol>
        </details>
      </div>
    </section>
  );
}

function Sla({ ticket }: { ticket: TicketRow }) {
  const { sla } = ticket;
  const rows: [Key, number | null][] = [
    ['firstResponseDue', sla.firstResponseDueAt],
    ['respondedAt', sla.firstRespondedAt],
    ['nextResponseDue', sla.nextResponseDueAt],
    ['resolutionDue', sla.resolutionDueAt],
  ];
  const shown = rows.filter(([, at]) => at !== null);
  return (
    <div class="sla-block">
      <h3>{t('sla')}</h3>
      {shown.length === 0 ? (
        <p class="muted small">{t('noSla')}</p>
      ) : (
        <dl class="facts">
          {shown.map(([key, at]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{formatTime(at!)}</dd>
            </div>
          ))}
        </dl>
      )}
      {sla.breaches.length > 0 && (
        <p class="sla-breached">{t('breaches', { list: sla.breaches.join(', ') })}</p>
      )}
    </div>
  );
}

function Comments(props: {
  ws: Workspace;
  ticket: TicketRow;
  comments: Comment[];
  onAdded(ticket: TicketRow): Promise<void>;
}) {
  const { ws, ticket } = props;
  const [body, setBody] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    try {
      const next = await ws.api.addComment(ticket.id, { body: body.trim(), public: isPublic });
      setBody('');
      await props.onAdded(next);
    } catch (error) {
      ws.showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="ticket-comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments')}</h2>
      {props.comments.length === 0 ? (
        <p class="muted small">{t('noComments')}</p>
      ) : (
        <ol class="comment-list">
          {props.comments.map((c) => (
            <li key={c.id} class={`comment ${c.public ? 'public' : 'internal'}`}>
              <div class="msg-meta">
                <span class={`badge ${c.public ? 'author-agent' : 'note-badge'}`}>
                  {c.public ? t('publicReply') : t('internalNote')}
                </span>
                <span>
                  {c.authorKind === 'agent'
                    ? ws.agentName(c.authorId)
                    : c.authorKind === 'customer'
                      ? t('customer')
                      : t('system')}
                </span>
                <time>{formatTime(c.createdAt)}</time>
              </div>
              <div class="msg-text">{c.body}</div>
            </li>
          ))}
        </ol>
      )}
      <form class="comment-form" onSubmit={submit}>
        <fieldset class="choice">
          <legend class="sr">{t('commentKind')}</legend>
          <label>
            <input
              type="radio"
              name="comment-kind"
              checked={!isPublic}
              onChange={() => setPublic(false)}
            />
            {t('internalNote')}
          </label>
          <label>
            <input
              type="radio"
              name="comment-kind"
              checked={isPublic}
              onChange={() => setPublic(true)}
            />
            {t('publicReply')}
          </label>
        </fieldset>
        <label class="sr" for="comment-body">
          {isPublic ? t('publicReply') : t('internalNote')}
        </label>
        <textarea
          id="comment-body"
          rows={3}
          class={isPublic ? '' : 'note-input'}
          value={body}
          placeholder={isPublic ? t('commentPlaceholderPublic') : t('commentPlaceholderInternal')}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy || !body.trim()}>
          {t('addComment')}
        </button>
      </form>
    </section>
  );
}

export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
