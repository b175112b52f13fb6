/**
 * Rules are data: an ordered list of rules, each with conditions and actions. This schema
 * is the validator, the TypeScript type and the OpenAPI document at once.
 */
import { type Static, Type as T } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
const Strings = T.Array(T.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 });
const Count = T.Integer({ minimum: 0, maximum: 100_000 });

export const Condition = T.Union([
  T.Object(
    {
      field: T.Literal('intent'),
      op: T.Union([T.Literal('in'), T.Literal('not_in')]),
      value: Strings,
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('confidence'),
      op: T.Union([T.Literal('gte'), T.Literal('lt')]),
      value: T.Number({ minimum: 0, maximum: 1 }),
    },
    strict,
  ),
  T.Object({ field: T.Literal('declined'), op: T.Literal('eq'), value: T.Boolean() }, strict),
  T.Object(
    {
      field: T.Literal('channel'),
      op: T.Union([T.Literal('in'), T.Literal('not_in')]),
      value: Strings,
    },
    strict,
  ),
  T.Object({ field: T.Literal('language'), op: T.Literal('in'), value: Strings }, strict),
  T.Object(
    {
      field: T.Literal('text'),
      op: T.Union([T.Literal('contains_any'), T.Literal('contains_none')]),
      value: Strings,
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('text'),
      op: T.Literal('matches'),
      value: T.String({ minLength: 1, maxLength: 300 }),
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('customer.tier'),
      op: T.Union([T.Literal('in'), T.Literal('not_in')]),
      value: Strings,
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('customer.tags'),
      op: T.Union([T.Literal('contains_any'), T.Literal('contains_none')]),
      value: Strings,
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('business_hours'),
      op: T.Literal('eq'),
      value: T.Union([T.Literal('open'), T.Literal('closed')]),
      group: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('message_count'),
      op: T.Union([T.Literal('gte'), T.Literal('lt')]),
      value: Count,
    },
    strict,
  ),
  T.Object(
    {
      field: T.Literal('bot_fallbacks'),
      op: T.Union([T.Literal('gte'), T.Literal('lt')]),
      value: Count,
    },
    strict,
  ),
]);

export const Action = T.Union([
  T.Object({ type: T.Literal('bot_answer') }, strict),
  T.Object(
    {
      type: T.Literal('route'),
      group: T.Optional(
        T.String({
          minLength: 1,
          maxLength: 64,
          description: 'skill group key; absent: any agent',
        }),
      ),
    },
    strict,
  ),
  T.Object(
    { type: T.Literal('set_priority'), value: T.Integer({ minimum: 0, maximum: 10 }) },
    strict,
  ),
  T.Object({ type: T.Literal('tag'), value: T.String({ minLength: 1, maxLength: 64 }) }, strict),
  T.Object(
    {
      type: T.Literal('open_ticket'),
      priority: T.Optional(
        T.Union([T.Literal('low'), T.Literal('normal'), T.Literal('high'), T.Literal('urgent')]),
      ),
      subject: T.Optional(T.String({ minLength: 1, maxLength: 300 })),
    },
    strict,
  ),
  T.Object(
    { type: T.Literal('canned_reply'), text: T.String({ minLength: 1, maxLength: 4000 }) },
    strict,
  ),
  T.Object(
    {
      type: T.Literal('webhook'),
      url: T.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' }),
    },
    strict,
  ),
]);

export const Rule = T.Object(
  {
    id: T.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: T.String({ minLength: 1, maxLength: 200 }),
    enabled: T.Boolean(),
    match: T.Union([T.Literal('all'), T.Literal('any')]),
    conditions: T.Array(Condition, { maxItems: 50 }),
    actions: T.Array(Action, { minItems: 1, maxItems: 20 }),
  },
  strict,
);

export const RuleSet = T.Array(Rule, { maxItems: 500 });

export type Condition = Static<typeof Condition>;
export type Action = Static<typeof Action>;
export type Rule = Static<typeof Rule>;
export type RuleSet = Static<typeof RuleSet>;

/** Actions that end rule evaluation: the conversation goes to the bot or to a queue. */
export const TERMINAL: ReadonlySet<Action['type']> = new Set(['bot_answer', 'route']);
