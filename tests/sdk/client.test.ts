/**
 * The SDK against a real kefu: the app (msgpack) and web (JSON) codecs, the offline queue,
 * reconnect-and-resume after the server drops the socket and after a server restart on
 * the same data — nothing lost, nothing twice, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { KefuClient, type MsgFrame } from '../../src/sdk/index.ts';
import { msgpackCodec } from '../../src/sdk/msgpack.ts';
import { waitFor } from '../support/channels.ts';
import { startTestKefu, type TestAgent, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
let agent: TestAgent;

beforeAll(async () => {
  k = await startTestKefu('sqlite', {
    KEFU_RATE_LIMIT_PER_SEC: '1000',
    KEFU_RATE_LIMIT_BURST: '1000',
  });
  agent = await k.addAgent({ capacity: 100, role: 'supervisor' });
}, 60_000);
afterAll(() => k.stop());

function collect(client: KefuClient) {
  const messages: MsgFrame[] = [];
  client.on('message', (m) => messages.push(m));
  return messages;
}

const agentSays = async (conversationId: string, text: string) => {
  const res = await k.api(`/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    token: agent.token,
    json: { text, clientMsgId: `agent-${crypto.randomUUID()}` },
  });
  expect(res.status).toBe(201);
};

const stored = async (conversationId: string) => {
  const res = await k.api(`/api/v1/conversations/${conversationId}/messages?limit=500`, {
    token: k.tenant.apiKey,
  });
  return ((await res.json()) as { messages: { seq: number; text: string }[] }).messages;
};

describe('the client SDK', () => {
  it('speaks msgpack to /ws/app and sends what was queued before it connected', async () => {
    const client = new KefuClient({
      urls: [k.url],
      widgetKey: k.tenant.widgetKey,
      codec: msgpackCodec,
    });
    const messages = collect(client);
    const id = client.send('queued while offline');
    expect(client.pending).toHaveLength(1);
    client.connect();
    const ack = await client.acked(id);
    expect(ack).toMatchObject({ clientMsgId: id, seq: 1, duplicate: false });
    expect(client.pending).toHaveLength(0);
    await agentSays(ack.conversationId, 'hello app');
    await waitFor(() => messages.length >= 2 || undefined, 5000, 'two messages');
    expect(messages.map((m) => [m.seq, m.author.kind, m.text])).toEqual([
      [1, 'customer', 'queued while offline'],
      [2, 'agent', 'hello app'],
    ]);
    expect(messages[1]!.channel).toBe('app');
    client.close();
  });

  it('reconnects after the server drops the socket and resumes what it missed', async () => {
    const client = new KefuClient({
      urls: [k.url],
      widgetKey: k.tenant.widgetKey,
      backoff: { initialMs: 300, maxMs: 1000 },
    });
    const messages = collect(client);
    const states: string[] = [];
    client.on('state', (s) => states.push(s.state));
    client.connect();
    const ack = await client.acked(client.send('before the drop'));
    const conversationId = ack.conversationId;

    // The server cuts the connection; meanwhile the agent keeps writing.
    for (const conn of k.kefu.hub.conns) {
      if (conn.principal.kind === 'customer' && conn.session?.id === conversationId)
        conn.close(1013, 'test');
    }
    for (let i = 1; i <= 5; i++) await agentSays(conversationId, `missed ${i}`);
    const queued = client.send('sent while reconnecting');

    await client.acked(queued);
    await agentSays(conversationId, 'after the reconnect');
    await waitFor(() => messages.length >= 8 || undefined, 10_000, 'every message');
    await Bun.sleep(200);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(messages.map((m) => m.text)).toEqual([
      'before the drop',
      'missed 1',
      'missed 2',
      'missed 3',
      'missed 4',
      'missed 5',
      'sent while reconnecting',
      'after the reconnect',
    ]);
    expect(states).toContain('reconnecting');
    expect((await stored(conversationId)).map((m) => m.text)).toEqual(messages.map((m) => m.text));
    client.close();
  });

  it('survives a server restart on the same data: tries the next URL, loses nothing', async () => {
    const dead = 'http://127.0.0.1:9';
    const client = new KefuClient({
      urls: [k.url, dead],
      widgetKey: k.tenant.widgetKey,
      codec: msgpackCodec,
      backoff: { initialMs: 100, maxMs: 400 },
    });
    const messages = collect(client);
    const urls: string[] = [];
    client.on('state', (s) => s.url && urls.push(s.url));
    client.connect();
    const first = await client.acked(client.send('before the restart'));
    const conversationId = first.conversationId;
    await agentSays(conversationId, 'agent before');

    const restarting = k.restart();
    const offline = [client.send('while down 1'), client.send('while down 2')];
    await restarting;
    await agentSays(conversationId, 'agent after');
    for (const id of offline) await client.acked(id);
    await waitFor(() => messages.length >= 5 || undefined, 15_000, 'every message');
    await Bun.sleep(300);

    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    const texts = messages.map((m) => m.text);
    expect(texts.slice(0, 2)).toEqual(['before the restart', 'agent before']);
    expect(texts.slice(2).sort()).toEqual(['agent after', 'while down 1', 'while down 2'].sort());
    expect(texts.indexOf('while down 1')).toBeLessThan(texts.indexOf('while down 2'));
    // The server holds each exactly once, in the order the client saw.
    expect((await stored(conversationId)).map((m) => m.text)).toEqual(texts);
    expect(urls.some((u) => u.startsWith('ws://127.0.0.1:9/'))).toBe(true);
    expect(client.conversationId).toBe(conversationId);
    client.close();
  }, 30_000);
});
