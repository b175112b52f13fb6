/** @jsxImportSource preact */
/** The signed-in screen: header, connection banner, the inbox and the open conversation. */
import { useEffect, useState } from 'preact/hooks';
import { type Lang, lang, t } from '../i18n.ts';
import { askForNotifications, canAskForNotifications } from '../notify.ts';
import type { Workspace } from '../workspace.ts';
import { ConversationPane } from './conversation.tsx';
import { LangSwitch } from './lang-switch.tsx';
import { Sidebar } from './sidebar.tsx';

export function Shell({ ws, onLang }: { ws: Workspace; onLang(lang: Lang): void }) {
  useShortcuts(ws);
  const offline = ws.everOnline && ws.status !== 'online';
  return (
    <div class={`shell ${ws.selectedId ? 'has-selection' : ''}`}>
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
      <div class="main">
        <Sidebar ws={ws} />
        <ConversationPane ws={ws} />
      </div>
    </div>
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
        <span class="muted hide-phone">{t('workspace')}</span>
      </div>
      <div class="presence" data-status={status}>
        <span class="dot" aria-hidden="true" />
        <span>{t(status)}</span>
        {me && (
          <span class="muted hide-phone">· {t('load', { n: me.active, max: me.capacity })}</span>
        )}
      </div>
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
            <span class="hide-phone">{t('enableNotifications')}</span>
          </button>
        )}
        <LangSwitch value={lang} onChange={onLang} />
        <span class="who hide-phone" title={ws.signedIn.agent.email}>
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

/** j/k move through the list, / focuses the reply box (or search), Esc steps back. */
function useShortcuts(ws: Workspace) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
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
