/** @jsxImportSource preact */
/** SLA policies: minutes per priority for first response, next response and resolution. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type BusinessHoursJson, type Policy } from '../api.ts';
import { type Key, t } from '../i18n.ts';
import type { Workspace } from '../workspace.ts';
import { BusinessHoursEditor } from './business-hours.tsx';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const KINDS = ['firstResponseMin', 'nextResponseMin', 'resolutionMin'] as const;
const KIND_WORD: Record<(typeof KINDS)[number], Key> = {
  firstResponseMin: 'firstResponse',
  nextResponseMin: 'nextResponse',
  resolutionMin: 'resolution',
};
type Targets = Policy['targets'];

export function SlaAdmin({ ws }: { ws: Workspace }) {
  const [list, setList] = useState<Policy[] | undefined>();
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const load = async () => {
    try {
      setList((await ws.api.slaPolicies()).policies);
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
    <section class="admin-page" aria-labelledby="sla-title">
      <header class="page-head">
        <h1 id="sla-title">{t('tab_sla')}</h1>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          + {t('addPolicy')}
        </button>
      </header>
      {editing === 'new' && <PolicyForm ws={ws} onDone={done} />}
      {list === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : list.length === 0 ? (
        <p class="muted">{t('empty')}</p>
      ) : (
        <ul class="card-list">
          {list.map((p) =>
            editing === p.id ? (
              <li key={p.id}>
                <PolicyForm ws={ws} policy={p} onDone={done} />
              </li>
            ) : (
              <li key={p.id} class="item-card" data-policy={p.name}>
                <div>
                  <h2>
                    {p.name}{' '}
                    <span class={`state ${p.active ? 'state-assigned' : ''}`}>
                      {p.active ? t('active') : t('inactive')}
                    </span>
                  </h2>
                  <p class="muted small">
                    {PRIORITIES.filter((pr) => p.targets[pr])
                      .map(
                        (pr) =>
                          `${t(`priority_${pr}`)}: ${KINDS.map((k) => p.targets[pr]?.[k] ?? '—').join(' / ')}`,
                      )
                      .join(' · ')}
                  </p>
                </div>
                <div class="item-actions">
                  <button
                    type="button"
                    class="ghost small"
                    aria-label={t('editPolicy', { name: p.name })}
                    onClick={() => setEditing(p.id)}
                  >
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    class="ghost small danger-text"
                    aria-label={`${t('delete')} ${p.name}`}
                    onClick={async () => {
                      if (!confirm(t('confirmDelete', { name: p.name }))) return;
                      try {
                        await ws.api.deleteSlaPolicy(p.id);
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

function PolicyForm(props: { ws: Workspace; policy?: Policy; onDone(): void }) {
  const { ws, policy } = props;
  const [name, setName] = useState(policy?.name ?? '');
  const [active, setActive] = useState(policy?.active ?? true);
  const [targets, setTargets] = useState<Targets>(policy?.targets ?? {});
  const [hours, setHours] = useState<BusinessHoursJson | null>(policy?.businessHours ?? null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const setTarget = (
    priority: (typeof PRIORITIES)[number],
    kind: (typeof KINDS)[number],
    text: string,
  ) => {
    const n = Math.round(Number(text));
    const row = { ...(targets[priority] ?? {}) };
    if (text.trim() && Number.isFinite(n) && n > 0) row[kind] = n;
    else delete row[kind];
    const next = { ...targets };
    if (Object.keys(row).length) next[priority] = row;
    else delete next[priority];
    setTargets(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = { name: name.trim(), active, targets, businessHours: hours };
    try {
      if (policy) await ws.api.updateSlaPolicy(policy.id, body);
      else await ws.api.createSlaPolicy(body);
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  const id = policy?.id ?? 'new';
  return (
    <form
      class="form card-form"
      onSubmit={submit}
      aria-label={policy ? t('editPolicy', { name: policy.name }) : t('addPolicy')}
    >
      <label class="field">
        <span>{t('policyName')}</span>
        <input
          type="text"
          required
          maxLength={200}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="toggle">
        <input
          type="checkbox"
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        {t('policyActive')}
      </label>
      <table class="table targets-table">
        <caption>{t('targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('priority')}</th>
            {KINDS.map((k) => (
              <th key={k} scope="col">
                {t(KIND_WORD[k])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((priority) => (
            <tr key={priority}>
              <th scope="row">{t(`priority_${priority}`)}</th>
              {KINDS.map((kind) => (
                <td key={kind}>
                  <input
                    type="number"
                    min={1}
                    aria-label={`${t(`priority_${priority}`)} · ${t(KIND_WORD[kind])}`}
                    value={targets[priority]?.[kind] ?? ''}
                    onInput={(e) => setTarget(priority, kind, e.currentTarget.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <BusinessHoursEditor value={hours} onChange={setHours} idPrefix={`sla-${id}`} />
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
