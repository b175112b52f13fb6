/**
 * The rules editor without any DOM: which conditions and actions exist (checked against
 * the server's rule schema by the compiler), rows that keep a sensible value when their
 * field or operator changes, reordering, new ids, and where a validation error belongs.
 */
import type { Action, Condition, Rule } from '../../../routing/index.ts';

export type { Action, Condition, Rule };
export type Field = Condition['field'];
type PairOf<C> = C extends { field: infer F extends string; op: infer O extends string }
  ? `${F} ${O}`
  : never;
/** Every `field op` the schema allows. */
export type Pair = PairOf<Condition>;

export type ValueKind = 'list' | 'regex' | 'fraction' | 'count' | 'boolean' | 'open_closed';

/** How each condition's value is edited. `satisfies` fails the build if the schema moves. */
export const CONDITION_KINDS = {
  'text contains_any': 'list',
  'text contains_none': 'list',
  'text matches': 'regex',
  'intent in': 'list',
  'intent not_in': 'list',
  'confidence gte': 'fraction',
  'confidence lt': 'fraction',
  'declined eq': 'boolean',
  'customer.tier in': 'list',
  'customer.tier not_in': 'list',
  'customer.tags contains_any': 'list',
  'customer.tags contains_none': 'list',
  'channel in': 'list',
  'channel not_in': 'list',
  'language in': 'list',
  'business_hours eq': 'open_closed',
  'message_count gte': 'count',
  'message_count lt': 'count',
  'bot_fallbacks gte': 'count',
  'bot_fallbacks lt': 'count',
} as const satisfies Record<Pair, ValueKind>;

const PAIRS = Object.keys(CONDITION_KINDS) as Pair[];

/** Fields in the order the editor offers them. */
export const FIELDS: Field[] = [...new Set(PAIRS.map((p) => p.split(' ')[0] as Field))];

export function opsOf(field: Field): string[] {
  return PAIRS.filter((p) => p.startsWith(`${field} `)).map((p) => p.split(' ')[1]!);
}

export function kindOf(condition: Pick<Condition, 'field' | 'op'>): ValueKind {
  return CONDITION_KINDS[`${condition.field} ${condition.op}` as Pair];
}

/** Suggestions for list values the engine knows. */
export const SUGGESTIONS: Partial<Record<Field, string[]>> = {
  channel: ['web', 'app', 'wechat', 'email', 'api'],
  language: ['zh', 'en'],
  intent: ['human_agent', 'complaint', 'refund', 'return_exchange', 'order_status'],
};

/**
 * The condition for `field op`, carrying over what still fits of `previous` (a list
 * becomes a regex of its alternatives and back).
 */
export function makeCondition(field: Field, op: string, previous?: Condition): Condition {
  const kind = CONDITION_KINDS[`${field} ${op}` as Pair] ?? 'list';
  const before = previous?.value;
  const asList = Array.isArray(before)
    ? before
    : typeof before === 'string' && kindOf(previous!) === 'regex'
      ? before.split('|').filter(Boolean)
      : [];
  let value: unknown;
  switch (kind) {
    case 'list':
      value = asList;
      break;
    case 'regex':
      value = typeof before === 'string' ? before : asList.join('|');
      break;
    case 'fraction':
      value = typeof before === 'number' && before <= 1 ? before : 0.8;
      break;
    case 'count':
      value = typeof before === 'number' && Number.isInteger(before) ? before : 2;
      break;
    case 'boolean':
      value = typeof before === 'boolean' ? before : true;
      break;
    case 'open_closed':
      value = before === 'open' ? 'open' : 'closed';
      break;
  }
  return { field, op, value } as Condition;
}

export function defaultCondition(): Condition {
  return makeCondition('text', 'contains_any');
}

export const ACTION_TYPES = [
  'route',
  'bot_answer',
  'set_priority',
  'tag',
  'open_ticket',
  'canned_reply',
  'webhook',
] as const satisfies readonly Action['type'][];
// Every action type is offered: a new one in the schema fails here.
const _allActions: Exclude<Action['type'], (typeof ACTION_TYPES)[number]> extends never
  ? true
  : never = true;
