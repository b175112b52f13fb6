/**
 * Rules: validated on save (nothing half-applied), versioned, restorable; the dry-run
 * says which rule fires; business hours turn a chat into a ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { conversation, createGroup, customerSays, routingEvents, saveRules } from './helpers.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
  await createGroup(k, { key: 'after-sales', name: 'After-sales' });
}, 60_000);
afterAll(() => k.stop());

const rule = (over: Record<string, unknown>) => ({
  id: 'r1',
  name: 'rule',
  enabled: true,
  match: 'all',
  conditions: [],
  actions: [{ type: 'bot_answer' }],
  ...over,
});

async function dryRun(body: Record<string, unknown>) {
  const res = await k.api('/api/v1/rules/dry-run', {
    method: 'POST',
    token: k.tenant.apiKey,
    json: body,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

describe('default rules', () => {
  it('are active until the tenant saves its own', async () => {
    const active = (await (await k.api('/api/v1/rules', { token: k.tenant.apiKey })).json()) as any;
    expect(active).toMatchObject({ version: 0, isDefault: true });
    expect(active.rules.map((r: any) => r.id)).toEqual([
      'human-request',
      'after-sales',
      'bot-missed-twice',
      'bot',
    ]);
  });

  it('send returns to after-sales, requests for a human to any agent, and everything else to the bot', async () => {
    for (const text of ['我要退货', 'I want to return this']) {
      const r = await dryRun({ text });
      expect(r.decidedBy.id).toBe('after-sales');
      expect(r.result).toMatchObject({ kind: 'queue', group: 'after-sales' });
    }
    for (const text of ['转人工', 'talk to a human please', '我要投诉']) {
      expect((await dryRun({ text })).decidedBy.id).toBe('human-request');
    }
    const hello = await dryRun({ text: 'hello' });
    expect(hello.decidedBy.id).toBe('bot');
    expect(hello.actions.at(-1)).toEqual({ type: 'bot_answer' });
    expect((await dryRun({ text: 'hello', botFallbacks: 2 })).decidedBy.id).toBe(
      'bot-missed-twice',
    );
  });

  it('routes a live "I want to return this" to the after-sales group, logged with the rule', async () => {
    const chat = await customerSays(k, 'I want to return this');
    // The ack says stored; the routing decision follows it.
    await chat.socket.nextOf('conversation', (f) => f.conversation.state === 'queued');
    const conv = await conversation(k, chat.conversationId);
    expect(conv.state).toBe('queued');
    const events = await routingEvents(k, chat.conversationId);
    expect(events.find((e) => e.kind === 'rule_matched')?.ruleId).toBe('after-sales');
    expect(events.find((e) => e.kind === 'queued')?.detail.group).toBe('after-sales');
    chat.socket.close();
  });
});

describe('saving rules', () => {
  const refused: [string, unknown, RegExp][] = [
    ['an unknown field', [rule({ colour: 'red' })], /Unexpected property/],
    [
      'an unknown condition',
      [rule({ conditions: [{ field: 'mood', op: 'eq', value: 'sad' }] })],
      /conditions/,
    ],
    [
      'a regex that does not compile',
      [rule({ conditions: [{ field: 'text', op: 'matches', value: '(unclosed' }] })],
      /does not compile/,
    ],
    [
      'a catastrophic regex',
      [rule({ conditions: [{ field: 'text', op: 'matches', value: '(a+)+$' }] })],
      /nested unbounded quantifiers/,
    ],
    [
      'two terminal actions',
      [rule({ actions: [{ type: 'bot_answer' }, { type: 'route' }] })],
      /at most one/,
    ],
    ['duplicate ids', [rule({}), rule({})], /duplicate rule id/],
    ['no actions', [rule({ actions: [] })], /actions/],
  ];
  for (const [what, rules, message] of refused) {
    it(`refuses ${what} and keeps the rules as they were`, async () => {
      const before = (await (
        await k.api('/api/v1/rules', { token: k.tenant.apiKey })
      ).json()) as any;
      const res = await saveRules(k, rules as unknown[]);
      expect(res.status).toBe(422);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toMatch(message);
      const after = (await (
        await k.api('/api/v1/rules', { token: k.tenant.apiKey })
      ).json()) as any;
      expect(after).toEqual(before);
    });
  }

  it('versions every save, refuses a stale base version, and restores an old version', async () => {
    const mine = [
      rule({
        id: 'refunds',
        conditions: [{ field: 'text', op: 'matches', value: 'refund\\s+\\d+' }],
        actions: [
          { type: 'tag', value: 'money' },
          { type: 'route', group: 'after-sales' },
        ],
      }),
    ];
    const saved = (await (await saveRules(k, mine)).json()) as any;
    expect(saved.version).toBe(1);
    const stale = await k.api('/api/v1/rules', {
      method: 'PUT',
      token: k.tenant.apiKey,
      json: { baseVersion: 0, rules: [] },
    });
    expect(stale.status).toBe(409);
    const r = await dryRun({ text: 'please refund 42' });
    expect(r.decidedBy.id).toBe('refunds');
    expect(r.actions).toEqual([
      { type: 'tag', value: 'money' },
      { type: 'route', group: 'after-sales' },
    ]);
    expect((await dryRun({ text: 'hello' })).decidedBy).toBeNull();
    await saveRules(k, [rule({ id: 'all-bot' })]);
    const restored = (await (
      await k.api('/api/v1/rules/versions/1/restore', { method: 'POST', token: k.tenant.apiKey })
    ).json()) as any;
    expect(restored.version).toBe(3);
    expect(restored.rules[0].id).toBe('refunds');
    const versions = (await (
      await k.api('/api/v1/rules/versions', { token: k.tenant.apiKey })
    ).json()) as any;
    expect(versions.versions.map((v: any) => v.version)).toEqual([3, 2, 1]);
  });

  it('tries unsaved rules in the dry-run', async () => {
    const r = await dryRun({
      text: 'VIP here',
      customer: { tier: 'vip' },
      rules: [
        rule({
          id: 'vip',
          conditions: [{ field: 'customer.tier', op: 'in', value: ['vip'] }],
          actions: [{ type: 'set_priority', value: 8 }, { type: 'route' }],
        }),
      ],
    });
    expect(r.decidedBy.id).toBe('vip');
    expect(r.rulesVersion).toBeNull();
  });

  it('saves a route to a group that does not exist yet, with a warning', async () => {
    const res = await saveRules(k, [
      rule({ id: 'later', actions: [{ type: 'route', group: 'nobody' }] }),
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.warnings).toEqual([
      '/0 (later): no group "nobody" yet: these conversations go to any available agent',
    ]);
    // Back to a plain set for the tests below.
    await saveRules(k, []);
  });

  it('lets only admins save rules', async () => {
    const agent = await k.addAgent();
    const res = await k.api('/api/v1/rules', {
      method: 'PUT',
      token: agent.token,
      json: { baseVersion: 3, rules: [] },
    });
    expect(res.status).toBe(403);
  });
});

describe('groups', () => {
  it('refuses overflow loops and bad business hours', async () => {
    await createGroup(k, { key: 'a', name: 'A' });
    await createGroup(k, { key: 'b', name: 'B', overflowGroup: 'a', overflowAfterSec: 60 });
    const groups = (await (
      await k.api('/api/v1/groups', { token: k.tenant.apiKey })
    ).json()) as any;
    const a = groups.groups.find((g: any) => g.key === 'a');
    const loop = await k.api(`/api/v1/groups/${a.id}`, {
      method: 'PATCH',
      token: k.tenant.apiKey,
      json: { overflowGroup: 'b' },
    });
    expect(loop.status).toBe(422);
    expect(((await loop.json()) as any).error.message).toContain('loop');
    const badZone = await k.api('/api/v1/groups', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: {
        key: 'c',
        name: 'C',
        businessHours: { timezone: 'Mars/Olympus', weekly: {}, holidays: [] },
      },
    });
    expect(badZone.status).toBe(422);
    const badRange = await k.api('/api/v1/groups', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: {
        key: 'c',
        name: 'C',
        businessHours: { timezone: 'UTC', weekly: { '1': [['18:00', '09:00']] }, holidays: [] },
      },
    });
    expect(((await badRange.json()) as any).error.message).toContain('not before');
    expect(
      (
        await k.api('/api/v1/groups', {
          method: 'POST',
          token: k.tenant.apiKey,
          json: { key: 'a', name: 'again' },
        })
      ).status,
    ).toBe(409);
  });
});

describe('business hours', () => {
  it('answers out of hours with an auto-reply and turns the chat into a ticket', async () => {
    // Open only on a date long past: always closed now.
    await createGroup(k, {
      key: 'night',
      name: 'Closed now',
      businessHours: { timezone: 'Asia/Shanghai', weekly: {}, holidays: [] },
      outOfHoursReply: 'We are closed; a ticket is open for you.',
    });
    await saveRules(k, [rule({ id: 'night', actions: [{ type: 'route', group: 'night' }] })]);
    const chat = await customerSays(k, 'Is anyone there at night?');
    const reply = await chat.socket.nextOf('msg', (f) => f.author.kind === 'system');
    expect(reply.text).toBe('We are closed; a ticket is open for you.');
    await chat.socket.nextOf('conversation', (f) => f.conversation.state === 'closed');
    const conv = await conversation(k, chat.conversationId);
    const ticket = (await (
      await k.api(`/api/v1/tickets?requesterId=${conv.customerId}`, { token: k.tenant.apiKey })
    ).json()) as any;
    expect(ticket.tickets).toHaveLength(1);
    expect(ticket.tickets[0]).toMatchObject({
      subject: 'Is anyone there at night?',
      status: 'new',
      tags: ['out-of-hours'],
      conversationId: chat.conversationId,
    });
    expect((await routingEvents(k, chat.conversationId)).map((e) => e.kind)).toContain(
      'out_of_hours',
    );
  });
});
