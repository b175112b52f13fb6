/**
 * Three kefu processes over the real MariaDB and Redis: a customer on node 1, an agent on
 * node 2, a supervisor on node 3 see one conversation live; node 1 is killed with SIGKILL,
 * the customer reconnects to node 2 and carries on; nothing acked is lost or doubled, and
 * every client sees the messages in seq order.
 */
import { afterAll, beforeAll, expect, it } from 'bun:test';
import { cli } from '../support/process.ts';
import { type Frame, TestSocket } from '../support/ws-client.ts';
import { login, sendReliably, startCluster, type TestCluster } from './support.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(3);
}, 90_000);
afterAll(() => cluster.stop());

it('keeps one live conversation across nodes and survives the death of one', async () => {
  const { env, tenant, nodes } = cluster;
  cli(
    [
      'agent',
      'create',
      '--tenant',
      tenant.tenantId,
      '--email',
      'ann@cluster.test',
      '--password',
      'correct horse battery',
      '--capacity',
      '10',
    ],
    env,
  );
  cli(
    [
      'agent',
      'create',
      '--tenant',
      tenant.tenantId,
      '--email',
      'sue@cluster.test',
      '--password',
      'correct horse battery',
      '--role',
      'supervisor',
      '--capacity',
      '1',
    ],
    env,
  );
  const [n1, n2, n3] = [nodes[0]!, nodes[1]!, nodes[2]!];
  const agent = await TestSocket.open(
    `${n2.wsUrl}/ws/agent?token=${await login(n2, 'ann@cluster.test', 'correct horse battery')}`,
  );
  await agent.nextOf('hello');
  // The supervisor stays away so that the conversation goes to Ann.
  const boss = await TestSocket.open(
    `${n3.wsUrl}/ws/agent?token=${await login(n3, 'sue@cluster.test', 'correct horse battery')}`,
  );
  await boss.nextOf('hello');
  boss.send({ t: 'presence', status: 'away' });
  await boss.nextOf('presence', (f) => f.status === 'away');

  const customer = await TestSocket.open(`${n1.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`);
  const welcome = await customer.nextOf('welcome');
  const conversationId = welcome.conversationId as string;
  const acked: Frame[] = [];
  acked.push(
    await sendReliably(customer, {
      t: 'msg',
      clientMsgId: 'c1',
      text: 'hello from node 1, talk to a human',
    }),
  );

  await agent.nextOf(
    'conversation',
    (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned',
    15_000,
  );
  await agent.nextOf('msg', (f) => f.conversationId === conversationId && f.seq === 1);
  boss.send({ t: 'resume', conversationId, afterSeq: 0 });
  await boss.nextOf('resumed', (f) => f.conversationId === conversationId);

  // A few turns both ways, while everyone watches.
  for (let i = 0; i < 3; i++) {
    acked.push(
      await sendReliably(agent, {
        t: 'msg',
        conversationId,
        clientMsgId: `a${i}`,
        text: `agent ${i}`,
      }),
    );
    acked.push(
      await sendReliably(customer, { t: 'msg', clientMsgId: `c${i + 2}`, text: `customer ${i}` }),
    );
  }
  await customer.nextOf('msg', (f) => f.text === 'agent 2');
  await agent.nextOf('msg', (f) => f.text === 'customer 2');
  await boss.nextOf('msg', (f) => f.text === 'customer 2');

  // Node 1 (the conversation's owner, likely also the router leader) dies.
  n1.proc.kill('SIGKILL');
  await n1.proc.exited;
  expect((await customer.closed).code).not.toBe(1000);

  const lastSeen = Math.max(
    ...customer.received.filter((f) => f.t === 'msg').map((f) => f.seq),
    ...acked.map((a) => a.seq),
  );
  const back = await TestSocket.open(
    `${n2.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}&token=${welcome.visitorToken}&afterSeq=${lastSeen}`,
  );
  expect((await back.nextOf('welcome')).conversationId).toBe(conversationId);
  for (let i = 0; i < 3; i++) {
    acked.push(
      await sendReliably(back, {
        t: 'msg',
        clientMsgId: `after-${i}`,
        text: `after the crash ${i}`,
      }),
    );
    acked.push(
      await sendReliably(agent, {
        t: 'msg',
        conversationId,
        clientMsgId: `b${i}`,
        text: `agent after ${i}`,
      }),
    );
  }
  await back.nextOf('msg', (f) => f.text === 'agent after 2', 15_000);
  await boss.nextOf('msg', (f) => f.text === 'agent after 2', 15_000);

  // The store: every acked message once, seq gap-free.
  const res = await fetch(`${n3.url}/api/v1/conversations/${conversationId}/messages?limit=500`, {
    headers: { authorization: `Bearer ${tenant.apiKey}` },
  });
  const stored = ((await res.json()) as { messages: { seq: number; clientMsgId: string }[] })
    .messages;
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  const byClientId = new Map(stored.map((m) => [m.clientMsgId, m.seq]));
  expect(byClientId.size).toBe(stored.length);
  for (const ack of acked) expect(byClientId.get(ack.clientMsgId)).toBe(ack.seq);

  // Every client saw strictly increasing seqs, never one twice.
  for (const [who, socket] of [
    ['agent', agent],
    ['supervisor', boss],
    ['customer', customer],
    ['customer again', back],
  ] as const) {
    const seqs = socket.received
      .filter((f) => f.t === 'msg' && f.conversationId === conversationId)
      .map((f) => f.seq);
    expect(seqs, who).toEqual([...new Set(seqs)].sort((a, b) => a - b));
  }
  // Between them, the customer's two sockets saw everything the agent wrote.
  const agentSeqs = new Set(acked.filter((a) => /^[ab]\d$/.test(a.clientMsgId)).map((a) => a.seq));
  const customerSaw = new Set(
    [...customer.received, ...back.received].filter((f) => f.t === 'msg').map((f) => f.seq),
  );
  for (const seq of agentSeqs) expect(customerSaw.has(seq)).toBe(true);
  for (const s of [agent, boss, back]) s.close();
}, 120_000);
