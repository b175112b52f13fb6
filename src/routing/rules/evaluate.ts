/**
 * Rule evaluation: a pure function from a rule set and the facts of one message to the
 * actions to take. Rules run in order; matching rules contribute their side actions
 * (tag, priority, ticket, canned reply, webhook) and the first matching rule with a
 * terminal action (bot answer or route) ends the evaluation.
 */
import type { Action, Condition, Rule } from './schema.ts';
import { TERMINAL } from './schema.ts';

export interface Facts {
  text: string;
  channel: string;
  language: 'zh' | 'en';
  intent: string | null;
  confidence: number;
  declined: boolean;
  customer: { tier: string | null; tags: string[] };
  messageCount: number;
  botFallbacks: number;
  /** Is the group (by key; undefined = the tenant's default hours) open now? */
  businessHoursOpen(groupKey?: string): boolean;
}

export interface Outcome {
  /** Every rule that matched, in order, up to and including the deciding one. */
  matched: { id: string; name: string }[];
  /** The rule whose terminal action decided, if any. */
  decidedBy: { id: string; name: string } | null;
  actions: Action[];
  terminal: Action;
}

const DEFAULT_TERMINAL: Action = { type: 'bot_answer' };

export function evaluateRules(rules: readonly Rule[], facts: Facts): Outcome {
  const matched: Outcome['matched'] = [];
  const actions: Action[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !matches(rule, facts)) continue;
    matched.push({ id: rule.id, name: rule.name });
    const terminal = rule.actions.find((a) => TERMINAL.has(a.type));
    actions.push(...rule.actions.filter((a) => !TERMINAL.has(a.type)));
    if (terminal)
      return { matched, decidedBy: { id: rule.id, name: rule.name }, actions, terminal };
  }
  return { matched, decidedBy: null, actions, terminal: DEFAULT_TERMINAL };
}

function matches(rule: Rule, facts: Facts): boolean {
  if (rule.conditions.length === 0) return true;
  return rule.match === 'all'
    ? rule.conditions.every((c) => holds(c, facts))
    : rule.conditions.some((c) => holds(c, facts));
}

const regexCache = new Map<string, RegExp>();

function holds(c: Condition, f: Facts): boolean {
  switch (c.field) {
    case 'intent':
      return (f.intent !== null && c.value.includes(f.intent)) === (c.op === 'in');
    case 'confidence':
      return c.op === 'gte' ? f.confidence >= c.value : f.confidence < c.value;
    case 'declined':
      return f.declined === c.value;
    case 'channel':
      return c.value.includes(f.channel) === (c.op === 'in');
    case 'language':
      return c.value.includes(f.language);
    case 'text': {
      if (c.op === 'matches') {
        let re = regexCache.get(c.value);
        if (!re) regexCache.set(c.value, (re = new RegExp(c.value, 'iu')));
        return re.test(f.text);
      }
      const text = f.text.toLowerCase();
      const any = c.value.some((word) => text.includes(word.toLowerCase()));
      return c.op === 'contains_any' ? any : !any;
    }
    case 'customer.tier':
      return (f.customer.tier !== null && c.value.includes(f.customer.tier)) === (c.op === 'in');
    case 'customer.tags': {
      const any = c.value.some((tag) => f.customer.tags.includes(tag));
      return c.op === 'contains_any' ? any : !any;
    }
    case 'business_hours':
      return f.businessHoursOpen(c.group) === (c.value === 'open');
    case 'message_count':
      return c.op === 'gte' ? f.messageCount >= c.value : f.messageCount < c.value;
    case 'bot_fallbacks':
      return c.op === 'gte' ? f.botFallbacks >= c.value : f.botFallbacks < c.value;
  }
}
