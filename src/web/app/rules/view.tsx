/** @jsxImportSource preact */
/**
 * The rules editor: the rule set as cards (built from dropdowns, reordered by drag or
 * keyboard), saved with the version it started from (a concurrent save is shown, not
 * lost), a test panel that runs the unsaved rules on a message, and the version history.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type ActiveRules,
  ApiError,
  type DryRunResult,
  type GroupRow,
  type RuleVersion,
} from '../api.ts';
import { formatTime, type Key, t } from '../i18n.ts';
import { atLeast } from '../routes.ts';
import type { Workspace } from '../workspace.ts';
import {
  type Action,
  isDirty,
  type LocalProblem,
  localProblems,
  locateProblem,
  move,
  newRule,
  type Rule,
  removeAt,
  replaceAt,
} from './model.ts';
import { parseList, RuleCard } from './rule-card.tsx';

export function RulesView({ ws }: { ws: Workspace }) {
  const [active, setActive] = useState<ActiveRules | undefined>();
  const [rules, setRules] = useState<Rule[]>([]);
  const [groups, setGroups] = useState<GroupRow[]>([]);
  const [groupsLoaded, setGroupsLoaded] = useState(false);
  const [versions, setVersions] = useState<RuleVersion[]>([]);
  const [serverProblem, setServerProblem] = useState<{ index?: number; text: string }>();
  const [conflict, setConflict] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const [test, setTest] = useState<DryRunResult | undefined>();
  const dragging = useRef<number | undefined>(undefined);
  const canSave = atLeast(ws.signedIn.agent.role, 'admin');

  const load = async () => {
    try {
      const [current, list] = await Promise.all([ws.api.rules(), ws.api.ruleVersions()]);
      setActive(current);
      setRules(current.rules);
      setVersions(list.versions);
      setConflict(undefined);
      setServerProblem(undefined);
    } catch (error) {
      ws.showError(error);
    }
  };
  useEffect(() => {
    void load();
    ws.groups(true).then(
      (list) => {
        setGroups(list);
        setGroupsLoaded(true);
      },
      () => setGroups([]),
    );
  }, []);

  if (!active) return <p class="empty muted">{t('loading')}</p>;

  const local = localProblems(rules, groupsLoaded ? new Set(groups.map((g) => g.key)) : undefined);
  const dirty = isDirty(rules, active.rules);
  const edit = (next: Rule[]) => {
    setRules(next);
    setStatus(undefined);
    setTest(undefined);
  };

  const save = async (baseVersion: number) => {
    if (local.size > 0) {
      setServerProblem({ text: t('fixProblems') });
      return;
    }
    setBusy(true);
    setServerProblem(undefined);
    try {
      const saved = await ws.api.saveRules(baseVersion, rules);
      setActive(saved);
      setRules(saved.rules);
      setConflict(undefined);
      setStatus(t('savedVersion', { v: saved.version }));
      setVersions((await ws.api.ruleVersions()).versions);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const latest = await ws.api.rules().catch(() => undefined);
        setConflict(latest?.version ?? baseVersion + 1);
      } else if (error instanceof ApiError && error.status === 422) {
        setServerProblem(locateProblem(error.message));
      } else ws.showError(error);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (version: number) => {
    setBusy(true);
    try {
      const restored = await ws.api.restoreRules(version);
      setActive(restored);
      setRules(restored.rules);
      setConflict(undefined);
      setStatus(t('restored', { v: version, w: restored.version }));
      setVersions((await ws.api.ruleVersions()).versions);
    } catch (error) {
      ws.showError(error);
    } finally {
      setBusy(false);
    }
  };

  const problemsAt = (i: number): string[] => [
    ...(local.get(i) ?? []).map(describe),
    ...(serverProblem?.index === i ? [serverProblem.text] : []),
  ];
  const decided = test?.decidedBy?.id;
  const matched = new Set(test?.matched.map((m) => m.id));

  return (
    <div class="rules-page">
      <header class="page-head">
        <div>
          <h1>{t('rulesTitle')}</h1>
          <p class="muted small">
            {active.isDefault ? t('rulesDefault') : t('rulesVersion', { v: active.version })}
            {dirty && <strong class="unsaved"> · {t('unsaved')}</strong>}
          </p>
        </div>
        <div class="page-actions">
          <button
            type="button"
            class="ghost"
            onClick={() => edit([...rules, newRule(rules, t('newRuleName'))])}
          >
            + {t('addRule')}
          </button>
          <button
            type="button"
            class="ghost"
            disabled={!dirty || busy}
            onClick={() => edit(active.rules)}
          >
            {t('discard')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={!canSave || !dirty || busy}
            onClick={() => void save(active.version)}
          >
            {busy ? t('saving') : t('saveRules')}
          </button>
        </div>
      </header>
      <p class="muted lead">{t('rulesLead')}</p>
      {!canSave && <p class="note">{t('adminsSave')}</p>}
      <div role="status" aria-live="polite" class="status-line">
        {status}
      </div>
      {conflict !== undefined && (
        <div class="alert conflict" role="alert">
          <span>{t('rulesConflict', { v: conflict })}</span>
          <span class="alert-actions">
            <button type="button" class="ghost small" onClick={() => void load()}>
              {t('loadTheirs')}
            </button>
            <button type="button" class="primary small" onClick={() => void save(conflict)}>
              {t('saveMine')}
            </button>
          </span>
        </div>
      )}
      {serverProblem && serverProblem.index === undefined && (
        <p class="alert" role="alert">
          {serverProblem.text}
        </p>
      )}
      <div class="rules-layout">
        <ol class="rule-list">
          {rules.map((rule, i) => (
            <RuleCard
              key={rule.id}
              rule={rule}
              index={i}
              count={rules.length}
              groups={groups}
              problems={problemsAt(i)}
              highlight={
                decided === rule.id ? 'decided' : matched.has(rule.id) ? 'matched' : undefined
              }
              onChange={(next) => edit(replaceAt(rules, i, next))}
              onMove={(delta) => {
                edit(move(rules, i, delta));
                keepFocus(rule.id);
              }}
              onDelete={() => edit(removeAt(rules, i))}
              onDragStart={() => {
                dragging.current = i;
              }}
              onDrop={() => {
                const from = dragging.current;
                dragging.current = undefined;
                if (from !== undefined && from !== i) edit(move(rules, from, i - from));
              }}
            />
          ))}
        </ol>
        <aside class="rules-side">
          <TestPanel
            ws={ws}
            rules={rules}
            result={test}
            onResult={setTest}
            onProblem={(p) => setServerProblem(p)}
          />
          <Versions
            ws={ws}
            versions={versions}
            current={active.isDefault ? undefined : active.version}
            canRestore={canSave && !busy}
            onRestore={(v) => void restore(v)}
          />
        </aside>
      </div>
    </div>
  );
}

/**
 * After a keyboard move the rule's card moved with its focused button; at the top or the
 * bottom that button is disabled and drops focus, so the other one takes it.
 */
