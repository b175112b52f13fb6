/** @jsxImportSource preact */
/** Skill groups: strategy, stickiness, re-queue and overflow, business hours, out-of-hours reply. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type BusinessHoursJson, type GroupRow } from '../api.ts';
import { type Key, t } from '../i18n.ts';
import type { Workspace } from '../workspace.ts';
import { BusinessHoursEditor } from './business-hours.tsx';

const STRATEGIES = ['least_busy', 'round_robin', 'longest_idle'] as const;

export function GroupsAdmin({ ws }: { ws: Workspace }) {
  const [groups, setGroups] = useState<GroupRow[] | undefined>();
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = async () => {
    try {
      setGroups(await ws.groups(true));
    } catch (err) {
      ws.showError(err);
    }
  };
  useEffect(() => void load(), []);
  const remove = async (g: GroupRow) => {
    if (!confirm(t('confirmDelete', { name: g.name }))) return;
    try {
      await ws.api.deleteGroup(g.id);
      setError(undefined);
      await load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section class="admin-page" aria-labelledby="groups-title">
      <header class="page-head">
        <h1 id="groups-title">{t('tab_groups')}</h1>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          + {t('addGroup')}
        </button>
      </header>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      {editing === 'new' && groups && (
        <GroupForm
          ws={ws}
          groups={groups}
          onDone={async () => {
            setEditing(undefined);
            await load();
          }}
        />
      )}
      {groups === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : groups.length === 0 ? (
        <p class="muted">{t('empty')}</p>
      ) : (
        <ul class="card-list">
          {groups.map((g) =>
            editing === g.id ? (
              <li key={g.id}>
                <GroupForm
                  ws={ws}
                  group={g}
                  groups={groups}
                  onDone={async () => {
                    setEditing(undefined);
                    await load();
                  }}
                />
              </li>
            ) : (
              <li key={g.id} class="item-card" data-group-key={g.key}>
                <div>
                  <h2>
                    {g.name} <code class="small">{g.key}</code>
                  </h2>
                  <p class="muted small">
                    {t(`strategy_${g.strategy}` as Key)}
                    {g.sticky && ` · ${t('sticky')}`}
                    {g.businessHours && ` · ${t('businessHours')}: ${g.businessHours.timezone}`}
                    {g.overflowGroup && ` · ${t('overflowTo')}: ${g.overflowGroup}`}
                  </p>
                  <p class="small">{t('members', { online: g.online, queued: g.queued })}</p>
                </div>
                <div class="item-actions">
                  <button
                    type="button"
                    class="ghost small"
                    aria-label={t('editGroup', { name: g.name })}
                    onClick={() => setEditing(g.id)}
                  >
                    {t('edit')}
                  </button>
                  <button
                    type="button"
                    class="ghost small danger-text"
                    aria-label={`${t('delete')} ${g.name}`}
                    onClick={() => void remove(g)}
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

const seconds = (text: string): number | null => {
  const n = Math.round(Number(text));
  return text.trim() && Number.isFinite(n) && n > 0 ? n : null;
};

function GroupForm(props: { ws: Workspace; group?: GroupRow; groups: GroupRow[]; onDone(): void }) {
  const { ws, group } = props;
  const [key, setKey] = useState(group?.key ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [strategy, setStrategy] = useState<GroupRow['strategy']>(group?.strategy ?? 'least_busy');
  const [sticky, setSticky] = useState(group?.sticky ?? false);
  const [requeue, setRequeue] = useState(String(group?.requeueAfterSec ?? ''));
  const [overflowAfter, setOverflowAfter] = useState(String(group?.overflowAfterSec ?? ''));
  const [overflowGroup, setOverflowGroup] = useState(group?.overflowGroup ?? '');
  const [hours, setHours] = useState<BusinessHoursJson | null>(group?.businessHours ?? null);
  const [reply, setReply] = useState(group?.outOfHoursReply ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = group?.id ?? 'new';
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      name: name.trim(),
      strategy,
      sticky,
      requeueAfterSec: seconds(requeue),
      overflowAfterSec: seconds(overflowAfter),
      overflowGroup: overflowGroup || null,
      businessHours: hours,
      outOfHoursReply: reply.trim() || null,
    };
    try {
      if (group) await ws.api.updateGroup(group.id, body);
      else await ws.api.createGroup({ ...body, key: key.trim() });
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
      aria-label={group ? t('editGroup', { name: group.name }) : t('addGroup')}
    >
      <div class="field-row">
        <label class="field">
          <span>{t('groupKey')}</span>
          <input
            type="text"
            required
            pattern="[a-z0-9][a-z0-9_\-]*"
            maxLength={64}
            value={key}
            disabled={!!group}
            aria-describedby={`key-hint-${id}`}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
          <span id={`key-hint-${id}`} class="muted small">
            {t('groupKeyHint')}
          </span>
        </label>
        <label class="field">
          <span>{t('groupName')}</span>
          <input
            type="text"
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <div class="field">
          <label for={`strategy-${id}`}>{t('strategy')}</label>
          <select
            id={`strategy-${id}`}
            value={strategy}
            onChange={(e) => setStrategy(e.currentTarget.value as GroupRow['strategy'])}
          >
            {STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {t(`strategy_${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label class="toggle">
        <input
          type="checkbox"
          checked={sticky}
          onChange={(e) => setSticky(e.currentTarget.checked)}
        />
        {t('sticky')}
      </label>
      <div class="field-row">
        <label class="field">
          <span>
            {t('requeueAfter')} <span class="muted small">({t('optional')})</span>
          </span>
          <input
            type="number"
            min={1}
            max={86400}
            value={requeue}
            onInput={(e) => setRequeue(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>
            {t('overflowAfter')} <span class="muted small">({t('optional')})</span>
          </span>
          <input
            type="number"
            min={1}
            max={86400}
            value={overflowAfter}
            onInput={(e) => setOverflowAfter(e.currentTarget.value)}
          />
        </label>
        <div class="field">
          <label for={`overflow-${id}`}>{t('overflowTo')}</label>
          <select
            id={`overflow-${id}`}
            value={overflowGroup}
            onChange={(e) => setOverflowGroup(e.currentTarget.value)}
          >
            <option value="">{t('noOverflow')}</option>
            {props.groups
              .filter((g) => g.id !== group?.id)
              .map((g) => (
                <option key={g.id} value={g.key}>
                  {g.name}
                </option>
              ))}
          </select>
        </div>
      </div>
      <BusinessHoursEditor value={hours} onChange={setHours} idPrefix={`group-${id}`} />
      <label class="field">
        <span>{t('outOfHoursReply')}</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={reply}
          aria-describedby={`ooh-hint-${id}`}
          onInput={(e) => setReply(e.currentTarget.value)}
        />
        <span id={`ooh-hint-${id}`} class="muted small">
          {t('outOfHoursHint')}
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
