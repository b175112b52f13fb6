/** @jsxImportSource preact */
/** A supervisor whispers into a conversation from the dashboard: an internal note. */
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { Dialog } from '../views/dialog.tsx';
import type { Workspace } from '../workspace.ts';

export function WhisperDialog(props: {
  ws: Workspace;
  conversationId: string;
  who: string;
  onClose(): void;
}) {
  const { ws } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      ws.inbox.note(await ws.api.addNote(props.conversationId, text.trim()));
      ws.confirm(t('whisperSent'));
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`${t('whisperTitle')} · ${props.who}`} onClose={props.onClose}>
      <form class="dialog-body form" onSubmit={submit}>
        <p class="muted small">{t('whisperLead')}</p>
        <label class="field">
          <span>{t('modeNote')}</span>
          <textarea
            rows={3}
            required
            class="note-input"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="alert" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={busy || !text.trim()}>
            {busy ? t('saving') : t('addNote')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
