/**
 * Routing with real agents on real sockets: skills and capacity, re-queue after no answer,
 * overflow, sticky agents, priority, transfers, take-over, presence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import {
  assignedTo,
  conversation,
  createGroup,
  customerSays,
  routingEvents,
  saveRules,
  waitFor,
} from './helpers.ts';

let k: TestKefu;
beforeEach(async () => {
  k = await startTestKefu('sqlite', { KEFU_AGENT_OFFLINE_GRACE_SEC: '1' });
}, 60_000);
afterEach(() => k.stop());

/** Everything goes to the `billing` group. */
const toGroup = (group?: string) => [
  {
    id: 'all',
    name: 'everything to people',
    enabled: true,
    match: 'all',
    conditions: [],
    actions: [{ type: 'route', ...(group ? { group } : {}) }],
  },
];

describe('skills and capacity', () => {
  it('assigns only agents with the skill, never beyond their capacity', async () => {
    await createGroup(k, { key: 'billing', name: 'Billing' });
    expect((await saveRules(k, toGroup('billing'))).status).toBe(200);
    const outsider = await k.addAgent({ skills: ['pre-sales'], capacity: 5 });
    const biller = await k.addAgent({ skills: ['billing'], capacity: 2 });
    const outsiderSocket = await outsider.connect();
    const billerSocket = await biller.connect();

    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await customerSays(k, `invoice question ${i}`));
    await assignedTo(billerSocket, chats[0]!.conversationId);
    await assignedTo(billerSocket, chats[1]!.conversationId);
    // The third waits: the only billing agent is full; the other agent lacks the skill.
    await Bun.sleep(200);
    expect((await conversation(k, chats[2]!.conversationId)).state).toBe('queued');
    const position = await chats[2]!.socket.nextOf('queue');
    expect(position.position).toBe(1);
    await outsiderSocket.expectNone(
      (f) => f.t === 'conversation' && f.conversation.assignedAgentId === outsider.id,
      100,
    );

    // Closing one frees a slot: the waiting conversation is assigned at once.
    billerSocket.send({ t: 'close', conversationId: chats[0]!.conversationId });
    await assignedTo(billerSocket, chats[2]!.conversationId);
    const events = await routingEvents(k, chats[2]!.conversationId);
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['rule_matched', 'queued', 'assigned']),
    );
    expect(events.find((e) => e.kind === 'rule_matched')?.ruleId).toBe('all');
  });

  it('serves higher priority first (VIP customers)', async () => {
    expect(
      (
        await saveRules(k, [
          {
            id: 'vip',
            name: 'VIP first',
            enabled: true,
            match: 'all',
            conditions: [{ field: 'customer.tier', op: 'in', value: ['vip'] }],
            actions: [{ type: 'set_priority', value: 9 }],
          },
          ...toGroup(),
        ])
      ).status,
    ).toBe(200);
    // A VIP customer: known, then marked VIP, then writes again in a new conversation.
    const vip = await customerSays(k, 'hello');
    const agentA = await k.addAgent({ capacity: 1 });
    const a = await agentA.connect();
    await assignedTo(a, vip.conversationId);
    const customerId = (await conversation(k, vip.conversationId)).customerId;
    await k.api(`/api/v1/customers/${customerId}`, {
      method: 'PATCH',
      token: k.tenant.apiKey,
      json: { attributes: { tier: 'vip' } },
    });
    a.send({ t: 'close', conversationId: vip.conversationId });
    await a.nextOf(
      'conversation',
      (f) => f.conversation.id === vip.conversationId && f.conversation.state === 'closed',
    );
    a.send({ t: 'presence', status: 'away' });
    await a.nextOf('presence');

    const regular = await customerSays(k, 'I was here first');
    vip.socket.send({ t: 'msg', clientMsgId: 'vip-2', text: 'me again' });
    const vipAck = await vip.socket.nextOf('ack', (f) => f.clientMsgId === 'vip-2');
    await waitFor(async () => (await conversation(k, vipAck.conversationId)).state === 'queued');
    a.send({ t: 'presence', status: 'online' });
    await assignedTo(a, vipAck.conversationId);
    expect((await conversation(k, regular.conversationId)).state).toBe('queued');
    expect((await conversation(k, vipAck.conversationId)).priority).toBe(9);
  });
});