void _allActions;

export function makeAction(type: Action['type']): Action {
  switch (type) {
    case 'route':
      return { type };
    case 'bot_answer':
      return { type };
    case 'set_priority':
      return { type, value: 5 };
    case 'tag':
      return { type, value: '' };
    case 'open_ticket':
      return { type };
    case 'canned_reply':
      return { type, text: '' };
    case 'webhook':
      return { type, url: 'https://' };
  }
}

/** Terminal actions end the evaluation; a rule may have one. */
export const TERMINAL_ACTIONS: ReadonlySet<Action['type']> = new Set(['route', 'bot_answer']);

/** A new, enabled rule with an id no other rule has. */
export function newRule(rules: readonly Rule[], name: string): Rule {
  const ids = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (ids.has(`rule-${n}`)) n++;
  return {
    id: `rule-${n}`,
    name,
    enabled: true,
    match: 'all',
    conditions: [defaultCondition()],
    actions: [makeAction('route')],
  };
}

/** The list with item `index` moved by `delta` (clamped); the same list when it cannot move. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  if (to === index) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item!);
  return next;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export interface RuleProblem {
  /** The rule it is about, when the message names one. */
  index: number | undefined;
  text: string;
}

/**
 * Where a server validation message belongs. Messages look like
 * `rules/3 (vip): unknown group "x"` or `rules/3/conditions/0/value: Expected …`.
 */
export function locateProblem(message: string): RuleProblem {
  const match = /^rules\/(\d+)(?: \([^)]*\))?(\/[^:]*)?:\s*(.*)$/s.exec(message);
  if (!match) return { index: undefined, text: message.replace(/^rules:\s*/, '') };
  const path = (match[2] ?? '')
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ');
  return { index: Number(match[1]), text: path ? `${path}: ${match[3]}` : match[3]! };
}

export type LocalProblem =
  | { what: 'name' | 'no_actions' | 'two_endings' }
  | { what: 'empty_condition' | 'empty_action'; n: number }
  | { what: 'unknown_group'; group: string };

/**
 * What the editor can tell before asking the server: empty values, two endings, groups
 * that do not exist (`groupKeys`, when known).
 */
export function localProblems(
  rules: readonly Rule[],
  groupKeys?: ReadonlySet<string>,
): Map<number, LocalProblem[]> {
  const problems = new Map<number, LocalProblem[]>();
  rules.forEach((rule, i) => {
    const list: LocalProblem[] = [];
    if (!rule.name.trim()) list.push({ what: 'name' });
    rule.conditions.forEach((c, j) => {
      const empty =
        (Array.isArray(c.value) && c.value.length === 0) ||
        (typeof c.value === 'string' && c.value.trim() === '');
      if (empty) list.push({ what: 'empty_condition', n: j + 1 });
    });
    if (rule.actions.length === 0) list.push({ what: 'no_actions' });
    rule.actions.forEach((a, j) => {
      const text =
        a.type === 'tag'
          ? a.value
          : a.type === 'canned_reply'
            ? a.text
            : a.type === 'webhook'
              ? a.url.replace(/^https?:\/\/$/, '')
              : undefined;
      if (text !== undefined && !text.trim()) list.push({ what: 'empty_action', n: j + 1 });
    });
    if (rule.actions.filter((a) => TERMINAL_ACTIONS.has(a.type)).length > 1)
      list.push({ what: 'two_endings' });
    if (groupKeys) {
      const named = [
        ...rule.actions.map((a) => (a.type === 'route' ? a.group : undefined)),
        ...rule.conditions.map((c) => (c.field === 'business_hours' ? c.group : undefined)),
      ];
      for (const group of new Set(named)) {
        if (group && !groupKeys.has(group)) list.push({ what: 'unknown_group', group });
      }
    }
    if (list.length) problems.set(i, list);
  });
  return problems;
}

/** Has the editor changed anything since `saved`? */
export function isDirty(rules: readonly Rule[], saved: readonly Rule[]): boolean {
  return JSON.stringify(rules) !== JSON.stringify(saved);
}
