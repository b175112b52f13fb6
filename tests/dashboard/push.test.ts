/**
 * The live dashboard end to end: a supervisor's socket receives `stats` frames that follow
 * the queue as customers ask for people and agents take them; agents receive none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { customerSays } from '../routing/helpers.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
}, 60_000);
afterAll(() => k.stop());

describe('supervisor dashboard', () => {
  it('pushes stats whose queue depth follows a customer queued, then assigned', async () => {
    const supervisor = await k.addAgent({ role: 'supervisor' });
    const watching = await supervisor.connect();
    // The supervisor is not taking chats, so the customer waits.
    watching.send({ t: 'presence', status: 'away' });
    await watching.nextOf('presence');
    const first = await k.api('/api/v1/dashboard', { token: supervisor.token });
    expect(first.status).toBe(200);
    const before = (await first.json()) as Record<string, any>;
    expect(before.live.totals.queued).toBe(0);
    expect(Array.isArray(before.series)).toBe(true);

    const agentRole = await k.addAgent({ role: 'agent', capacity: 2 });
    expect((await k.api('/api/v1/dashboard', { token: agentRole.token })).status).toBe(403);

    const chat = await customerSays(k, 'I want to talk to a human');
    const queued = await watching.nextOf('stats', (f) => f.live.totals.queued === 1, 5000);
    expect(queued.live.queues).toContainEqual(
      expect.objectContaining({ groupId: null, depth: 1, oldestQueuedAt: expect.any(Number) }),
    );
    expect(queued.summary.lastHour).toMatchObject({ created: 1, handedOver: 1 });

    // An agent comes online and takes it: depth back to 0, the agent's load shows.
    const desk = await agentRole.connect();
    const taken = await watching.nextOf(
      'stats',
      (f) => f.live.totals.queued === 0 && f.live.totals.withAgents === 1,
      5000,
    );
    expect(taken.live.agents).toContainEqual(
      expect.objectContaining({ id: agentRole.id, status: 'online', active: 1, capacity: 2 }),
    );
    // Agents get no stats frames.
    await desk.expectNone((f) => f.t === 'stats', 1500);

    // At most one frame per second, and none while nothing changes.
    const stamps = watching.frames.filter((f) => f.t === 'stats').map((f) => f.at as number);
    for (let i = 1; i < stamps.length; i++)
      expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(900);
    watching.frames.length = 0;
    await watching.expectNone((f) => f.t === 'stats', 2500);

    // The first response is measured.
    desk.send({ t: 'msg', conversationId: chat.conversationId, clientMsgId: 'r1', text: 'Hi!' });
    const answered = await watching.nextOf('stats', (f) => f.summary.lastHour.frtCount === 1, 5000);
    expect(answered.summary.lastHour.frtP50Ms).toBeGreaterThanOrEqual(0);
    chat.socket.close();
    watching.close();
    desk.close();
  }, 30_000);
});
