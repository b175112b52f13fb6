/** @jsxImportSource preact */
/** The inbox: Queued / Mine / All open, a search box, the list, and the team's presence. */
import { formatAge, formatTime, type Key, t } from '../i18n.ts';
import type { Conversation, ViewName } from '../inbox.ts';
import { visitorName, type Workspace } from '../workspace.ts';
import { StateBadge } from './badges.tsx';

const VIEWS: { view: ViewName; label: Key; empty: Key }[] = [
  { view: 'queued', label: 'viewQueued', empty: 'emptyQueued' },
  { view: 'mine', label: 'viewMine', empty: 'emptyMine' },
  { view: 'all', label: 'viewAll', empty: 'emptyAll' },
];

export function Sidebar({ ws }: { ws: Workspace }) {
  const list = ws.inbox.list(ws.view, ws.search);
  const current = VIEWS.find((v) => v.view === ws.view)!;
  return (
    <aside class="sidebar" aria-label={t('views')}>
      <nav class="tabs" aria-label={t('views')}>
        {VIEWS.map(({ view, label }) => (
          <button
            key={view}
            type="button"
            class="tab"
            aria-pressed={ws.view === view}
            data-view={view}
            onClick={() => ws.setView(view)}
          >
            {t(label)} <span class="count">{ws.inbox.count(view)}</span>
          </button>
        ))}
      </nav>
      <div class="search">
        <label class="sr" for="search-input">
          {t('search')}
        </label>
        <input
          id="search-input"
          type="search"
          placeholder={t('searchPlaceholder')}
          value={ws.search}
          onInput={(e) => ws.setSearch(e.currentTarget.value)}
        />
      </div>
      {list.length === 0 ? (
        <p class="empty muted">{t(current.empty)}</p>
      ) : (
        <ul class="conversation-list" aria-label={t(current.label)}>
          {list.map((c) => (
            <Row key={c.id} ws={ws} c={c} />
          ))}
        </ul>
      )}
      {ws.team && <Team ws={ws} />}
    </aside>
  );
}

function Row({ ws, c }: { ws: Workspace; c: Conversation }) {
  // Others' conversations are theirs to read: no unread badge for them.
  const theirs = c.state === 'assigned' && !ws.inbox.isMine(c);
  const unread = theirs ? 0 : ws.inbox.unread(c);
  const last = c.messages.at(-1);
  const selected = ws.selectedId === c.id;
  return (
    <li>
      <button
        type="button"
        class={`row ${selected ? 'selected' : ''} ${unread ? 'has-unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-conversation-id={c.id}
        onClick={() => ws.select(c.id)}
      >
        <span class="row-top">
          <span class="row-name">{visitorName(c)}</span>
          <span class="channel">{c.channel}</span>
          <span class="row-time muted">
            {c.state !== 'queued'
              ? formatTime(c.activityAt)
              : Date.now() - c.createdAt < 60_000
                ? t('justNow')
                : t('waiting', { time: formatAge(c.createdAt) })}
          </span>
        </span>
        <span class="row-bottom">
          <span class="row-preview">{last ? last.text : ''}</span>
          {ws.view === 'all' && <StateBadge ws={ws} c={c} />}
          {unread > 0 && (
            <span class="unread" title={t('unread', { n: unread })}>
              {unread}
              <span class="sr"> {t('unread', { n: unread })}</span>
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

function Team({ ws }: { ws: Workspace }) {
  return (
    <section class="team" aria-label={t('team')}>
      <h2>{t('team')}</h2>
      <ul>
        {ws.team!.map((a) => (
          <li key={a.id} class="presence" data-status={a.status}>
            <span class="dot" aria-hidden="true" />
            <span class="team-name">{a.name}</span>
            <span class="muted">
              {a.status === 'online' ? t('online') : a.status === 'away' ? t('away') : t('offline')}{' '}
              · {a.active}/{a.capacity}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