describe('when agents do not answer', () => {
  it('re-queues an unanswered conversation to another agent', async () => {
    await createGroup(k, { key: 'support', name: 'Support', requeueAfterSec: 1 });
    await saveRules(k, toGroup('support'));
    const sleepy = await k.addAgent({ skills: ['support'] });
    const sleepySocket = await sleepy.connect();
    const chat = await customerSays(k, 'anyone there?');
    await assignedTo(sleepySocket, chat.conversationId);
    const awake = await k.addAgent({ skills: ['support'] });
    const awakeSocket = await awake.connect();
    // Nobody answers within a second: the conversation moves to the other agent.
    const moved = await assignedTo(awakeSocket, chat.conversationId, 5000);
    expect(moved.conversation.assignedAgentId).toBe(awake.id);
    await sleepySocket.nextOf(
      'conversation',
      (f) =>
        f.conversation.id === chat.conversationId && f.conversation.assignedAgentId !== sleepy.id,
    );
    const events = await routingEvents(k, chat.conversationId);
    expect(events.find((e) => e.kind === 'requeued')?.detail).toMatchObject({
      reason: 'no_answer',
      from: sleepy.id,
    });
    // The new agent answers in time: it stays.
    awakeSocket.send({
      t: 'msg',
      conversationId: chat.conversationId,
      clientMsgId: 'hi',
      text: 'Hi! How can I help?',
    });
    await Bun.sleep(1500);
    expect((await conversation(k, chat.conversationId)).assignedAgentId).toBe(awake.id);
  });

  it('overflows a long wait to the fallback group', async () => {
    await createGroup(k, { key: 'experts', name: 'Experts' });
    await createGroup(k, {
      key: 'returns',
      name: 'Returns',
      overflowAfterSec: 1,
      overflowGroup: 'experts',
    });
    await saveRules(k, toGroup('returns'));
    const expert = await k.addAgent({ skills: ['experts'] });
    const expertSocket = await expert.connect();
    const chat = await customerSays(k, 'my parcel is broken');
    await Bun.sleep(300);
    expect((await conversation(k, chat.conversationId)).state).toBe('queued');
    await assignedTo(expertSocket, chat.conversationId, 5000);
    const events = await routingEvents(k, chat.conversationId);
    expect(events.find((e) => e.kind === 'overflowed')?.detail).toMatchObject({
      from: 'returns',
      to: 'experts',
    });
  });

  it('re-queues the conversations of an agent who went offline after the grace period', async () => {
    await saveRules(k, toGroup());
    const leaving = await k.addAgent();
    const leavingSocket = await leaving.connect();
    const chat = await customerSays(k, 'help');
    await assignedTo(leavingSocket, chat.conversationId);
    leavingSocket.close();
    const staying = await k.addAgent();
    const stayingSocket = await staying.connect();
    await assignedTo(stayingSocket, chat.conversationId, 5000);
    expect(
      (await routingEvents(k, chat.conversationId)).find((e) => e.kind === 'requeued')?.detail
        .reason,
    ).toBe('agent_offline');
  });
});

describe('sticky agents', () => {
  it('prefers the agent who served the customer last time', async () => {
    await createGroup(k, { key: 'care', name: 'Care', sticky: true, strategy: 'round_robin' });
    await saveRules(k, toGroup('care'));
    const first = await k.addAgent({ skills: ['care'], capacity: 10 });
    const second = await k.addAgent({ skills: ['care'], capacity: 10 });
    const sockets = [await first.connect(), await second.connect()];
    const chat = await customerSays(k, 'first visit');
    const served = await Promise.race(sockets.map((s) => assignedTo(s, chat.conversationId)));
    const servedBy = served.conversation.assignedAgentId as string;
    const servingSocket = servedBy === first.id ? sockets[0]! : sockets[1]!;
    servingSocket.send({ t: 'close', conversationId: chat.conversationId });
    await servingSocket.nextOf('conversation', (f) => f.conversation.state === 'closed');
    // Round-robin alone would pick the other agent next; sticky brings the customer back.
    for (let i = 0; i < 3; i++) {
      chat.socket.send({ t: 'msg', clientMsgId: `again-${i}`, text: 'me again' });
      const ack = await chat.socket.nextOf('ack', (f) => f.clientMsgId === `again-${i}`);
      const next = await assignedTo(servingSocket, ack.conversationId);
      expect(next.conversation.assignedAgentId).toBe(servedBy);
      servingSocket.send({ t: 'close', conversationId: ack.conversationId });
      await servingSocket.nextOf(
        'conversation',
        (f) => f.conversation.id === ack.conversationId && f.conversation.state === 'closed',
      );
    }
  });
});

