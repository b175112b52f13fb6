/**
 * The workspace's new logic without a browser: sections and URLs, canned responses on `/`,
 * the rules editor's rows and error locations, the dashboard's series and percentiles.
 */
import { describe, expect, it } from 'bun:test';
import { Aggregator, FRT_EDGES_SEC, MINUTE_MS } from '../../src/dashboard/index.ts';
import type { Canned } from '../../src/web/app/api.ts';
import { filterCanned, replaceToken, slashToken } from '../../src/web/app/canned.ts';
import { DashboardModel, quantileMs } from '../../src/web/app/dashboard/model.ts';
import { adminTabsFor, parseRoute, routePath, sectionsFor } from '../../src/web/app/routes.ts';
import {
  kindOf,
  localProblems,
  locateProblem,
  makeCondition,
  move,
  newRule,
  opsOf,
} from '../../src/web/app/rules/model.ts';

describe('words', () => {
  it('gives every area its own keys, in English and Chinese alike', async () => {
    const seen = new Map<string, string>();
    for (const area of ['core', 'workspace', 'tickets', 'dashboard', 'rules', 'admin']) {
      const words = (await import(`../../src/web/app/words/${area}.ts`)) as {
        en: Record<string, string>;
        zh: Record<string, string>;
      };
      expect(Object.keys(words.zh).sort()).toEqual(Object.keys(words.en).sort());
      for (const key of Object.keys(words.en)) {
        expect(`${key} in ${seen.get(key) ?? area}`).toBe(`${key} in ${area}`);
        seen.set(key, area);
      }
    }
  });
});

describe('sections', () => {
  it('maps every section to a URL and back', () => {
    for (const path of [
      '/app',
      '/app/c/abc',
      '/app/tickets',
      '/app/tickets/t%201',
      '/app/dashboard',
      '/app/rules',
      '/app/admin/groups',
      '/app/admin/api-keys',
    ]) {
      expect(routePath(parseRoute(path))).toBe(path);
    }
    expect(parseRoute('/app/tickets/t%201')).toEqual({ section: 'tickets', ticketId: 't 1' });
    expect(parseRoute('/app/admin/nope')).toEqual({ section: 'admin', tab: 'agents' });
    expect(parseRoute('/app/whatever')).toEqual({ section: 'inbox' });
  });

  it('shows agents the inbox and tickets, supervisors the dashboard and rules too', () => {
    expect(sectionsFor('agent')).toEqual(['inbox', 'tickets']);
    expect(sectionsFor('supervisor')).toEqual(['inbox', 'tickets', 'dashboard', 'rules', 'admin']);
    expect(adminTabsFor('supervisor')).toEqual(['canned']);
    expect(adminTabsFor('admin')).toContain('groups');
    expect(adminTabsFor('agent')).toEqual([]);
  });
});

const canned = (shortcut: string, title: string): Canned => ({
  id: shortcut,
  shortcut,
  title,
  body: `${title}!`,
  createdAt: 0,
  updatedAt: 0,
});

describe('canned responses on /', () => {
  it('finds the /word at the caret, at the start or after a space only', () => {
    expect(slashToken('/ref', 4)).toEqual({ start: 0, query: 'ref' });
    expect(slashToken('Hi /th', 6)).toEqual({ start: 3, query: 'th' });
    expect(slashToken('/', 1)).toEqual({ start: 0, query: '' });
    expect(slashToken('and/or', 6)).toBeUndefined();
    expect(slashToken('/ref done', 9)).toBeUndefined();
    expect(slashToken('http://x', 8)).toBeUndefined();
  });

  it('lists shortcuts that start with the query first, then the rest that contain it', () => {
    const list = [
      canned('thanks', 'Thank you'),
      canned('refund', 'Refund policy'),
      canned('hi', 'Say thanks'),
    ];
    expect(filterCanned(list, 'th').map((c) => c.shortcut)).toEqual(['thanks', 'hi']);
    expect(filterCanned(list, '').map((c) => c.shortcut)).toEqual(['thanks', 'refund', 'hi']);
    expect(filterCanned(list, 'REF').map((c) => c.shortcut)).toEqual(['refund']);
  });

  it('puts the text in place of the /word and the caret after it', () => {
    const token = slashToken('Hi /th and more', 6)!;
    expect(replaceToken('Hi /th and more', token, 'Thank you!')).toEqual({
      draft: 'Hi Thank you! and more',
      caret: 13,
    });
  });
});

