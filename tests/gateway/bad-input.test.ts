/**
 * Bad input over WebSockets: each case gets a typed error (or a refused upgrade), changes
 * nothing, and the server keeps serving everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { SignJWT } from 'jose';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { TestSocket } from '../support/ws-client.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu('sqlite', {
    KEFU_RATE_LIMIT_PER_SEC: '20',
    KEFU_RATE_LIMIT_BURST: '30',
    KEFU_MAX_TEXT_CHARS: '100',
    KEFU_MAX_FRAME_BYTES: '1024',
  });
}, 60_000);
afterAll(() => k.stop());

async function storedCount(conversationId: string): Promise<number> {
  const res = await k.api(`/api/v1/conversations/${conversationId}/messages`, {
    token: k.tenant.apiKey,
  });
  if (res.status === 404) return 0;
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

async function upgradeStatus(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${k.url}${path}`, {
    headers: {
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
    },
  });
  return { status: res.status, body: await res.json() };
}

describe('frames', () => {
  it('answers each malformed frame with a typed error and stores nothing', async () => {
    const c = await k.customer();
    const welcome = await c.nextOf('welcome');
    const cases: [string | Uint8Array, string][] = [
      ['{"t":"msg",', 'invalid_json'],
      ['[]', 'unknown_frame'],
      ['42', 'unknown_frame'],
      ['{"t":"launch"}', 'unknown_frame'],
      ['{"t":"msg","text":"no id"}', 'invalid_frame'],
      ['{"t":"msg","clientMsgId":"a b","text":"bad id"}', 'invalid_frame'],
      ['{"t":"msg","clientMsgId":"x","text":5}', 'invalid_frame'],
      ['{"t":"msg","clientMsgId":"x","text":"hi","admin":true}', 'invalid_frame'],
      ['{"t":"resume","afterSeq":-1}', 'invalid_frame'],
      [`{"t":"msg","clientMsgId":"long","text":"${'x'.repeat(101)}"}`, 'text_too_long'],
      ['{"t":"msg","clientMsgId":"blank","text":"   "}', 'validation_failed'],
      [`{"t":"msg","clientMsgId":"big","text":"${'y'.repeat(1100)}"}`, 'frame_too_large'],
      [new Uint8Array([0x81, 0xa1, 0x74]), 'invalid_frame'],
    ];
    for (const [raw, code] of cases) {
      c.sendRaw(raw);
      const error = await c.nextOf('error');
      expect(error.code, `for ${String(raw).slice(0, 40)}`).toBe(code);
    }
    expect(await storedCount(welcome.conversationId)).toBe(0);
    // Still serving this very socket.
    c.send({ t: 'msg', clientMsgId: 'fine', text: 'now a good one' });
    expect((await c.nextOf('ack')).seq).toBe(1);
    c.close();
  });

  it('refuses malformed msgpack on the app endpoint and text frames there', async () => {
    const app = await k.customer({ app: true });
    const welcome = await app.nextOf('welcome');
    app.sendRaw(new Uint8Array([0xc1, 0xff, 0x00]));
    expect((await app.nextOf('error')).code).toBe('invalid_json');
    app.sendRaw('{"t":"ping"}');
    expect((await app.nextOf('error')).code).toBe('invalid_frame');
    app.send({ t: 'msg', clientMsgId: 'm1', text: 'hello from the app' });
    expect(await app.nextOf('ack')).toMatchObject({
      seq: 1,
      conversationId: welcome.conversationId,
    });
    app.send({ t: 'ping' });
    await app.nextOf('pong');
    app.close();
  });

  it('cuts a frame far over the limit with close code 1009', async () => {
    const c = await k.customer();
    await c.nextOf('welcome');
    c.sendRaw('z'.repeat(1024 * 5));
    expect((await c.closed).code).toBe(1009);
  });

  it('rate-limits a flood, then closes the socket with 1008 while others are served', async () => {
    const flooder = await k.customer();
    await flooder.nextOf('welcome');
    const calm = await k.customer();
    await calm.nextOf('welcome');
    for (let i = 0; i < 200; i++) flooder.send({ t: 'msg', clientMsgId: `f${i}`, text: 'spam' });
    expect((await flooder.nextOf('error', (f) => f.code === 'rate_limited')).message).toContain(
      'slow down',
    );
    expect((await flooder.closed).code).toBe(1008);
    calm.send({ t: 'msg', clientMsgId: 'calm-1', text: 'I am polite' });
    expect((await calm.nextOf('ack')).seq).toBe(1);
    calm.close();
  });
});

describe('upgrades', () => {
  it('refuses an unknown widget key', async () => {
    const r = await upgradeStatus('/ws/customer?widgetKey=wk_nope');
    expect(r).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'unknown widget key' } },
    });
  });

  it('refuses a forged visitor token and a token of another tenant', async () => {
    const other = await k.addTenant();
    const theirs = await k.customer({ widgetKey: other.widgetKey });
    const { visitorToken } = await theirs.nextOf('welcome');
    theirs.close();
    const cross = await upgradeStatus(
      `/ws/customer?widgetKey=${k.tenant.widgetKey}&token=${visitorToken}`,
    );
    expect(cross.status).toBe(401);
    expect((cross.body as { error: { code: string } }).error.code).toBe('invalid_token');
    const forged = await new SignJWT({ tid: k.tenant.tenantId, typ: 'visitor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone-else')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
    expect(
      (await upgradeStatus(`/ws/customer?widgetKey=${k.tenant.widgetKey}&token=${forged}`)).status,
    ).toBe(401);
  });

  it('refuses a missing, garbage or expired agent token', async () => {
    expect((await upgradeStatus('/ws/agent')).status).toBe(401);
    expect((await upgradeStatus('/ws/agent?token=garbage')).status).toBe(401);
    const secret = (await Bun.file(`${k.database.dataDir}/secret.key`).text()).trim();
    const agent = await k.addAgent();
    const expired = await new SignJWT({ tid: k.tenant.tenantId, role: 'agent', typ: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(agent.id)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(secret));
    const r = await upgradeStatus(`/ws/agent?token=${expired}`);
    expect(r).toEqual({
      status: 401,
      body: { error: { code: 'invalid_token', message: 'token expired' } },
    });
    // A visitor token is not an agent token.
    const c = await k.customer();
    const { visitorToken } = await c.nextOf('welcome');
    expect((await upgradeStatus(`/ws/agent?token=${visitorToken}`)).status).toBe(401);
    c.close();
  });

  it('refuses a bad afterSeq', async () => {
    expect(
      (await upgradeStatus(`/ws/customer?widgetKey=${k.tenant.widgetKey}&afterSeq=-3`)).status,
    ).toBe(400);
  });
});

describe('agents', () => {
  it('keeps agents to their own tenant and their own conversations', async () => {
    const other = await k.addTenant();
    const theirCustomer = await k.customer({ widgetKey: other.widgetKey });
    const theirs = await theirCustomer.nextOf('welcome');
    theirCustomer.send({ t: 'msg', clientMsgId: 'x1', text: 'private' });
    await theirCustomer.nextOf('ack');

    const agent = await k.addAgent();
    const socket = await agent.connect();
    socket.send({
      t: 'msg',
      conversationId: theirs.conversationId,
      clientMsgId: 'intrude',
      text: 'hi',
    });
    expect(await socket.nextOf('error')).toMatchObject({ code: 'not_found', ref: 'intrude' });
    socket.send({ t: 'resume', conversationId: theirs.conversationId, afterSeq: 0 });
    expect((await socket.nextOf('error')).code).toBe('not_found');
    await socket.expectNone((f) => f.conversationId === theirs.conversationId);
    expect(await storedCount(theirs.conversationId)).toBe(0);
    theirCustomer.close();
    socket.close();
  });

  it('refuses a message from an agent into a conversation assigned to someone else', async () => {
    const owner = await k.addAgent({ capacity: 100 });
    const ownerSocket = await owner.connect();
    const c = await k.customer();
    const welcome = await c.nextOf('welcome');
    c.send({ t: 'msg', clientMsgId: 'q', text: 'help' });
    await ownerSocket
      .nextOf('msg', (f) => f.conversationId === welcome.conversationId, 8000)
      .catch(() => undefined);
    const conv = (await (
      await k.api(`/api/v1/conversations/${welcome.conversationId}`, { token: k.tenant.apiKey })
    ).json()) as {
      conversation: { assignedAgentId: string };
    };
    const bystander = await k.addAgent();
    const socket = await bystander.connect();
    if (conv.conversation.assignedAgentId !== bystander.id) {
      socket.send({
        t: 'msg',
        conversationId: welcome.conversationId,
        clientMsgId: 'steal',
        text: 'mine now',
      });
      expect((await socket.nextOf('error')).code).toBe('forbidden');
    }
    c.close();
    socket.close();
    ownerSocket.close();
  });
});

it('still serves new connections after all of the above', async () => {
  const c = await TestSocket.open(`${k.wsUrl}/ws/customer?widgetKey=${k.tenant.widgetKey}`);
  await c.nextOf('welcome');
  c.send({ t: 'ping' });
  await c.nextOf('pong');
  c.close();
});
