import { describe, expect, it } from 'bun:test';
import {
  type AgentLoad,
  addBusinessMinutes,
  DEFAULT_RULES,
  evaluateRules,
  type Facts,
  isOpen,
  leastBusy,
  longestIdle,
  regexProblem,
  roundRobin,
} from '../../src/routing/index.ts';
import { renderTemplate, searchTerms } from '../../src/tickets/index.ts';

const agent = (id: string, over: Partial<AgentLoad> = {}): AgentLoad => ({
  id,
  status: 'online',
  capacity: 4,
  active: 0,
  lastAssignedAt: 0,
  lastFreedAt: 0,
  ...over,
});

describe('strategies', () => {
  it('least-busy picks the lowest share of capacity, then the longest waiting', () => {
    const a = agent('a', { active: 2, capacity: 4 });
    const b = agent('b', { active: 1, capacity: 4, lastAssignedAt: 50 });
    const c = agent('c', { active: 2, capacity: 8, lastAssignedAt: 100 });
    expect(leastBusy([a, b, c])?.id).toBe('b');
    expect(leastBusy([a, c])?.id).toBe('c');
    expect(leastBusy([a, b, { ...c, lastAssignedAt: 10 }])?.id).toBe('c');
    expect(leastBusy([])).toBeUndefined();
  });
  it('round-robin rotates by id and wraps', () => {
    const list = [agent('b'), agent('a'), agent('c')];
    expect(roundRobin(list, undefined)?.id).toBe('a');
    expect(roundRobin(list, 'a')?.id).toBe('b');
    expect(roundRobin(list, 'c')?.id).toBe('a');
  });
  it('longest-idle picks whoever has waited longest since their last assignment or release', () => {
    expect(
      longestIdle([
        agent('a', { lastAssignedAt: 30 }),
        agent('b', { lastAssignedAt: 10, lastFreedAt: 40 }),
        agent('c', { lastAssignedAt: 20 }),
      ])?.id,
    ).toBe('c');
  });
});

describe('business hours', () => {
  const hours = {
    timezone: 'Asia/Shanghai',
    weekly: {
      '1': [['09:00', '18:00']] as [string, string][],
      '2': [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ] as [string, string][],
    },
    holidays: ['2026-12-08'],
  };
  const shanghai = (iso: string) => Date.parse(`${iso}+08:00`);
  it('knows open and closed, in the zone, with holidays', () => {
    expect(isOpen(hours, shanghai('2026-11-30T10:00:00'))).toBe(true);
    expect(isOpen(hours, shanghai('2026-11-30T18:00:00'))).toBe(false);
    expect(isOpen(hours, shanghai('2026-12-01T12:30:00'))).toBe(false);
    expect(isOpen(hours, shanghai('2026-12-08T10:00:00'))).toBe(false);
    expect(isOpen(null, 0)).toBe(true);
  });
  it('adds business minutes across breaks, nights, weekends and holidays', () => {
    expect(addBusinessMinutes(shanghai('2026-11-30T17:30:00'), 60, hours)).toBe(
      shanghai('2026-12-01T09:30:00'),
    );
    expect(addBusinessMinutes(shanghai('2026-12-01T11:30:00'), 60, hours)).toBe(
      shanghai('2026-12-01T13:30:00'),
    );
    expect(addBusinessMinutes(shanghai('2026-12-01T17:00:00'), 120, hours)).toBe(
      shanghai('2026-12-07T10:00:00'),
    );
    expect(addBusinessMinutes(shanghai('2026-12-07T17:30:00'), 60, hours)).toBe(
      shanghai('2026-12-14T09:30:00'),
    );
    expect(addBusinessMinutes(1000, 5, null)).toBe(1000 + 5 * 60_000);
  });
});

describe('rules', () => {
  const facts = (over: Partial<Facts> = {}): Facts => ({
    text: 'hello',
    channel: 'web',
    language: 'en',
    intent: null,
    confidence: 0,
    declined: true,
    customer: { tier: null, tags: [] },
    messageCount: 1,
    botFallbacks: 0,
    businessHoursOpen: () => true,
    ...over,
  });
  it('collects side actions until a terminal action decides', () => {
    const outcome = evaluateRules(
      [
        {
          id: 'vip',
          name: 'vip',
          enabled: true,
          match: 'all',
          conditions: [{ field: 'customer.tier', op: 'in', value: ['vip'] }],
          actions: [
            { type: 'set_priority', value: 5 },
            { type: 'tag', value: 'vip' },
          ],
        },
        {
          id: 'off',
          name: 'off',
          enabled: false,
          match: 'all',
          conditions: [],
          actions: [{ type: 'route' }],
        },
        {
          id: 'zh',
          name: 'zh',
          enabled: true,
          match: 'all',
          conditions: [{ field: 'language', op: 'in', value: ['zh'] }],
          actions: [{ type: 'route', group: 'cn' }],
        },
      ],
      facts({ customer: { tier: 'vip', tags: [] } }),
    );
    expect(outcome.matched.map((m) => m.id)).toEqual(['vip']);
    expect(outcome.actions).toEqual([
      { type: 'set_priority', value: 5 },
      { type: 'tag', value: 'vip' },
    ]);
    expect(outcome.terminal).toEqual({ type: 'bot_answer' });
    expect(outcome.decidedBy).toBeNull();
  });
  it('uses intents first, keywords as a safety net, in the default rules', () => {
    expect(
      evaluateRules(DEFAULT_RULES, facts({ intent: 'refund', declined: false, confidence: 0.9 }))
        .decidedBy?.id,
    ).toBe('after-sales');
    expect(evaluateRules(DEFAULT_RULES, facts({ text: '我要退货' })).decidedBy?.id).toBe(
      'after-sales',
    );
    expect(evaluateRules(DEFAULT_RULES, facts({ intent: 'complaint' })).decidedBy?.id).toBe(
      'human-request',
    );
    expect(evaluateRules(DEFAULT_RULES, facts({ intent: 'order_status' })).decidedBy?.id).toBe(
      'bot',
    );
  });
  it('refuses regexes that can backtrack catastrophically', () => {
    for (const bad of ['(a+)+$', '(a*)*b', '(\\w+\\s?)+$', '(.*a){2,}', '(a)\\1'])
      expect(regexProblem(bad)).toBeString();
    for (const ok of [
      'refund|return',
      '^order\\s+\\d{6,}$',
      '(?:退货|退款)',
      '[a-z]+@[a-z]+\\.com',
    ])
      expect(regexProblem(ok)).toBeUndefined();
  });
});

describe('tickets helpers', () => {
  it('renders canned responses without evaluating anything', () => {
    const values = {
      customer: { name: 'Li Lei', attributes: { orderId: 'A-1' } },
      agent: { name: 'Ann' },
    };
    expect(
      renderTemplate(
        'Hi {{customer.name}}, order {{ customer.attributes.orderId }} — {{agent.name}}',
        values,
      ),
    ).toBe('Hi Li Lei, order A-1 — Ann');
    expect(renderTemplate('{{customer.missing}}{{constructor.name}}{{__proto__}}', values)).toBe(
      '',
    );
  });
  it('makes search terms of words and Chinese character pairs', () => {
    expect(searchTerms('Broken ZIPPER, order #42')).toEqual(['broken', 'zipper', 'order', '42']);
    expect(searchTerms('退货', true)).toEqual(['退货']);
    expect(searchTerms('退货', false)).toEqual(['退', '货', '退货']);
  });
});