describe('rules editor', () => {
  it('offers each field with the operators the schema allows', () => {
    expect(opsOf('text')).toEqual(['contains_any', 'contains_none', 'matches']);
    expect(opsOf('customer.tier')).toEqual(['in', 'not_in']);
    expect(kindOf({ field: 'confidence', op: 'gte' })).toBe('fraction');
  });

  it('keeps what fits when a row changes its operator or field', () => {
    const words = makeCondition('text', 'contains_any');
    const withWords = { ...words, value: ['invoice', 'bill'] } as typeof words;
    const regex = makeCondition('text', 'matches', withWords);
    expect(regex).toEqual({ field: 'text', op: 'matches', value: 'invoice|bill' });
    expect(makeCondition('text', 'contains_none', regex)).toEqual({
      field: 'text',
      op: 'contains_none',
      value: ['invoice', 'bill'],
    });
    expect(makeCondition('message_count', 'gte', withWords)).toEqual({
      field: 'message_count',
      op: 'gte',
      value: 2,
    });
  });

  it('moves rules and names new ones uniquely', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
    const first = newRule([], 'New');
    const second = newRule([first, { ...first, id: 'rule-2' }], 'New');
    expect(second.id).toBe('rule-3');
  });

  it('finds the rule a server error names', () => {
    expect(locateProblem('rules/2 (vip): unknown group "gold"')).toEqual({
      index: 2,
      text: 'unknown group "gold"',
    });
    expect(locateProblem('rules/0/conditions/1/value: Expected array length >= 1')).toEqual({
      index: 0,
      text: 'conditions 2 value: Expected array length >= 1',
    });
    expect(locateProblem('rules: not a rule set')).toEqual({
      index: undefined,
      text: 'not a rule set',
    });
  });

  it('marks empty values and two endings before saving', () => {
    const rule = newRule([], 'x');
    const broken = {
      ...rule,
      name: ' ',
      actions: [{ type: 'route' as const }, { type: 'bot_answer' as const }],
    };
    expect(localProblems([rule, broken]).get(1)).toEqual([
      { what: 'name' },
      { what: 'empty_condition', n: 1 },
      { what: 'two_endings' },
    ]);
  });
});

describe('dashboard series', () => {
  it('computes the same percentiles as the server from the same bins', () => {
    const agg = new Aggregator();
    const start = Date.UTC(2025, 0, 6, 9);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 200; i++)
      agg.firstResponse('t', `c${i}`, start + random() * 3_600_000, start);
    const summary = agg.summary('t', start + 3_600_000, 120);
    const bins = agg.series('t', start + 3_600_000).reduce<number[]>((sum, b) => {
      b.frtBins.forEach((n, i) => {
        sum[i] = (sum[i] ?? 0) + n;
      });
      return sum;
    }, []);
    expect(quantileMs(bins, FRT_EDGES_SEC, 0.5)).toBe(summary.frtP50Ms);
    expect(quantileMs(bins, FRT_EDGES_SEC, 0.9)).toBe(summary.frtP90Ms);
  });

  it('fills the range minute by minute and lets a push replace its minute', async () => {
    const agg = new Aggregator();
    const now = Date.UTC(2025, 0, 6, 9, 30, 10);
    agg.conversationCreated('t', 'a', now - 5 * MINUTE_MS);
    agg.sample('t', now - 5 * MINUTE_MS, 3, 1);
    const model = new DashboardModel();
    const stats = {
      at: now,
      live: {
        queues: [],
        agents: [],
        totals: { online: 0, busy: 0, away: 0, offline: 0, queued: 0, withAgents: 0, withBot: 0 },
      },
      summary: { lastHour: agg.summary('t', now, 60), last24h: agg.summary('t', now, 1440) },
      bucket: agg.bucketAt('t', now),
    };
    model.load({ ...stats, series: agg.series('t', now), frtEdgesSec: [...FRT_EDGES_SEC] });
    const hour = model.chart(60, now);
    expect(hour.x).toHaveLength(60);
    expect(hour.queue.at(-6)).toBe(3);
    expect(hour.created.reduce((a, b) => a + b, 0)).toBe(1);
    agg.conversationCreated('t', 'b', now);
    model.push({ ...stats, at: now + 1, bucket: agg.bucketAt('t', now) });
    expect(model.chart(60, now).created.at(-1)).toBe(1);
    // Six hours in five-minute points: the peak survives the merge.
    const six = model.chart(360, now);
    expect(six.x).toHaveLength(72);
    expect(Math.max(...six.queue)).toBe(3);
    expect(six.p50.every((v) => v === null)).toBe(true);
  });
});
