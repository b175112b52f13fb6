/** @jsxImportSource preact */
/** Transfer to a teammate online with room, or to a skill group's queue, with a reason. */
import { useEffect, useState } from 'preact/hooks';
import type { AvailableAgent, GroupRow } from '../api.ts';
import { t } from '../i18n.ts';
import type { Workspace } from '../workspace.ts';
import { Dialog } from './dialog.tsx';

export function TransferDialog(props: { ws: Workspace; conversationId: string; onClose(): void }) {
  const { ws } = props;
  const [kind, setKind] = useState<'agent' | 'group'>('agent');
  const [agents, setAgents] = useState<AvailableAgent[] | undefined>();
  const [groups, setGroups] = useState<GroupRow[] | undefined>();
  const [agentId, setAgentId] = useState('');
  const [groupKey, setGroupKey] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    ws.api.availableAgents().then(
      (r) => {
        setAgents(r.agents);
        setAgentId(r.agents[0]?.id ?? '');
        if (r.agents.length === 0) setKind('group');
      },
      () => setAgents([]),
    );
    ws.groups(true).then(
      (list) => {
        setGroups(list);
        setGroupKey(list[0]?.key ?? '');
      },
      () => setGroups([]),
    );
  }, []);

  const target = kind === 'agent' ? agentId : groupKey;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!target || !reason.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await ws.transfer(
        props.conversationId,
        kind === 'agent' ? { toAgentId: agentId } : { toGroup: groupKey },
        reason.trim(),
      );
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('transferTitle')} onClose={props.onClose}>
      <form class="dialog-body form" onSubmit={submit}>
        <fieldset class="choice">
          <legend>{t('transferTo')}</legend>
          <label>
            <input
              type="radio"
              name="transfer-kind"
              checked={kind === 'agent'}
              onChange={() => setKind('agent')}
            />
            {t('toAgent')}
          </label>
          <label>
            <input
              type="radio"
              name="transfer-kind"
              checked={kind === 'group'}
              onChange={() => setKind('group')}
            />
            {t('toGroup')}
          </label>
        </fieldset>
        {kind === 'agent' ? (
          agents === undefined ? (
            <p class="muted">{t('loading')}</p>
          ) : agents.length === 0 ? (
            <p class="muted">{t('noneAvailable')}</p>
          ) : (
            <div class="field">
              <label for="transfer-agent">{t('pickAgent')}</label>
              <select
                id="transfer-agent"
                value={agentId}
                onChange={(e) => setAgentId(e.currentTarget.value)}
              >
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({t('load2', { n: a.active, max: a.capacity })})
                  </option>
                ))}
              </select>
            </div>
          )
        ) : groups === undefined ? (
          <p class="muted">{t('loading')}</p>
        ) : groups.length === 0 ? (
          <p class="muted">{t('noGroups')}</p>
        ) : (
          <div class="field">
            <label for="transfer-group">{t('pickGroup')}</label>
            <select
              id="transfer-group"
              value={groupKey}
              onChange={(e) => setGroupKey(e.currentTarget.value)}
            >
              {groups.map((g) => (
                <option key={g.id} value={g.key}>
                  {g.name} · {t('groupLive', { online: g.online, queued: g.queued })}
                </option>
              ))}
            </select>
          </div>
        )}
        <label class="field">
          <span>{t('reasonLabel')}</span>
          <textarea
            rows={3}
            required
            maxLength={500}
            value={reason}
            placeholder={t('reasonPlaceholder')}
            onInput={(e) => setReason(e.currentTarget.value)}
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
          <button type="submit" class="primary" disabled={busy || !target || !reason.trim()}>
            {busy ? t('saving') : t('doTransfer')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