function keepFocus(ruleId: string): void {
  requestAnimationFrame(() => {
    const active = document.activeElement as HTMLButtonElement | null;
    if (active && active !== document.body && !active.disabled) return;
    document
      .querySelector<HTMLButtonElement>(
        `[data-rule-id="${CSS.escape(ruleId)}"] .rule-order button:not(:disabled)`,
      )
      ?.focus();
  });
}

function describe(p: LocalProblem): string {
  if (p.what === 'unknown_group') return t('problem_unknown_group', { group: p.group });
  return 'n' in p ? t(`problem_${p.what}`, { n: p.n }) : t(`problem_${p.what}`);
}

const CHANNELS = ['web', 'app', 'wechat', 'email', 'api'];

function TestPanel(props: {
  ws: Workspace;
  rules: Rule[];
  result: DryRunResult | undefined;
  onResult(result: DryRunResult | undefined): void;
  onProblem(problem: { index?: number; text: string }): void;
}) {
  const { ws, result } = props;
  const [text, setText] = useState('');
  const [channel, setChannel] = useState('web');
  const [tier, setTier] = useState('');
  const [tags, setTags] = useState('');
  const [messageCount, setMessageCount] = useState(1);
  const [fallbacks, setFallbacks] = useState(0);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      props.onResult(
        await ws.api.dryRun({
          text,
          channel,
          customer: { tier: tier.trim() || null, tags: parseList(tags) },
          messageCount,
          botFallbacks: fallbacks,
          rules: props.rules,
        }),
      );
    } catch (error) {
      props.onResult(undefined);
      if (error instanceof ApiError && error.status === 422)
        props.onProblem(locateProblem(error.message));
      else ws.showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="side-card test-panel" aria-labelledby="test-title">
      <h2 id="test-title">{t('testTitle')}</h2>
      <p class="muted small">{t('testLead')}</p>
      <form class="form" onSubmit={run}>
        <label class="field">
          <span>{t('testMessage')}</span>
          <textarea
            id="test-message"
            rows={2}
            value={text}
            maxLength={4000}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <div class="field-row">
          <div class="field">
            <label for="test-channel">{t('testChannel')}</label>
            <select
              id="test-channel"
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value)}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <label class="field">
            <span>{t('testTier')}</span>
            <input
              type="text"
              value={tier}
              size={8}
              onInput={(e) => setTier(e.currentTarget.value)}
            />
          </label>
        </div>
        <label class="field">
          <span>
            {t('testTags')} <span class="muted small">({t('listHint')})</span>
          </span>
          <input type="text" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
        <details>
          <summary>{t('testMore')}</summary>
          <div class="field-row">
            <label class="field">
              <span>{t('testMessageCount')}</span>
              <input
                type="number"
                min={0}
                value={messageCount}
                onInput={(e) => setMessageCount(Math.max(0, Number(e.currentTarget.value) || 0))}
              />
            </label>
            <label class="field">
              <span>{t('testFallbacks')}</span>
              <input
                type="number"
                min={0}
                value={fallbacks}
                onInput={(e) => setFallbacks(Math.max(0, Number(e.currentTarget.value) || 0))}
              />
            </label>
          </div>
        </details>
        <button type="submit" class="primary" disabled={busy || !text.trim()}>
          {t('runTest')}
        </button>
      </form>
      <div class="test-result" aria-live="polite">
        {result && <TestResult result={result} />}
      </div>
    </section>
  );
}

