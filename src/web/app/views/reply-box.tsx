/** @jsxImportSource preact */
/**
 * The reply box, or an internal note (a whisper only the staff see). Typing `/` at the
 * start or after a space lists the canned responses (they filter as you type); ↑/↓
 * choose, Enter or Tab puts the chosen one — filled in for this conversation by the
 * server — in place of the `/word`, Esc closes the list.
 */
import { useRef, useState } from 'preact/hooks';
import type { Canned } from '../api.ts';
import { filterCanned, replaceToken, type SlashToken, slashToken } from '../canned.ts';
import { t } from '../i18n.ts';
import type { Workspace } from '../workspace.ts';

export function ReplyBox(props: { ws: Workspace; conversationId: string; canReply: boolean }) {
  const { ws, conversationId } = props;
  const [chosenMode, setMode] = useState<'reply' | 'note'>('reply');
  const mode = props.canReply ? chosenMode : 'note';
  const [draft, setDraft] = useState('');
  const [token, setToken] = useState<SlashToken | undefined>();
  const [canned, setCanned] = useState<Canned[] | undefined>();
  const [active, setActive] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const matches = token && canned ? filterCanned(canned, token.query) : [];
  const listOpen = token !== undefined;

  const submit = () => {
    if (!draft.trim()) return;
    if (mode === 'note') void ws.addNote(conversationId, draft);
    else ws.send(draft);
    setDraft('');
    setToken(undefined);
  };

  const look = (value: string, caret: number) => {
    const next = mode === 'reply' ? slashToken(value, caret) : undefined;
    setToken(next);
    setActive(0);
    if (next && !canned) {
      ws.cannedResponses().then(setCanned, () => setCanned([]));
    }
  };

  const choose = async (item: Canned | undefined) => {
    if (!item || !token) return;
    const at = token;
    setToken(undefined);
    let text: string;
    try {
      text = (await ws.api.renderCanned(item.id, conversationId)).text;
    } catch (error) {
      ws.showError(error);
      return;
    }
    const el = input.current;
    const current = el?.value ?? draft;
    const still = current.slice(at.start, at.start + 1 + at.query.length) === `/${at.query}`;
    const result = still
      ? replaceToken(current, at, text)
      : { draft: current + text, caret: current.length + text.length };
    setDraft(result.draft);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(result.caret, result.caret);
    });
  };

  const activeId = listOpen && matches[active] ? `canned-${matches[active]!.id}` : undefined;
  return (
    <form
      class={`reply mode-${mode}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset class="segmented compose-mode">
        <legend class="sr">{t('composeMode')}</legend>
        <button
          type="button"
          aria-pressed={mode === 'reply'}
          disabled={!props.canReply}
          onClick={() => setMode('reply')}
        >
          {t('modeReply')}
        </button>
        <button
          type="button"
          aria-pressed={mode === 'note'}
          onClick={() => {
            setMode('note');
            setToken(undefined);
          }}
        >
          {t('modeNote')}
        </button>
      </fieldset>
      {listOpen && (
        <div class="canned-pop">
          <p class="canned-help muted small" id="canned-help">
            {t('cannedHint')} · {t('cannedUse')}
          </p>
          {canned === undefined ? (
            <p class="canned-empty muted">{t('loading')}</p>
          ) : matches.length === 0 ? (
            <p class="canned-empty muted">
              {canned.length === 0 ? t('cannedEmpty') : t('cannedNone', { q: token!.query })}
            </p>
          ) : (
            <div class="canned-list" role="listbox" id="canned-list" aria-label={t('cannedHint')}>
              {matches.map((item, i) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard stays in the reply box, which points at the option (aria-activedescendant)
                <div
                  key={item.id}
                  tabIndex={-1}
                  id={`canned-${item.id}`}
                  role="option"
                  aria-selected={i === active}
                  class={i === active ? 'active' : ''}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => void choose(item)}
                >
                  <span class="canned-shortcut">/{item.shortcut}</span>
                  <span class="canned-title">{item.title}</span>
                  <span class="canned-body muted">{item.body}</span>
                </div>
              ))}
            </div>
          )}
        </div>
      )}
      <label for="reply-input" class="sr">
        {mode === 'note' ? t('modeNote') : t('reply')}
      </label>
      <textarea
        id="reply-input"
        ref={input}
        rows={2}
        class={mode === 'note' ? 'note-input' : ''}
        value={draft}
        placeholder={mode === 'note' ? t('notePlaceholder') : t('replyPlaceholder')}
        aria-autocomplete="list"
        aria-controls={listOpen ? 'canned-list' : undefined}
        aria-activedescendant={activeId}
        aria-describedby={listOpen ? 'canned-help' : undefined}
        onInput={(e) => {
          const el = e.currentTarget;
          setDraft(el.value);
          look(el.value, el.selectionStart ?? el.value.length);
          if (mode === 'reply') ws.typing();
        }}
        onKeyDown={(e) => {
          if (listOpen) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const n = matches.length || 1;
              setActive((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
              return;
            }
            if ((e.key === 'Enter' || e.key === 'Tab') && !e.isComposing && matches.length > 0) {
              e.preventDefault();
              void choose(matches[active]);
              return;
            }
            if (e.key === 'Escape') {
              // Close the list only; the next Escape leaves the field.
              e.preventDefault();
              e.stopPropagation();
              setToken(undefined);
              return;
            }
          }
          // Enter sends, Shift+Enter is a new line; never while an IME is composing.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        onBlur={() => setToken(undefined)}
      />
      <button type="submit" class="primary" disabled={!draft.trim()}>
        {mode === 'note' ? t('addNote') : t('send')}
      </button>
    </form>
  );
}
