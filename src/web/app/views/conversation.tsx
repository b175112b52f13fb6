/** @jsxImportSource preact */
/**
 * One conversation: its header (state, customer, transfer, take over, close), the history
 * (earlier pages on demand, then live), the other side's typing, the reply box with canned
 * responses on `/`, and the customer's profile beside it. Message text is rendered as text.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage, NoteView } from '../../shared/protocol.ts';
import { formatTime, t } from '../i18n.ts';
import type { Conversation, PendingReply } from '../inbox.ts';
import { visitorName, type Workspace } from '../workspace.ts';
import { AuthorBadge, ChannelBadge, StateBadge } from './badges.tsx';
import { CustomerPanel } from './customer-panel.tsx';
import { ReplyBox } from './reply-box.tsx';
import { TicketLink } from './ticket-link.tsx';
import { TransferDialog } from './transfer-dialog.tsx';

const WIDE = '(min-width: 1100px)';

export function ConversationPane({ ws }: { ws: Workspace }) {
  const c = ws.selected;
  const [profileOpen, setProfileOpen] = useState(() => matchMedia(WIDE).matches);
  if (!c) {
    return (
      <section class="pane pane-empty" aria-label={t('messages')}>
        <p class="muted">{ws.selectedId ? t('loading') : t('noSelection')}</p>
        <p class="muted small hide-phone">{t('shortcuts')}</p>
      </section>
    );
  }
  return (
    <section class={`pane ${profileOpen ? 'with-profile' : ''}`} aria-label={visitorName(c)}>
      <PaneHeader
        ws={ws}
        c={c}
        profileOpen={profileOpen}
        onToggleProfile={() => setProfileOpen(!profileOpen)}
      />
      <div class="pane-body">
        <div class="thread">
          <History ws={ws} c={c} />
          <Typing c={c} />
          {!ws.canReply(c) && <ReplyNote ws={ws} c={c} />}
          <ReplyBox key={c.id} ws={ws} conversationId={c.id} canReply={ws.canReply(c)} />
        </div>
        {profileOpen && (
          <CustomerPanel
            ws={ws}
            customerId={c.customerId}
            conversationId={c.id}
            onClose={() => setProfileOpen(false)}
          />
        )}
      </div>
    </section>
  );
}

function ReplyNote({ ws, c }: { ws: Workspace; c: Conversation }) {
  if (c.state !== 'closed') return <p class="reply-note muted">{t('notYours')}</p>;
  return (
    <p class="reply-note muted">
      {c.ticketId ? (
        <>
          {t('closedWithTicket')} <TicketLink ws={ws} ticketId={c.ticketId} />
        </>
      ) : (
        t('closed')
      )}
    </p>
  );
}

function PaneHeader(props: {
  ws: Workspace;
  c: Conversation;
  profileOpen: boolean;
  onToggleProfile(): void;
}) {
  const { ws, c } = props;
  const [confirming, setConfirming] = useState(false);
  const [transferring, setTransferring] = useState(false);
  useEffect(() => {
    setConfirming(false);
    setTransferring(false);
  }, [c.id]);
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
      <div class="pane-actions">
        <button
          type="button"
          class="ghost small"
          aria-pressed={props.profileOpen}
          onClick={props.onToggleProfile}
        >
          {t('customerPanel')}
        </button>
        {ws.canTakeOver(c) && (
          <button type="button" class="ghost small" onClick={() => void ws.takeOver(c.id)}>
            {t('takeOver')}
          </button>
        )}
        {ws.canReply(c) && (
          <button type="button" class="ghost small" onClick={() => setTransferring(true)}>
            {t('transfer')}
          </button>
        )}
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
      </div>
      {transferring && (
        <TransferDialog ws={ws} conversationId={c.id} onClose={() => setTransferring(false)} />
      )}
    </header>
  );
}

function History({ ws, c }: { ws: Workspace; c: Conversation }) {
  const list = useRef<HTMLOListElement>(null);
  const fromBottom = useRef(0);
  const lastMine = c.messages.findLast((m) => m.author.kind === 'agent');
  const count =
    c.messages.length + c.pending.length + (c.notes?.length ?? 0) + c.pendingNotes.length;

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
      {ws.inbox
        .timeline(c)
        .map((item) =>
          item.kind === 'note' ? (
            <Note key={item.note.id} note={item.note} ws={ws} />
          ) : (
            <Message
              key={item.message.seq}
              m={item.message}
              c={c}
              mine={
                item.message.author.kind === 'agent' &&
                item.message.author.id === ws.signedIn.agent.id
              }
              seen={item.message === lastMine && c.peerReadSeq >= item.message.seq}
            />
          ),
        )}
      {c.pending.map((p) => (
        <Pending key={p.clientMsgId} p={p} c={c} ws={ws} />
      ))}
      {c.pendingNotes.map((p) => (
        <li key={p.key} class="msg note pending" data-state={p.failed ? 'failed' : 'saving'}>
          <div class="msg-meta">
            <span class="badge note-badge">{t('noteBadge')}</span>
          </div>
          <div class="msg-text">{p.text}</div>
          <div class={`msg-status ${p.failed ? 'failed' : ''}`}>
            {p.failed ? t('noteFailed', { msg: p.failed }) : t('noteSaving')}
            {p.failed && (
              <button type="button" class="link" onClick={() => ws.retryNote(c.id, p.key)}>
                {t('retry')}
              </button>
            )}
          </div>
        </li>
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

/** A whisper: staff only, set apart from what the customer sees. */
function Note({ note, ws }: { note: NoteView; ws: Workspace }) {
  const mine = note.author.id === ws.signedIn.agent.id;
  return (
    <li class={`msg note ${mine ? 'mine' : ''}`} data-note-id={note.id}>
      <div class="msg-meta">
        <span class="badge note-badge">
          {t('noteBy', { name: mine ? t('you') : (note.author.name ?? t('system')) })}
        </span>
        <time dateTime={new Date(note.createdAt).toISOString()}>{formatTime(note.createdAt)}</time>
      </div>
      <div class="msg-text">{note.text}</div>
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
