/** @jsxImportSource preact */
/** Agents: who they are, their role, skills (skill group keys) and capacity. */
import { useEffect, useState } from 'preact/hooks';
import { type AgentRow, ApiError, type GroupRow } from '../api.ts';
import { type Key, t } from '../i18n.ts';
import { atLeast } from '../routes.ts';
import { splitList } from '../tickets/detail.tsx';
import type { Workspace } from '../workspace.ts';

const ROLES = ['agent', 'supervisor', 'admin', 'owner'] as const;

export function AgentsAdmin({ ws }: { ws: Workspace }) {
  const [agents, setAgents] = useState<AgentRow[] | undefined>();
  const [groups, setGroups] = useState<GroupRow[]>([]);
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const load = async () => {
    try {
      setAgents((await ws.api.agents()).agents);
    } catch (error) {
      ws.showError(error);
    }
  };
  useEffect(() => {
    void load();
    ws.groups(true).then(setGroups, () => setGroups([]));
  }, []);
  const keys = groups.map((g) => g.key).join(', ') || '—';
  return (
    <section class="admin-page" aria-labelledby="agents-title">
      <header class="page-head">
        <h1 id="agents-title">{t('tab_agents')}</h1>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          + {t('addAgent')}
        </button>
      </header>
      <p class="muted small">{t('roleNextSignIn')}</p>
      {editing === 'new' && (
        <AgentForm
          ws={ws}
          keys={keys}
          onDone={async () => {
            setEditing(undefined);
            await load();
          }}
        />
      )}
      {agents === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table admin-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('agentRole')}</th>
                <th scope="col">{t('agentSkills')}</th>
                <th scope="col" class="num">
                  {t('agentCapacity')}
                </th>
                <th scope="col">{t('agentOnline')}</th>
                <th scope="col">
                  <span class="sr">{t('edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) =>
                editing === a.id ? (
                  <tr key={a.id}>
                    <td colSpan={6}>
                      <AgentForm
                        ws={ws}
                        agent={a}
                        keys={keys}
                        onDone={async () => {
                          setEditing(undefined);
                          await load();
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={a.id} data-agent-id={a.id}>
                    <th scope="row">
                      {a.name}
                      <div class="muted small">{a.email}</div>
                    </th>
                    <td>{t(`role_${a.role}` as Key)}</td>
                    <td>
                      {a.skills.length ? (
                        a.skills.map((s) => (
                          <span key={s} class="chip">
                            {s}
                          </span>
                        ))
                      ) : (
                        <span class="muted small">{t('skillsNone')}</span>
                      )}
                    </td>
                    <td class="num">{a.capacity}</td>
                    <td>
                      <span class="presence" data-status={a.status}>
                        <span class="dot" aria-hidden="true" />
                        {t(
                          a.status === 'online'
                            ? 'online'
                            : a.status === 'away'
                              ? 'away'
                              : 'offline',
                        )}{' '}
                        · {a.active}/{a.capacity}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        class="ghost small"
                        aria-label={t('editAgent', { name: a.name })}
                        onClick={() => setEditing(a.id)}
                      >
                        {t('edit')}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AgentForm(props: { ws: Workspace; agent?: AgentRow; keys: string; onDone(): void }) {
  const { ws, agent } = props;
  const me = ws.signedIn.agent;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState(agent?.name ?? '');
  const [role, setRole] = useState(agent?.role ?? 'agent');
  const [skills, setSkills] = useState(agent?.skills.join(', ') ?? '');
  const [capacity, setCapacity] = useState(agent?.capacity ?? 5);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const self = agent?.id === me.id;
  const roles = ROLES.filter(
    (r) => r !== 'owner' || atLeast(me.role, 'owner') || agent?.role === r,
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { name: name.trim() || undefined, skills: splitList(skills), capacity };
      if (agent) await ws.api.updateAgent(agent.id, self ? body : { ...body, role });
      else await ws.api.createAgent({ ...body, email, password, role });
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  const id = agent?.id ?? 'new';
  return (
    <form
      class="form card-form"
      onSubmit={submit}
      aria-label={agent ? t('editAgent', { name: agent.name }) : t('addAgent')}
    >
      {!agent && (
        <div class="field-row">
          <label class="field">
            <span>{t('agentEmail')}</span>
            <input
              type="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{t('agentPassword')}</span>
            <input
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
        </div>
      )}
      <div class="field-row">
        <label class="field">
          <span>{t('name')}</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <div class="field">
          <label for={`role-${id}`}>{t('agentRole')}</label>
          <select
            id={`role-${id}`}
            value={role}
            disabled={self}
            aria-describedby={self ? `role-note-${id}` : undefined}
            onChange={(e) => setRole(e.currentTarget.value)}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role_${r}`)}
              </option>
            ))}
          </select>
          {self && (
            <span id={`role-note-${id}`} class="muted small">
              {t('ownRole')}
            </span>
          )}
        </div>
        <label class="field">
          <span>
            {t('agentCapacity')} <span class="muted small">({t('agentCapacityHint')})</span>
          </span>
          <input
            type="number"
            min={1}
            max={100}
            value={capacity}
            onInput={(e) => setCapacity(Math.round(Number(e.currentTarget.value)) || 1)}
          />
        </label>
      </div>
      <label class="field">
        <span>{t('agentSkills')}</span>
        <input
          type="text"
          value={skills}
          aria-describedby={`skills-hint-${id}`}
          onInput={(e) => setSkills(e.currentTarget.value)}
        />
        <span id={`skills-hint-${id}`} class="muted small">
          {t('agentSkillsHint', { keys: props.keys })}
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
