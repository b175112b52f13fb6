/** @jsxImportSource preact */
/** Who the customer is: attributes, their conversations on every channel, their tickets. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type CustomerProfile } from '../api.ts';
import { formatTime, type Key, t } from '../i18n.ts';
import { routePath } from '../routes.ts';
import type { Workspace } from '../workspace.ts';
import { ChannelBadge } from './badges.tsx';

const STATE_WORD: Record<string, Key> = {
  bot: 'stateBot',
  queued: 'stateQueued',
  assigned: 'stateAssigned',
  closed: 'stateClosed',
};

export function CustomerPanel(props: {
  ws: Workspace;
  customerId: string;
  conversationId: string;
  onClose(): void;
}) {
  const { ws, customerId } = props;
  const [profile, setProfile] = useState<CustomerProfile | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    setProfile(undefined);
    setFailed(undefined);
    ws.api.customer(customerId).then(
      (p) => live && setProfile(p),
      (error) =>
        live &&
        setFailed(
          error instanceof ApiError && error.status === 404 ? t('none') : String(error.message),
        ),
    );
    return () => {
      live = false;
    };
  }, [customerId, props.conversationId]);

  const link = (go: () => void) => (e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    go();
  };

  return (
    <aside class="profile" aria-label={t('customerTitle')}>
      <header class="profile-head">
        <h2>{t('customerTitle')}</h2>
        <button type="button" class="ghost small" onClick={props.onClose}>
          ×<span class="sr"> {t('hideCustomer')}</span>
        </button>
      </header>
      {!profile ? (
        <p class="muted">{failed ?? t('loading')}</p>
      ) : (
        <>
          <dl class="facts">
            <div>
              <dt>{t('name')}</dt>
              <dd>{profile.customer.name ?? t('unknownName')}</dd>
            </div>
            <div>
              <dt>{t('email')}</dt>
              <dd>{profile.customer.email ?? '—'}</dd>
            </div>
          </dl>
          <h3>{t('attributes')}</h3>
          {Object.keys(profile.customer.attributes).length === 0 ? (
            <p class="muted small">{t('noAttributes')}</p>
          ) : (
            <dl class="facts">
              {Object.entries(profile.customer.attributes).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>
                    {Array.isArray(value)
                      ? value.join(', ')
                      : typeof value === 'object'
                        ? JSON.stringify(value)
                        : String(value)}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <h3>{t('pastConversations')}</h3>
          <ul class="profile-list">
            {profile.conversations.map((c) => {
              const route = { section: 'inbox' as const, conversationId: c.id };
              return (
                <li key={c.id}>
                  <a href={routePath(route)} onClick={link(() => ws.go(route))}>
                    {formatTime(c.updatedAt)}
                  </a>{' '}
                  <ChannelBadge channel={c.channel} />{' '}
                  <span class="muted small">
                    {c.id === props.conversationId
                      ? t('thisConversation')
                      : t(STATE_WORD[c.state] ?? 'stateNew')}
                  </span>
                </li>
              );
            })}
          </ul>
          <h3>{t('pastTickets')}</h3>
          {profile.tickets.length === 0 ? (
            <p class="muted small">{t('none')}</p>
          ) : (
            <ul class="profile-list">
              {profile.tickets.map((ticket) => {
                const route = { section: 'tickets' as const, ticketId: ticket.id };
                return (
                  <li key={ticket.id}>
                    <a href={routePath(route)} onClick={link(() => ws.go(route))}>
                      #{ticket.number}
                    </a>{' '}
                    <span class="profile-subject">{ticket.subject}</span>{' '}
                    <span class={`status status-${ticket.status}`}>
                      {t(`status_${ticket.status}` as Key)}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
