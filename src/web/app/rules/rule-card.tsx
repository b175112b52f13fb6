/** @jsxImportSource preact */
/**
 * One rule in the editor: name, enabled, order (drag, or the up/down buttons from the
 * keyboard), "when all/any of" condition rows and "then" action rows, each from dropdowns.
 */
import { useEffect, useState } from 'preact/hooks';
import type { GroupRow } from '../api.ts';
import { type Key, t } from '../i18n.ts';
import {
  ACTION_TYPES,
  type Action,
  type Condition,
  defaultCondition,
  FIELDS,
  type Field,
  kindOf,
  makeAction,
  makeCondition,
  opsOf,
  type Rule,
  removeAt,
  replaceAt,
  SUGGESTIONS,
} from './model.ts';

export interface RuleCardProps {
  rule: Rule;
  index: number;
  count: number;
  groups: GroupRow[];
  problems: string[];
  highlight: 'decided' | 'matched' | undefined;
  onChange(rule: Rule): void;
  onMove(delta: number): void;
  onDelete(): void;
  onDragStart(): void;
  onDrop(): void;
}

export function RuleCard(props: RuleCardProps) {
  const { rule, index } = props;
  const n = index + 1;
  const [over, setOver] = useState(false);
  const set = (patch: Partial<Rule>) => props.onChange({ ...rule, ...patch });
  return (
    <li
      class={`rule-card ${rule.enabled ? '' : 'disabled'} ${props.highlight ?? ''} ${over ? 'drop-target' : ''} ${props.problems.length ? 'has-problem' : ''}`}
      data-rule-id={rule.id}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        props.onDrop();
      }}
    >
      <div class="rule-head">
        <span
          class="drag-handle"
          draggable
          title={t('dragHint')}
          aria-hidden="true"
          onDragStart={(e) => {
            e.dataTransfer?.setData('text/plain', rule.id);
            props.onDragStart();
          }}
        >
          ⋮⋮
        </span>
        <span class="rule-number">{n}</span>
        <label class="rule-name">
          <span class="sr">{t('ruleName')}</span>
          <input
            type="text"
            value={rule.name}
            maxLength={200}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </label>
        <label class="toggle">
          <input
            type="checkbox"
            checked={rule.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
          {t('enabled')}
        </label>
        <span class="rule-order">
          <button
            type="button"
            class="ghost small icon"
            aria-label={t('moveRuleUp', { n })}
            title={t('moveUp')}
            disabled={index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="ghost small icon"
            aria-label={t('moveRuleDown', { n })}
            title={t('moveDown')}
            disabled={index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            class="ghost small icon danger-text"
            aria-label={t('deleteRule', { n })}
            title={t('delete')}
            onClick={props.onDelete}
          >
            ✕
          </button>
        </span>
      </div>
      {props.problems.length > 0 && (
        <ul class="rule-problems" role="alert">
          {props.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div class="rule-section">
        <div class="rule-when">
          <span class="word">{t('when')}</span>
          {rule.conditions.length === 0 ? (
            <span class="muted">{t('always')}</span>
          ) : (
            <select
              aria-label={`${t('ruleN', { n })}: ${t('when')}`}
              value={rule.match}
              onChange={(e) => set({ match: e.currentTarget.value as Rule['match'] })}
            >
              <option value="all">{t('matchAll')}</option>
              <option value="any">{t('matchAny')}</option>
            </select>
          )}
        </div>
        <ol class="rows">
          {rule.conditions.map((c, i) => (
            <ConditionRow
              key={i}
              condition={c}
              n={i + 1}
              groups={props.groups}
              onChange={(next) => set({ conditions: replaceAt(rule.conditions, i, next) })}
              onRemove={() => set({ conditions: removeAt(rule.conditions, i) })}
            />
          ))}
        </ol>
        <button
          type="button"
          class="link add-row"
          onClick={() => set({ conditions: [...rule.conditions, defaultCondition()] })}
        >
          + {t('addCondition')}
        </button>
      </div>
      <div class="rule-section">
        <div class="rule-when">
          <span class="word">{t('thenWord')}</span>
        </div>
        <ol class="rows">
          {rule.actions.map((a, i) => (
            <ActionRow
              key={i}
              action={a}
              n={i + 1}
              groups={props.groups}
              onChange={(next) => set({ actions: replaceAt(rule.actions, i, next) })}
              onRemove={() => set({ actions: removeAt(rule.actions, i) })}
            />
          ))}
        </ol>
        <button
          type="button"
          class="link add-row"
          onClick={() => set({ actions: [...rule.actions, makeAction('tag')] })}
        >
          + {t('addAction')}
        </button>
      </div>
    </li>
  );
}

function ConditionRow(props: {
  condition: Condition;
  n: number;
  groups: GroupRow[];
  onChange(c: Condition): void;
  onRemove(): void;
}) {
  const { condition: c, n } = props;
  const kind = kindOf(c);
  return (
    <li class="row-edit">
      <select
        aria-label={t('conditionField', { n })}
        value={c.field}
        onChange={(e) => {
          const field = e.currentTarget.value as Field;
          props.onChange(makeCondition(field, opsOf(field)[0]!, c));
        }}
      >
        {FIELDS.map((f) => (
          <option key={f} value={f}>
            {t(`field_${f}` as Key)}
          </option>
        ))}
      </select>
      <select
        aria-label={t('conditionOp', { n })}
        value={c.op}
        onChange={(e) => props.onChange(makeCondition(c.field, e.currentTarget.value, c))}
      >
        {opsOf(c.field).map((op) => (
          <option key={op} value={op}>
            {t(`op_${op}` as Key)}
          </option>
        ))}
      </select>
      <span class="row-value">
        {kind === 'list' ? (
          <ListInput
            label={t('conditionValue', { n })}
            value={c.value as string[]}
            hint={SUGGESTIONS[c.field]}
            onChange={(value) => props.onChange({ ...c, value } as Condition)}
          />
        ) : kind === 'regex' ? (
          <input
            type="text"
            class="mono"
            aria-label={t('conditionValue', { n })}
            value={c.value as string}
            maxLength={300}
            onInput={(e) => props.onChange({ ...c, value: e.currentTarget.value } as Condition)}
          />
        ) : kind === 'fraction' || kind === 'count' ? (
          <input
            type="number"
            aria-label={t('conditionValue', { n })}
            value={c.value as number}
            min={0}
            max={kind === 'fraction' ? 1 : 100000}
            step={kind === 'fraction' ? 0.05 : 1}
            onInput={(e) => {
              const value = Number(e.currentTarget.value);
              if (Number.isFinite(value)) props.onChange({ ...c, value } as Condition);
            }}
          />
        ) : kind === 'boolean' ? (
          <select
            aria-label={t('conditionValue', { n })}
            value={String(c.value)}
            onChange={(e) =>
              props.onChange({ ...c, value: e.currentTarget.value === 'true' } as Condition)
            }
          >
            <option value="true">{t('yes')}</option>
            <option value="false">{t('no')}</option>
          </select>
        ) : (
          <BusinessHoursValue
            condition={c as Extract<Condition, { field: 'business_hours' }>}
            n={n}
            groups={props.groups}
            onChange={props.onChange}
          />
        )}
      </span>
      <button
        type="button"
        class="ghost small icon"
        aria-label={t('removeCondition', { n })}
        onClick={props.onRemove}
      >
        ✕
      </button>
    </li>
  );
}

function BusinessHoursValue(props: {
  condition: Extract<Condition, { field: 'business_hours' }>;
  n: number;
  groups: GroupRow[];
  onChange(c: Condition): void;
}) {
  const { condition: c, n } = props;
  return (
    <>
      <select
        aria-label={t('conditionValue', { n })}
        value={c.value}
        onChange={(e) =>
          props.onChange({ ...c, value: e.currentTarget.value as 'open' | 'closed' })
        }
      >
        <option value="open">{t('hoursOpen')}</option>
        <option value="closed">{t('hoursClosed')}</option>
      </select>
      <select
        aria-label={`${t('conditionValue', { n })}: ${t('hoursOf')}`}
        value={c.group ?? ''}
        onChange={(e) => {
          const { group: _g, ...rest } = c;
          const group = e.currentTarget.value;
          props.onChange(group ? { ...rest, group } : rest);
        }}
      >
        <option value="">
          {t('hoursOf')}: {t('defaultHours')}
        </option>
        {props.groups.map((g) => (
          <option key={g.id} value={g.key}>
            {t('hoursOf')}: {g.name}
          </option>
        ))}
      </select>
    </>
  );
}

function ActionRow(props: {
  action: Action;
  n: number;
  groups: GroupRow[];
  onChange(a: Action): void;
  onRemove(): void;
}) {
  const { action: a, n } = props;
  const label = t('actionValue', { n });
  return (
    <li class="row-edit">
      <select
        aria-label={t('actionType', { n })}
        value={a.type}
        onChange={(e) => props.onChange(makeAction(e.currentTarget.value as Action['type']))}
      >
        {ACTION_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`action_${type}` as Key)}
          </option>
        ))}
      </select>
      <span class="row-value">
        {a.type === 'route' ? (
          <select
            aria-label={label}
            value={a.group ?? ''}
            onChange={(e) => {
              const group = e.currentTarget.value;
              props.onChange(group ? { type: 'route', group } : { type: 'route' });
            }}
          >
            <option value="">{t('routeAny')}</option>
            {props.groups.map((g) => (
              <option key={g.id} value={g.key}>
                {g.name} ({g.key})
              </option>
            ))}
            {a.group && !props.groups.some((g) => g.key === a.group) && (
              <option value={a.group}>{a.group}</option>
            )}
          </select>
        ) : a.type === 'set_priority' ? (
          <input
            type="number"
            aria-label={label}
            min={0}
            max={10}
            step={1}
            value={a.value}
            onInput={(e) => {
              const value = Math.round(Number(e.currentTarget.value));
              if (Number.isFinite(value)) props.onChange({ ...a, value });
            }}
          />
        ) : a.type === 'tag' ? (
          <input
            type="text"
            aria-label={label}
            maxLength={64}
            value={a.value}
            onInput={(e) => props.onChange({ ...a, value: e.currentTarget.value })}
          />
        ) : a.type === 'open_ticket' ? (
          <>
            <select
              aria-label={label}
              value={a.priority ?? ''}
              onChange={(e) => {
                const { priority: _p, ...rest } = a;
                const priority = e.currentTarget.value as NonNullable<typeof a.priority> | '';
                props.onChange(priority ? { ...rest, priority } : rest);
              }}
            >
              <option value="">{t('priorityDefault')}</option>
              {(['low', 'normal', 'high', 'urgent'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`priority_${p}`)}
                </option>
              ))}
            </select>
            <input
              type="text"
              aria-label={`${label}: ${t('ticketSubject')}`}
              placeholder={t('ticketSubject')}
              maxLength={300}
              value={a.subject ?? ''}
              onInput={(e) => {
                const { subject: _s, ...rest } = a;
                const subject = e.currentTarget.value;
                props.onChange(subject ? { ...rest, subject } : rest);
              }}
            />
          </>
        ) : a.type === 'canned_reply' ? (
          <textarea
            aria-label={label}
            rows={2}
            maxLength={4000}
            value={a.text}
            onInput={(e) => props.onChange({ ...a, text: e.currentTarget.value })}
          />
        ) : a.type === 'webhook' ? (
          <input
            type="url"
            aria-label={label}
            maxLength={2000}
            value={a.url}
            onInput={(e) => props.onChange({ ...a, url: e.currentTarget.value })}
          />
        ) : null}
      </span>
      <button
        type="button"
        class="ghost small icon"
        aria-label={t('removeAction', { n })}
        onClick={props.onRemove}
      >
        ✕
      </button>
    </li>
  );
}

/** A list typed as comma-separated text; the text is kept while typing, the list follows. */
function ListInput(props: {
  label: string;
  value: string[];
  hint: string[] | undefined;
  onChange(value: string[]): void;
}) {
  const [draft, setDraft] = useState(props.value.join(', '));
  useEffect(() => {
    if (parseList(draft).join('\n') !== props.value.join('\n')) setDraft(props.value.join(', '));
  }, [props.value.join('\n')]);
  return (
    <input
      type="text"
      aria-label={`${props.label} (${t('listHint')})`}
      value={draft}
      placeholder={props.hint ? t('suggestions', { list: props.hint.join(', ') }) : t('listHint')}
      onInput={(e) => {
        setDraft(e.currentTarget.value);
        props.onChange(parseList(e.currentTarget.value));
      }}
    />
  );
}

export function parseList(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
