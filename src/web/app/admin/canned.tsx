/** @jsxImportSource preact */
/** Canned responses: shortcut, title and a text with placeholders. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Canned } from '../api.ts';
import { t } from '../i18n.ts';
import type { Workspace } from '../workspace.ts';

export function CannedAdmin({ ws }: { ws: Workspace }) {
  const [list, setList] = useState<Canned[] | undefined>();
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const load = async () => {
    try {
      setList(await ws.cannedResponses(true));
    } catch (err) {
      ws.showError(err);
    }
  };
  useEffect(() => void load(), []);
  const done = async () => {
    setEditing(undefined);
    await load();
  };
  return (
    <section class="admin-page" aria-labelledby="canned-title">
      <header class="page-head">
        <h1 id="canned-title">{t('tab_canned')}</h1>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          + {t('addCanned')}
        </button>
      </header>
      {editing === 'new' && <CannedForm ws={ws} onDone={done} />}
      {list === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : list.length === 0 ? (
        <p class="muted">{t('empty')}</p>
      ) : (
        <ul class="card-list">
          {list.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <CannedForm ws={ws} canned={c} onDone={done} />
              </li>
            ) : (
              <li key={c.id} class="item-card" data-shortcut={c.shortcut}>
                <div>
                  <h2>
                    <code>/{c.shortcut}</code> {c.title}
                  </h2>
                  <p class="canned-text">{c.body}</p>
                </div>
                <div class="item-actions">
                  <button
                    type="button"
                    class="ghost small"
                    aria-label={t('editCanned', { shortcut: c.shortcut })}
                    onClick={() => setEditing(c.id)}
                  >
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    class="ghost small danger-text"
                    aria-label={`${t('delete')} /${c.shortcut}`}
                    onClick={async () => {
                      if (!confirm(t('confirmDelete', { name: `/${c.shortcut}` }))) return;
                      try {
                        await ws.api.deleteCanned(c.id);
                        await load();
                      } catch (err) {
                        ws.showError(err);
                      }
                    }}
                  >
                    {t('delete')}
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

function CannedForm(props: { ws: Workspace; canned?: Canned; onDone(): void }) {
  const { ws, canned } = props;
  const [shortcut, setShortcut] = useState(canned?.shortcut ?? '');
  const [title, setTitle] = useState(canned?.title ?? '');
  const [body, setBody] = useState(canned?.body ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = canned?.id ?? 'new';
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const fields = { shortcut: shortcut.trim(), title: title.trim(), body };
      if (canned) await ws.api.updateCanned(canned.id, fields);
      else await ws.api.createCanned(fields);
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <form
      class="form card-form"
      onSubmit={submit}
      aria-label={canned ? t('editCanned', { shortcut: canned.shortcut }) : t('addCanned')}
    >
      <div class="field-row">
        <label class="field">
          <span>
            {t('shortcut')} <span class="muted small">({t('shortcutHint')})</span>
          </span>
          <input
            type="text"
            required
            maxLength={64}
            pattern="[\p{L}\p{N}_\-]+"
            value={shortcut}
            onInput={(e) => setShortcut(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('cannedTitle')}</span>
          <input
            type="text"
            required
            maxLength={200}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
      </div>
      <label class="field">
        <span>{t('cannedBody')}</span>
        <textarea
          rows={4}
          required
          maxLength={4000}
          value={body}
          aria-describedby={`canned-hint-${id}`}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <span id={`canned-hint-${id}`} class="muted small">
          {t('cannedBodyHint')}
        </span>
      </label>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="ghost" onClick={props.onDone}>
          {t('cancel')}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
