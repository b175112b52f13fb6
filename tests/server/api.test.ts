import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
}, 60_000);
afterAll(() => k.stop());

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await json(await k.api('/healthz'))).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await json(await k.api('/readyz'))).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: true } },
    });
  });
});

describe('docs', () => {
  it('serves the OpenAPI document and a UI that loads its assets from kefu itself', async () => {
    const spec = await json(await k.api('/docs/json'));
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/conversations/',
        '/api/v1/conversations/{id}/messages',
      ]),
    );
    const page = await (await k.api('/docs')).text();
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page).not.toContain('unpkg.com');
    const asset = await k.api('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(100_000);
  });
});

describe('auth', () => {
  it('logs in with email and password and refuses wrong ones alike', async () => {
    const agent = await k.addAgent();
    const ok = await json(
      await k.api('/api/v1/auth/login', {
        method: 'POST',
        json: { email: agent.email.toUpperCase(), password: agent.password },
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.token.split('.')).toHaveLength(3);
    expect(ok.body.agent).toMatchObject({
      id: agent.id,
      tenantId: k.tenant.tenantId,
      role: 'agent',
    });
    const wrong = await json(
      await k.api('/api/v1/auth/login', {
        method: 'POST',
        json: { email: agent.email, password: 'nope-nope' },
      }),
    );
    const unknown = await json(
      await k.api('/api/v1/auth/login', {
        method: 'POST',
        json: { email: 'ghost@example.com', password: 'nope-nope' },
      }),
    );
    expect(wrong).toEqual({
      status: 401,
      body: { error: { code: 'invalid_credentials', message: 'wrong email or password' } },
    });
    expect(unknown).toEqual(wrong);
  });

  it('answers bad bodies with typed errors', async () => {
    const missing = await json(
      await k.api('/api/v1/auth/login', { method: 'POST', json: { email: 'a@b.co' } }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('validation_failed');
    const garbage = await k.api('/api/v1/auth/login', {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as any).error.code).toBe('invalid_json');
  });

  it('needs a credential for the API and refuses bad ones', async () => {
    expect((await json(await k.api('/api/v1/conversations'))).body.error.code).toBe('unauthorized');
    expect((await k.api('/api/v1/conversations', { token: 'kefu_sk_wrong' })).status).toBe(401);
    expect((await k.api('/api/v1/conversations', { token: 'not.a.jwt' })).status).toBe(401);
  });
});

describe('conversations', () => {
  it('lists, reads and pages a conversation, and lets the assigned agent reply', async () => {
    const agent = await k.addAgent({ capacity: 100 });
    const socket = await agent.connect();
    const customer = await k.customer();
    const welcome = await customer.nextOf('welcome');
    for (let i = 1; i <= 3; i++) {
      customer.send({ t: 'msg', clientMsgId: `h${i}`, text: `hello ${i}` });
      await customer.nextOf('ack');
    }
    await socket.nextOf(
      'conversation',
      (f) => f.conversation.id === welcome.conversationId && f.conversation.state === 'assigned',
    );

    const list = await json(
      await k.api('/api/v1/conversations?state=assigned', { token: agent.token }),
    );
    expect(list.body.conversations.map((c: any) => c.id)).toContain(welcome.conversationId);

    const one = await json(
      await k.api(`/api/v1/conversations/${welcome.conversationId}?afterSeq=1&limit=1`, {
        token: agent.token,
      }),
    );
    expect(one.body.conversation).toMatchObject({
      id: welcome.conversationId,
      state: 'assigned',
      assignedAgentId: agent.id,
      lastSeq: 3,
    });
    expect(one.body.messages.map((m: any) => m.text)).toEqual(['hello 2']);
    expect(one.body.nextAfterSeq).toBe(2);

    const sent = await json(
      await k.api(`/api/v1/conversations/${welcome.conversationId}/messages`, {
        method: 'POST',
        token: agent.token,
        json: { text: 'From REST', clientMsgId: 'rest-1' },
      }),
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      seq: 4,
      duplicate: false,
      author: { kind: 'agent', id: agent.id },
    });
    expect(await customer.nextOf('msg')).toMatchObject({ seq: 4, text: 'From REST' });
    const again = await json(
      await k.api(`/api/v1/conversations/${welcome.conversationId}/messages`, {
        method: 'POST',
        token: agent.token,
        json: { text: 'From REST', clientMsgId: 'rest-1' },
      }),
    );
    expect(again).toMatchObject({ status: 200, body: { seq: 4, duplicate: true } });

    const closed = await json(
      await k.api(`/api/v1/conversations/${welcome.conversationId}/close`, {
        method: 'POST',
        token: agent.token,
      }),
    );
    expect(closed.body.conversation.state).toBe('closed');
    await customer.nextOf('conversation', (f) => f.conversation.state === 'closed');
    const late = await json(
      await k.api(`/api/v1/conversations/${welcome.conversationId}/messages`, {
        method: 'POST',
        token: agent.token,
        json: { text: 'too late' },
      }),
    );
    expect(late.body.error.code).toBe('conflict');

    // The customer writes again: a new conversation starts.
    customer.send({ t: 'msg', clientMsgId: 'after-close', text: 'one more thing' });
    const ack = await customer.nextOf('ack');
    expect(ack.conversationId).not.toBe(welcome.conversationId);
    expect(ack.seq).toBe(1);
    customer.close();
    socket.close();
  });

  it('paginates the list with a cursor', async () => {
    for (let i = 0; i < 4; i++) {
      const c = await k.customer();
      await c.nextOf('welcome');
      c.send({ t: 'msg', clientMsgId: 'p', text: `page ${i}` });
      await c.nextOf('ack');
      c.close();
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = (
        await json(
          await k.api(`/api/v1/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
            token: k.tenant.apiKey,
          }),
        )
      ).body;
      seen.push(...page.conversations.map((c: any) => c.id));
      cursor = page.nextCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(
      (await k.api('/api/v1/conversations?cursor=%%%', { token: k.tenant.apiKey })).status,
    ).toBe(400);
    expect((await k.api('/api/v1/conversations?limit=0', { token: k.tenant.apiKey })).status).toBe(
      422,
    );
  });

  it('hides other tenants: their conversations are not found', async () => {
    const other = await k.addTenant();
    const c = await k.customer({ widgetKey: other.widgetKey });
    const w = await c.nextOf('welcome');
    c.send({ t: 'msg', clientMsgId: 'x', text: 'theirs' });
    await c.nextOf('ack');
    const mine = await k.api(`/api/v1/conversations/${w.conversationId}`, {
      token: k.tenant.apiKey,
    });
    expect(mine.status).toBe(404);
    const list = await json(
      await k.api('/api/v1/conversations?limit=200', { token: k.tenant.apiKey }),
    );
    expect(list.body.conversations.map((x: any) => x.id)).not.toContain(w.conversationId);
    const theirs = await k.api(`/api/v1/conversations/${w.conversationId}`, {
      token: other.apiKey,
    });
    expect(theirs.status).toBe(200);
    c.close();
  });
});

describe('agents', () => {
  it('lets an API key create agents and refuses plain agents', async () => {
    const created = await json(
      await k.api('/api/v1/agents', {
        method: 'POST',
        token: k.tenant.apiKey,
        json: { email: 'new.agent@example.com', password: 'long enough pw', skills: ['billing'] },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.agent@example.com',
      role: 'agent',
      skills: ['billing'],
      online: false,
    });
    const dup = await json(
      await k.api('/api/v1/agents', {
        method: 'POST',
        token: k.tenant.apiKey,
        json: { email: 'NEW.agent@example.com', password: 'long enough pw' },
      }),
    );
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const weak = await json(
      await k.api('/api/v1/agents', {
        method: 'POST',
        token: k.tenant.apiKey,
        json: { email: 'weak@example.com', password: 'short' },
      }),
    );
    expect(weak.status).toBe(422);
    const agent = await k.addAgent();
    expect((await k.api('/api/v1/agents', { token: agent.token })).status).toBe(403);
    const me = await json(await k.api('/api/v1/agents/me', { token: agent.token }));
    expect(me.body).toMatchObject({ id: agent.id, email: agent.email });
  });
});
