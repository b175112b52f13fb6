/**
 * Editing agents: admins change skills, capacity, role and name; routing sees new skills
 * at once; owners alone grant the owner role; agents see who they can transfer to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { assignedTo, createGroup, customerSays, saveRules } from '../routing/helpers.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
}, 60_000);
afterAll(() => k.stop());

const patch = (token: string, id: string, json: unknown) =>
  k.api(`/api/v1/agents/${id}`, { method: 'PATCH', token, json });

describe('PATCH /api/v1/agents/:id', () => {
  it('lets an admin give an online agent a skill, and routing uses it at once', async () => {
    await createGroup(k, { key: 'billing', name: 'Billing' });
    const rules = [
      {
        id: 'billing',
        name: 'Everything to billing',
        enabled: true,
        match: 'all',
        conditions: [],
        actions: [{ type: 'route', group: 'billing' }],
      },
    ];
    expect((await saveRules(k, rules)).status).toBe(200);
    const admin = await k.addAgent({ role: 'admin' });
    const agent = await k.addAgent({ skills: ['sales'], capacity: 3 });
    const desk = await agent.connect();
    const chat = await customerSays(k, 'my invoice is wrong');
    await desk.expectNone(
      (f) => f.t === 'conversation' && f.conversation.state === 'assigned',
      300,
    );

    const res = await patch(admin.token, agent.id, {
      skills: ['sales', ' billing ', 'billing'],
      capacity: 4,
      name: 'Mei Lin',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: agent.id,
      name: 'Mei Lin',
      skills: ['sales', 'billing'],
      capacity: 4,
      role: 'agent',
    });
    await assignedTo(desk, chat.conversationId);
    const list = (await (await k.api('/api/v1/agents', { token: admin.token })).json()) as {
      agents: { id: string; skills: string[]; capacity: number }[];
    };
    expect(list.agents.find((a) => a.id === agent.id)).toMatchObject({
      skills: ['sales', 'billing'],
      capacity: 4,
    });
    desk.close();
    chat.socket.close();
  });

  it('refuses supervisors and agents, unknown agents and bad values', async () => {
    const supervisor = await k.addAgent({ role: 'supervisor' });
    const agent = await k.addAgent();
    const admin = await k.addAgent({ role: 'admin' });
    expect((await patch(supervisor.token, agent.id, { capacity: 9 })).status).toBe(403);
    expect((await patch(agent.token, agent.id, { capacity: 9 })).status).toBe(403);
    expect((await patch(admin.token, 'nobody', { capacity: 9 })).status).toBe(404);
    expect((await patch(admin.token, agent.id, { capacity: 0 })).status).toBe(422);
    expect((await patch(admin.token, agent.id, { name: '   ' })).status).toBe(422);
    // Unknown fields are dropped (the API normalises bodies): nothing changes.
    const same = await patch(admin.token, agent.id, { email: 'x@example.com' });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ email: agent.email });
    expect((await patch(admin.token, agent.id, { role: 'boss' })).status).toBe(422);
  });

  it('keeps the owner role to owners and nobody changes their own role', async () => {
    const admin = await k.addAgent({ role: 'admin' });
    const owner = await k.addAgent({ role: 'owner' });
    const agent = await k.addAgent();
    expect((await patch(admin.token, agent.id, { role: 'owner' })).status).toBe(403);
    expect((await patch(admin.token, owner.id, { role: 'agent' })).status).toBe(403);
    expect((await patch(admin.token, admin.id, { role: 'agent' })).status).toBe(403);
    expect((await patch(admin.token, agent.id, { role: 'supervisor' })).status).toBe(200);
    expect((await patch(owner.token, agent.id, { role: 'owner' })).status).toBe(200);
    // An admin may still edit their own skills.
    expect((await patch(admin.token, admin.id, { skills: ['vip'] })).status).toBe(200);
    // API keys act as the tenant's admin and owner.
    expect((await patch(k.tenant.apiKey, agent.id, { role: 'agent' })).status).toBe(200);
  });
});

describe('GET /api/v1/agents/available', () => {
  it('lists teammates online with room, not the caller', async () => {
    const tenant = await k.addTenant('Transfers');
    const { createAgent } = await import('../../src/accounts/index.ts');
    const people = [];
    for (const [name, capacity] of [
      ['Me', 2],
      ['Free', 2],
      ['Away', 2],
    ] as const) {
      const email = `${name.toLowerCase()}.${Bun.randomUUIDv7()}@example.com`;
      const user = await createAgent(k.kefu.store, {
        tenantId: tenant.tenantId,
        email,
        password: 'correct horse battery',
        name,
        capacity,
      });
      const { token } = (await (
        await k.api('/api/v1/auth/login', {
          method: 'POST',
          json: { email, password: 'correct horse battery' },
        })
      ).json()) as { token: string };
      const { TestSocket } = await import('../support/ws-client.ts');
      const socket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${token}`);
      await socket.nextOf('hello');
      people.push({ id: user.id, token, socket });
    }
    people[2]!.socket.send({ t: 'presence', status: 'away' });
    await people[2]!.socket.nextOf('presence');
    const res = await k.api('/api/v1/agents/available', { token: people[0]!.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { agents: { id: string; name: string }[] };
    expect(body.agents.map((a) => a.name)).toEqual(['Free']);
    for (const p of people) p.socket.close();
  });
});