function TestResult({ result }: { result: DryRunResult }) {
  const others = result.matched.filter((m) => m.id !== result.decidedBy?.id);
  const { kind, group } = result.result;
  const outcome =
    kind === 'queue'
      ? group
        ? t('resultQueue', { group })
        : t('resultQueueAny')
      : kind === 'out_of_hours'
        ? t('resultOutOfHours', { group: group ?? '' })
        : kind === 'bot_answer'
          ? t('resultBotAnswer')
          : kind === 'bot_handoff'
            ? t('resultBotHandoff')
            : kind === 'bot_fallback'
              ? t('resultBotFallback')
              : t('resultOther', { kind });
  return (
    <div class="result" data-kind={kind}>
      <p class="result-decided">
        <strong>
          {result.decidedBy
            ? t('decidedBy', { name: result.decidedBy.name })
            : t('decidedByDefault')}
        </strong>
      </p>
      <p class="result-outcome">{outcome}</p>
      {others.length > 0 && (
        <p class="small">{t('alsoMatched', { list: others.map((m) => m.name).join(', ') })}</p>
      )}
      <p class="small muted">
        {t('actionsTaken')}: {result.actions.map(actionWords).join(' · ')}
      </p>
      <p class="small muted">
        {t('detected', {
          lang: result.language,
          intent: result.prediction.intent ?? t('noIntent'),
          confidence: result.prediction.confidence.toFixed(2),
        })}
      </p>
    </div>
  );
}

function actionWords(a: Action): string {
  const name = t(`action_${a.type}` as Key);
  switch (a.type) {
    case 'route':
      return `${name}: ${a.group ?? t('routeAny')}`;
    case 'set_priority':
      return `${name}: ${a.value}`;
    case 'tag':
      return `${name}: ${a.value}`;
    default:
      return name;
  }
}

function Versions(props: {
  ws: Workspace;
  versions: RuleVersion[];
  current: number | undefined;
  canRestore: boolean;
  onRestore(version: number): void;
}) {
  const { ws } = props;
  return (
    <section class="side-card versions" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('versionsTitle')}</h2>
      {props.versions.length === 0 ? (
        <p class="muted small">{t('noVersions')}</p>
      ) : (
        <ol class="version-list">
          {props.versions.map((v) => (
            <li key={v.version} data-version={v.version}>
              <div class="version-line">
                <strong>{t('versionLine', { v: v.version, time: formatTime(v.createdAt) })}</strong>
                {v.version === props.current ? (
                  <span class="state state-assigned">{t('current')}</span>
                ) : (
                  props.canRestore && (
                    <button
                      type="button"
                      class="ghost small"
                      aria-label={`${t('restore')} v${v.version}`}
                      onClick={() => props.onRestore(v.version)}
                    >
                      {t('restore')}
                    </button>
                  )
                )}
              </div>
              <details>
                <summary class="small muted">
                  {v.authorId ? t('byWhom', { who: ws.agentName(v.authorId) }) : ''}{' '}
                  {t('rulesCount', { n: v.rules.length })}
                </summary>
                <ol class="small">
                  {v.rules.map((r) => (
                    <li key={r.id} class={r.enabled ? '' : 'muted'}>
                      {r.name}
                    </li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