describe('transfers', () => {
  it('moves a conversation agent → agent and agent → group, with reasons, and lets a supervisor take over', async () => {
    await createGroup(k, { key: 'tech', name: 'Tech' });
    await saveRules(k, toGroup());
    const alice = await k.addAgent({ capacity: 5 });
    const aliceSocket = await alice.connect();
    const chat = await customerSays(k, 'my app crashes');
    await assignedTo(aliceSocket, chat.conversationId);
    const bob = await k.addAgent({ capacity: 5 });
    const bobSocket = await bob.connect();

    aliceSocket.send({
      t: 'transfer',
      conversationId: chat.conversationId,
      toAgentId: bob.id,
      reason: 'Bob knows the app',
    });
    await assignedTo(bobSocket, chat.conversationId);
    const history = await bobSocket.nextOf('msg', (f) => f.conversationId === chat.conversationId);
    expect(history.text).toBe('my app crashes');
    // Alice may no longer write into it.
    aliceSocket.send({
      t: 'msg',
      conversationId: chat.conversationId,
      clientMsgId: 'late',
      text: 'still me',
    });
    expect((await aliceSocket.nextOf('error')).code).toBe('forbidden');

    const techie = await k.addAgent({ skills: ['tech'] });
    const techieSocket = await techie.connect();
    bobSocket.send({
      t: 'transfer',
      conversationId: chat.conversationId,
      toGroup: 'tech',
      reason: 'needs a technician',
    });
    await assignedTo(techieSocket, chat.conversationId);

    const boss = await k.addAgent({ role: 'supervisor', capacity: 1 });
    const res = await k.api(`/api/v1/conversations/${chat.conversationId}/takeover`, {
      method: 'POST',
      token: boss.token,
    });
    expect(res.status).toBe(200);
    expect((await conversation(k, chat.conversationId)).assignedAgentId).toBe(boss.id);
    const kinds = (await routingEvents(k, chat.conversationId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['transferred', 'taken_over']));
    const reasons = (await routingEvents(k, chat.conversationId))
      .filter((e) => e.kind === 'transferred')
      .map((e) => e.detail.reason);
    expect(reasons).toEqual(['Bob knows the app', 'needs a technician']);

    // A plain agent cannot take over.
    const peer = await k.addAgent();
    const refused = await k.api(`/api/v1/conversations/${chat.conversationId}/takeover`, {
      method: 'POST',
      token: peer.token,
    });
    expect(refused.status).toBe(403);
  });

  it('refuses a transfer to an agent of another tenant or one who is offline', async () => {
    await saveRules(k, toGroup());
    const alice = await k.addAgent();
    const aliceSocket = await alice.connect();
    const chat = await customerSays(k, 'hello?');
    await assignedTo(aliceSocket, chat.conversationId);
    const offline = await k.addAgent();
    const r1 = await k.api(`/api/v1/conversations/${chat.conversationId}/transfer`, {
      method: 'POST',
      token: alice.token,
      json: { toAgentId: offline.id, reason: 'x' },
    });
    expect(((await r1.json()) as any).error.code).toBe('conflict');
    const r2 = await k.api(`/api/v1/conversations/${chat.conversationId}/transfer`, {
      method: 'POST',
      token: alice.token,
      json: { toAgentId: 'someone-elsewhere', reason: 'x' },
    });
    expect(r2.status).toBe(409);
    const r3 = await k.api(`/api/v1/conversations/${chat.conversationId}/transfer`, {
      method: 'POST',
      token: alice.token,
      json: { toGroup: 'nope', reason: 'x' },
    });
    expect(r3.status).toBe(422);
    expect((await conversation(k, chat.conversationId)).assignedAgentId).toBe(alice.id);
  });
});

describe('whispers', () => {
  it('shows internal notes to staff live and never to the customer', async () => {
    await saveRules(k, toGroup());
    const agent = await k.addAgent();
    const agentSocket = await agent.connect();
    const chat = await customerSays(k, 'my order is late');
    await assignedTo(agentSocket, chat.conversationId);
    const boss = await k.addAgent({ role: 'supervisor' });
    const bossSocket = await boss.connect();
    bossSocket.send({ t: 'resume', conversationId: chat.conversationId, afterSeq: 0 });
    await bossSocket.nextOf('resumed');
    bossSocket.send({
      t: 'note',
      conversationId: chat.conversationId,
      clientMsgId: 'w1',
      text: 'offer a coupon',
    });
    const whisper = await agentSocket.nextOf('note');
    expect(whisper).toMatchObject({
      conversationId: chat.conversationId,
      note: { text: 'offer a coupon', author: { id: boss.id } },
    });
    expect((await bossSocket.nextOf('note')).clientMsgId).toBe('w1');
    const rest = await k.api(`/api/v1/conversations/${chat.conversationId}/notes`, {
      method: 'POST',
      token: agent.token,
      json: { text: 'ok, will do' },
    });
    expect(rest.status).toBe(201);
    await bossSocket.nextOf('note', (f) => f.note.text === 'ok, will do');
    await chat.socket.expectNone(
      (f) => f.t === 'note' || (f.t === 'msg' && /coupon|will do/.test(f.text)),
      200,
    );
    const listed = (await (
      await k.api(`/api/v1/conversations/${chat.conversationId}/notes`, { token: agent.token })
    ).json()) as any;
    expect(listed.notes.map((n: any) => n.text)).toEqual(['offer a coupon', 'ok, will do']);
    // The customer's messages keep a gap-free sequence: notes are not messages.
    const messages = (await (
      await k.api(`/api/v1/conversations/${chat.conversationId}/messages`, { token: agent.token })
    ).json()) as any;
    expect(messages.messages.map((m: any) => m.seq)).toEqual([1]);
  });
});
