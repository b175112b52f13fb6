/** @jsxImportSource preact */
/**
 * One conversation: its header (state, close), the history (earlier pages on demand, then
 * live), the other side's typing, and the reply box. Message text is rendered as text only.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../shared/protocol.ts';
import { formatTime, t } from '../i18n.ts';
import type { Conversation, PendingReply } from '../inbox.ts';
import { visitorName, type Workspace } from '../workspace.ts';
import { AuthorBadge, ChannelBadge, StateBadge } from './badges.tsx';

export function ConversationPane({ ws }: { ws: Workspace }) {
  const c = ws.selected;
  if (!c) {
    return (
      <section class="pane pane-empty" aria-label={t('messages')}>
        <p class="muted">{ws.selectedId ? t('loading') : t('noSelection')}</p>
        <p class="muted small hide-phone">{t('shortcuts')}</p>
      </section>
    );
  }
  return (
    <section class="pane" aria-label={visitorName(c)}>
      <PaneHeader ws={ws} c={c} />
      <History ws={ws} c={c} />
      <Typing c={c} />
      {ws.canReply(c) ? (
        <ReplyBox key={c.id} ws={ws} />
      ) : (
        <p class="reply-note muted">{c.state === 'closed' ? t('closed') : t('notYours')}</p>
      )}
    </section>
  );
}

function PaneHeader({ ws, c }: { ws: Workspace; c: Conversation }) {
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setConfirming(false), [c.id]);
  return (
    <header class="pane-header">
      <button type="button" class="ghost small back" onClick={() => ws.select(undefined)}>
        ← <span class="sr">{t('back')}</span>
      </button>
      <div class="pane-title">
        <h1>{visitorName(c)}</h1>
        <ChannelBadge channel={c.channel} />
        <StateBadge ws={ws} c={c} />
      </div>
      {ws.canReply(c) &&
        (confirming ? (
          <span class="confirm">
            <button
              type="button"
              class="danger small"
              onClick={() => {
                setConfirming(false);
                void ws.close(c.id);
              }}
            >
              {t('confirmClose')}
            </button>
            <button type="button" class="ghost small" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="ghost small" onClick={() => setConfirming(true)}>
            {t('closeConversation')}
          </button>
        ))}
    </header>
  );
}

function History({ ws, c }: { ws: Workspace; c: Conversation }) {
  const list = useRef<HTMLOListElement>(null);
  const fromBottom = useRef(0);
  const lastMine = c.messages.findLast((m) => m.author.kind === 'agent');
  const count = c.messages.length + c.pending.length;

  // Keep the view anchored to the bottom when messages arrive or earlier ones load above.
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight - el.clientHeight - fromBottom.current;
  }, [count, c.id]);
  useEffect(() => {
    fromBottom.current = 0;
  }, [c.id]);

  const canLoadEarlier = c.loadedFrom !== undefined && c.loadedFrom > 1;
  return (
    <ol
      class="history"
      ref={list}
      aria-live="polite"
      aria-label={t('messages')}
      onScroll={(e) => {
        const el = e.currentTarget;
        fromBottom.current = Math.max(0, el.scrollHeight - el.clientHeight - el.scrollTop);
      }}
    >
      {canLoadEarlier && (
        <li class="history-more">
          <button type="button" class="ghost small" onClick={() => void ws.loadEarlier(c.id)}>
            {ws.loading.has(c.id) ? t('loading') : t('loadEarlier')}
          </button>
        </li>
      )}
      {c.messages.length === 0 && c.pending.length === 0 && (
        <li class="history-empty muted">{ws.loading.has(c.id) ? t('loading') : t('noMessages')}</li>
      )}
      {c.messages.map((m) => (
        <Message
          key={m.seq}
          m={m}
          c={c}
          mine={m.author.kind === 'agent' && m.author.id === ws.signedIn.agent.id}
          seen={m === lastMine && c.peerReadSeq >= m.seq}
        />
      ))}
      {c.pending.map((p) => (
        <Pending key={p.clientMsgId} p={p} c={c} ws={ws} />
      ))}
    </ol>
  );
}

function Message(props: { m: ChatMessage; c: Conversation; mine: boolean; seen: boolean }) {
  const { m, c, mine } = props;
  return (
    <li class={`msg from-${m.author.kind} ${mine ? 'mine' : ''}`} data-seq={m.seq}>
      <div class="msg-meta">
        <AuthorBadge author={m.author} mine={mine} />
        <ChannelBadge channel={m.channel ?? c.channel} />
        <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt)}</time>
      </div>
      <div class="msg-text">{m.text}</div>
      {props.seen && <div class="msg-status">{t('seen')}</div>}
    </li>
  );
}

function Pending({ p, c, ws }: { p: PendingReply; c: Conversation; ws: Workspace }) {
  return (
    <li class="msg from-agent mine pending" data-state={p.failed ? 'failed' : 'sending'}>
      <div class="msg-meta">
        <AuthorBadge author={{ kind: 'agent', id: null, name: null }} mine />
        <ChannelBadge channel={c.channel} />
      </div>
      <div class="msg-text">{p.text}</div>
      <div class={`msg-status ${p.failed ? 'failed' : ''}`}>
        {p.failed ? t('failed', { msg: p.failed }) : t('sending')}
        {p.failed && (
          <button type="button" class="link" onClick={() => ws.retry(c.id, p.clientMsgId)}>
            {t('retry')}
          </button>
        )}
      </div>
    </li>
  );
}

function Typing({ c }: { c: Conversation }) {
  const typing = c.typing && c.typing.until > Date.now() ? c.typing.author : undefined;
  const name = typing
    ? typing.kind === 'customer'
      ? t('customer')
      : (typing.name ?? t('agent'))
    : '';
  return (
    <div class="typing" aria-live="polite">
      {typing ? t('typing', { name }) : ''}
    </div>
  );
}

function ReplyBox({ ws }: { ws: Workspace }) {
  const [draft, setDraft] = useState('');
  const submit = () => {
    if (!draft.trim()) return;
    ws.send(draft);
    setDraft('');
  };
  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label for="reply-input" class="sr">
        {t('reply')}
      </label>
      <textarea
        id="reply-input"
        rows={2}
        value={draft}
        placeholder={t('replyPlaceholder')}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          ws.typing();
        }}
        onKeyDown={(e) => {
          // Enter sends, Shift+Enter is a new line; never while an IME is composing.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="primary" disabled={!draft.trim()}>
        {t('send')}
      </button>
    </form>
  );
}
