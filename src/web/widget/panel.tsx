/** @jsxImportSource preact */
/**
 * The widget's view: a launcher button and the chat panel. Message text is always rendered
 * as text (Preact text nodes), never as markup.
 */
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../shared/protocol.ts';
import type { Outgoing } from './chat.ts';
import type { WidgetController } from './controller.ts';
import type { Words } from './i18n.ts';

interface Props {
  ctl: WidgetController;
  words: Words;
  accent: string;
}

export function Widget({ ctl, words, accent }: Props) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => ctl.subscribe(() => redraw(0)), [ctl]);
  const launcher = useRef<HTMLButtonElement>(null);
  const { chat } = ctl;
  const unread = chat.open ? 0 : chat.unread();
  const close = () => {
    ctl.setOpen(false);
    launcher.current?.focus();
  };
  return (
    <div class="root" style={`--kefu-accent:${accent}`}>
      {chat.open && <Panel ctl={ctl} words={words} onClose={close} />}
      <button
        ref={launcher}
        type="button"
        class={chat.open ? 'launcher hidden' : 'launcher'}
        aria-label={chat.open ? words.close : words.open}
        aria-expanded={chat.open}
        onClick={() => (chat.open ? close() : ctl.setOpen(true))}
      >
        {chat.open ? <CloseIcon /> : <ChatIcon />}
        {unread > 0 && (
          <span class="badge">
            {unread}
            <span class="sr"> {words.unread}</span>
          </span>
        )}
      </button>
    </div>
  );
}

function Panel({ ctl, words, onClose }: { ctl: WidgetController; words: Words; onClose(): void }) {
  const { chat } = ctl;
  const log = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState('');
  const count = chat.messages.length + chat.outbox.length;
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const submit = () => {
    if (!draft.trim()) return;
    ctl.send(draft);
    setDraft('');
  };
  const lastMine = chat.messages.findLast((m) => m.author.kind === 'customer');
  const status = chat.closed ? words.statusClosed : statusWords(chat.state, words);
  const place =
    !chat.closed && chat.state === 'queued' && chat.queuePosition
      ? chat.queuePosition === 1
        ? words.queueNext
        : words.queueAt.replace('{n}', String(chat.queuePosition))
      : '';
  const ask = chat.csatAsked();

  return (
    <section
      class="panel"
      role="dialog"
      aria-label={words.title}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <header class="head">
        <div>
          <h2>{words.title}</h2>
          <p>{status}</p>
          {place && (
            <p class="place" role="status">
              {place}
            </p>
          )}
        </div>
        <button type="button" class="x" aria-label={words.close} onClick={onClose}>
          ×
        </button>
      </header>
      {ctl.status !== 'online' && (
        <div class="offline" role="status">
          {words.offline}
        </div>
      )}
      <ol class="log" ref={log} aria-live="polite" aria-label={words.messages}>
        {chat.messages.map((m) => (
          <Item
            key={`${m.conversationId}:${m.seq}`}
            message={m}
            words={words}
            note={m === lastMine ? (chat.agentReadSeq >= m.seq ? words.seen : words.sent) : ''}
          />
        ))}
        {chat.outbox.map((o) => (
          <Pending key={o.clientMsgId} item={o} words={words} onRetry={ctl.retry.bind(ctl)} />
        ))}
        {ask && (
          <li class="item csat">
            <Rating
              key={ask.conversationId}
              words={words}
              score={ask.score}
              onRate={(score, comment) => ctl.rate(score, comment)}
            />
          </li>
        )}
      </ol>
      <div class="typing" aria-live="polite">
        {chat.agentTyping() ? `${words.agent} ${words.typing}` : ''}
      </div>
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label class="sr" for="kefu-input">
          {words.inputLabel}
        </label>
        <textarea
          id="kefu-input"
          ref={input}
          rows={1}
          value={draft}
          placeholder={words.placeholder}
          maxLength={4000}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            ctl.typing();
          }}
          onKeyDown={(e) => {
            // Enter sends; Shift+Enter is a new line; never while an IME is composing.
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" disabled={!draft.trim()}>
          {words.send}
        </button>
      </form>
    </section>
  );
}

function Item({ message, words, note }: { message: ChatMessage; words: Words; note: string }) {
  const kind = message.author.kind;
  if (kind === 'system') {
    return (
      <li class="item system">
        <div class="bubble">{message.text}</div>
      </li>
    );
  }
  const mine = kind === 'customer';
  const who = kind === 'bot' ? words.bot : (message.author.name ?? words.agent);
  return (
    <li class={`item ${mine ? 'mine' : `theirs ${kind}`}`} data-state={mine ? 'sent' : undefined}>
      {mine ? <span class="sr">{words.you}:</span> : <span class="who">{who}</span>}
      <div class="bubble" title={new Date(message.createdAt).toLocaleString()}>
        {message.text}
      </div>
      {note && <span class="meta">{note}</span>}
    </li>
  );
}

function Pending({
  item,
  words,
  onRetry,
}: {
  item: Outgoing;
  words: Words;
  onRetry(clientMsgId: string): void;
}) {
  return (
    <li class="item mine" data-state={item.failed ? 'failed' : 'sending'}>
      <span class="sr">{words.you}:</span>
      <div class="bubble">{item.text}</div>
      {item.failed ? (
        <span class="meta failed">
          {words.failed} ({item.failed}){' '}
          <button type="button" class="linkish" onClick={() => onRetry(item.clientMsgId)}>
            {words.retry}
          </button>
        </span>
      ) : (
        <span class="meta">{words.sending}</span>
      )}
    </li>
  );
}

/** 1–5 stars as radio buttons (arrow keys move), an optional comment, then thanks. */
function Rating(props: {
  words: Words;
  score: number | undefined;
  onRate(score: number, comment: string): void;
}) {
  const { words } = props;
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  if (props.score !== undefined) {
    return (
      <p class="thanks" role="status">
        <span class="done" aria-hidden="true">
          {'★'.repeat(props.score)}
        </span>{' '}
        {words.csatThanks}
      </p>
    );
  }
  const labels = words.csatScores.split('|');
  return (
    <form
      class="rating"
      onSubmit={(e) => {
        e.preventDefault();
        if (score) props.onRate(score, comment);
      }}
    >
      <fieldset>
        <legend>{words.csatTitle}</legend>
        <div class="stars">
          {labels.map((label, i) => (
            <label key={label} class={i < score ? 'on' : ''} title={label}>
              <input
                type="radio"
                name="kefu-csat"
                value={i + 1}
                checked={score === i + 1}
                onChange={() => setScore(i + 1)}
              />
              <span aria-hidden="true">★</span>
              <span class="sr">
                {i + 1} – {label}
              </span>
            </label>
          ))}
        </div>
        <p class="score-word" aria-hidden="true">
          {score ? labels[score - 1] : ''}
        </p>
      </fieldset>
      <label class="sr" for="kefu-csat-comment">
        {words.csatComment}
      </label>
      <textarea
        id="kefu-csat-comment"
        rows={2}
        maxLength={2000}
        placeholder={words.csatComment}
        value={comment}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <button type="submit" disabled={!score}>
        {words.csatSend}
      </button>
    </form>
  );
}

function statusWords(state: string, words: Words): string {
  if (state === 'bot') return words.statusBot;
  if (state === 'queued') return words.statusQueued;
  if (state === 'assigned') return words.statusAssigned;
  return words.statusNew;
}

function CloseIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <path d="M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z" />
    </svg>
  );
}

function ChatIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z" />
    </svg>
  );
}
