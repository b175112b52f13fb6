/**
 * The rule set a tenant starts with: the classic policy. Explicit requests for a human
 * and complaints go to people; after-sales intents go to the after-sales experts; a bot
 * that has missed twice hands over; everything else goes to the bot. A `route` to a group
 * the tenant has not created falls back to any available agent.
 */
import type { Rule } from './schema.ts';

export const DEFAULT_RULES: Rule[] = [
  {
    id: 'human-request',
    name: 'Asks for a human or complains → agent',
    enabled: true,
    match: 'any',
    conditions: [
      { field: 'intent', op: 'in', value: ['human_agent', 'complaint'] },
      {
        field: 'text',
        op: 'contains_any',
        value: [
          '人工',
          '转人工',
          '真人',
          '投诉',
          'human',
          'real person',
          'talk to an agent',
          'speak to an agent',
        ],
      },
    ],
    actions: [{ type: 'route' }],
  },
  {
    id: 'after-sales',
    name: 'After-sales intents → after-sales experts',
    enabled: true,
    match: 'any',
    conditions: [
      {
        field: 'intent',
        op: 'in',
        value: ['return_exchange', 'repair_warranty', 'refund', 'delivery_damaged', 'wrong_item'],
      },
      {
        field: 'text',
        op: 'contains_any',
        value: [
          '退货',
          '换货',
          '退款',
          '维修',
          '保修',
          'return this',
          'refund',
          'exchange',
          'warranty',
          'repair',
        ],
      },
    ],
    actions: [{ type: 'route', group: 'after-sales' }],
  },
  {
    id: 'bot-missed-twice',
    name: 'Bot could not answer twice → agent',
    enabled: true,
    match: 'all',
    conditions: [{ field: 'bot_fallbacks', op: 'gte', value: 2 }],
    actions: [{ type: 'route' }],
  },
  {
    id: 'bot',
    name: 'Everything else → bot',
    enabled: true,
    match: 'all',
    conditions: [],
    actions: [{ type: 'bot_answer' }],
  },
];
