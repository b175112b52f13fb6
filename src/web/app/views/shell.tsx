/** @jsxImportSource preact */
/**
 * The signed-in screen: header with the sections, connection banner, then the section —
 * the inbox (list and conversation), tickets, the dashboard, the rules, admin.
 */
import { useEffect, useState } from 'preact/hooks';
import { AdminView } from '../admin/view.tsx';
import { DashboardView } from '../dashboard/view.tsx';
import { type Key, type Lang, lang, t } from '../i18n.ts';
import { askForNotifications, canAskForNotifications } from '../notify.ts';
import { type Route, routePath, type Section, sectionsFor } from '../routes.ts';
import { RulesView } from '../rules/view.tsx';
import { TicketsView } from '../tickets/view.tsx';
import type { Workspace } from '../workspace.ts';
import { ConversationPane } from './conversation.tsx';
import { LangSwitch } from './lang-switch.tsx';
import { Sidebar } from './sidebar.tsx';

const SECTION_WORD: Record<Section, Key> = {
  inbox: 'navInbox',
  tickets: 'navTickets',
  dashboard: 'navDashboard',
  rules: 'navRules',
  admin: 'navAdmin',
};

const HOME: Record<Exclude<Section, 'admin'>, Route> = {
  inbox: { section: 'inbox' },
  tickets: { section: 'tickets' },
  dashboard: { section: 'dashboard' },
  rules: { section: 'rules' },
};

export function Shell({ ws, onLang }: { ws: Workspace; onLang(lang: Lang): void }) {
  useShortcuts(ws);
  const offline = ws.everOnline && ws.status !== 'online';
  const section = ws.route.section;
  const allowed = sectionsFor(ws.signedIn.agent.role).includes(section);
  return (
    <div class={`shell section-${section} ${ws.selectedId ? 'has-selection' : ''}`}>
      <Header ws={ws} onLang={onLang} />
      <div class="banner-slot" role="status" aria-live="assertive">
        {offline && <div class="banner offline-banner">{t('offlineBanner')}</div>}
      </div>
      {ws.notice && (
        <div class="banner notice" role="alert">
          <span>{ws.notice}</span>
          <button type="button" class="ghost small" onClick={() => ws.dismissNotice()}>
            ×<span class="sr"> {t('cancel')}</span>
          </button>
        </div>
      )}
      {ws.flash && !ws.notice && (
        <div class="banner flash" role="status">
          <span>{ws.flash}</span>
          <button type="button" class="ghost small" onClick={() => ws.dismissNotice()}>
            ×<span class="sr"> {t('dialogClose')}</span>
          </button>
        </div>
      )}
      <main class="main">
        {!allowed ? (
          <p class="forbidden muted">{t('forbiddenHere')}</p>
        ) : section === 'inbox' ? (
          <div class="inbox">
            <Sidebar ws={ws} />
            <ConversationPane ws={ws} />
          </div>
        ) : section === 'tickets' ? (
          <TicketsView ws={ws} />
        ) : section === 'dashboard' ? (
          <DashboardView ws={ws} />
        ) : section === 'rules' ? (
          <RulesView ws={ws} />
        ) : (
          <AdminView ws={ws} />
        )}
      </main>
    </div>
  );
}

function Nav({ ws }: { ws: Workspace }) {
  const sections = sectionsFor(ws.signedIn.agent.role);
  const target = (section: Section): Route =>
    section === 'admin' ? { section: 'admin', tab: ws.adminTabs()[0] ?? 'canned' } : HOME[section];
  return (
    <nav class="nav" aria-label={t('navLabel')}>
      {sections.map((section) => (
        <a
          key={section}
          href={routePath(target(section))}
          class="nav-link"
          aria-current={ws.route.section === section ? 'page' : undefined}
          data-section={section}
          onClick={(e) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey) return;
            e.preventDefault();
            ws.go(target(section));
          }}
        >
          {t(SECTION_WORD[section])}
          {section === 'inbox' && <UnreadCount ws={ws} />}
        </a>
      ))}
    </nav>
  );
}

function UnreadCount({ ws }: { ws: Workspace }) {
  const unread = ws.inbox.list('mine').reduce((sum, c) => sum + ws.inbox.unread(c), 0);
  if (unread === 0) return null;
  return (
    <span class="unread nav-unread">
      {unread}
      <span class="sr"> {t('unread', { n: unread })}</span>
    </span>
  );
}

function Header({ ws, onLang }: { ws: Workspace; onLang(lang: Lang): void }) {
  const [askable, setAskable] = useState(canAskForNotifications());
  const status = ws.status === 'online' ? 'online' : ws.everOnline ? 'offline' : 'connecting';
  const me = ws.meRow;
  return (
    <header class="topbar">
      <div class="brand-block">
        <span class="brand">{t('appName')}</span>
      </div>
      <Nav ws={ws} />
      <div class="presence" data-status={status}>
        <span class="dot" aria-hidden="true" />
        <span class="hide-phone">{t(status)}</span>
        <span class="sr only-phone">{t(status)}</span>
        {me && (
          <span class="muted hide-phone">· {t('load', { n: me.active, max: me.capacity })}</span>
        )}
      </div>
      <label class="availability">
        <span class="sr">{t('availability')}</span>
        <select
          value={ws.myStatus}
          data-status={ws.myStatus}
          disabled={ws.status !== 'online'}
          onChange={(e) => ws.setPresence(e.currentTarget.value as 'online' | 'away')}
        >
          <option value="online">{t('available')}</option>
          <option value="away">{t('away')}</option>
        </select>
      </label>
      <div class="topbar-actions">
        {askable && (
          <button
            type="button"
            class="ghost small with-icon"
            aria-label={t('enableNotifications')}
            onClick={async () => {
              await askForNotifications();
              setAskable(canAskForNotifications());
            }}
          >
            <BellIcon />
            <span class="hide-narrow">{t('enableNotifications')}</span>
          </button>
        )}
        <LangSwitch value={lang} onChange={onLang} />
        <span class="who hide-narrow" title={ws.signedIn.agent.email}>
          {ws.signedIn.agent.name}
        </span>
        <button type="button" class="ghost small" onClick={() => ws.signOut()}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="currentColor" aria-hidden="true">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
    </svg>
  );
}

/** In the inbox: j/k move through the list, / focuses the reply box (or search), Esc steps back. */
function useShortcuts(ws: Workspace) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (ws.route.section !== 'inbox') return;
      if (document.querySelector('dialog[open]')) return;
      const target = e.target as HTMLElement | null;
      const typing =
        target?.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target?.tagName ?? '');
      if (e.key === 'Escape') {
        if (typing) target?.blur();
        else if (ws.selectedId) ws.select(undefined);
        return;
      }
      if (typing) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        ws.selectNext(e.key === 'j' ? 1 : -1);
      } else if (e.key === '/') {
        e.preventDefault();
        const reply = document.getElementById('reply-input');
        (reply ?? document.getElementById('search-input'))?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ws]);
}
