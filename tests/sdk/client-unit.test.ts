/**
 * The SDK's bookkeeping against a scripted socket: order and dedupe by seq, gap recovery,
 * resends with the same clientMsgId, final refusals, backoff with jitter, persistence.
 */
import { describe, expect, it } from 'bun:test';
import { KefuClient, type MsgFrame, memoryStore } from '../../src/sdk/index.ts';

/** A WebSocket stand-in: records what the client sends, lets the test speak as the server. */
class ScriptedSocket {
  static all: ScriptedSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: Record<string, any>[] = [];
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  // Test side:
  accept() {
    this.readyState = 1;
  }
  say(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const welcome = (lastSeq = 0, conversationId = 'c1') => ({
  t: 'welcome',
  visitorToken: 'tok',
  customerId: 'cust',
  conversationId,
  lastSeq,
  state: 'bot',
});
const msg = (seq: number, text = `m${seq}`, conversationId = 'c1') => ({
  t: 'msg',
  id: `id${seq}`,
  conversationId,
  seq,
  author: { kind: 'agent', id: 'a', name: 'A' },
  text,
  channel: 'web',
  createdAt: 0,
});

function client(options: Partial<ConstructorParameters<typeof KefuClient>[0]> = {}) {
  ScriptedSocket.all = [];
  const c = new KefuClient({
    urls: ['https://one.example', 'https://two.example'],
    widgetKey: 'wk',
    WebSocket: ScriptedSocket as unknown as typeof WebSocket,
    pingIntervalMs: 0,
    random: () => 0.5,
    backoff: { initialMs: 10, maxMs: 40 },
    ...options,
  });
  const seen: MsgFrame[] = [];
  c.on('message', (m) => seen.push(m));
  c.connect();
  const socket = ScriptedSocket.all.at(-1)!;
  socket.accept();
  return { c, seen, socket };
}

describe('SDK bookkeeping', () => {
  it('delivers in seq order, each once, and asks for a gap once', () => {
    const { seen, socket } = client();
    socket.say(welcome());
    socket.say(msg(1));
    socket.say(msg(3));
    socket.say(msg(1));
    expect(seen.map((m) => m.seq)).toEqual([1]);
    expect(socket.sent.filter((f) => f.t === 'resume')).toEqual([{ t: 'resume', afterSeq: 1 }]);
    socket.say(msg(4));
    expect(socket.sent.filter((f) => f.t === 'resume')).toHaveLength(1);
    socket.say(msg(2));
    socket.say({ t: 'resumed', conversationId: 'c1', lastSeq: 4 });
    socket.say(msg(3));
    expect(seen.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('asks for what it missed after a welcome that is ahead of it', () => {
    const store = memoryStore({
      token: 'old',
      conversationId: 'c1',
      lastSeq: { c1: 5 },
      pending: [],
    });
    const { socket } = client({ store });
    expect(socket.url).toContain('token=old');
    expect(socket.url).toStartWith('wss://one.example/ws/customer?');
    socket.say(welcome(9));
    expect(socket.sent).toContainEqual({ t: 'resume', afterSeq: 5 });
  });

  it('resends an unacked message with the same clientMsgId after a reconnect, once acked never again', async () => {
    const { c, seen, socket } = client();
    socket.say(welcome());
    const id = c.send('hello');
    expect(socket.sent).toEqual([{ t: 'msg', clientMsgId: id, text: 'hello' }]);
    socket.drop();
    expect(c.connectionState).toBe('reconnecting');
    await Bun.sleep(30);
    const next = ScriptedSocket.all.at(-1)!;
    expect(next).not.toBe(socket);
    expect(next.url).toStartWith('wss://two.example/');
    next.accept();
    next.say({ ...welcome(1), visitorToken: 'tok2' });
    expect(next.url).toContain('token=tok');
    expect(next.sent).toContainEqual({ t: 'msg', clientMsgId: id, text: 'hello' });
    next.say({
      t: 'ack',
      clientMsgId: id,
      id: 'id1',
      seq: 1,
      conversationId: 'c1',
      duplicate: true,
    });
    expect(c.pending).toEqual([]);
    expect(seen.map((m) => [m.seq, m.author.kind, m.text])).toEqual([[1, 'customer', 'hello']]);
    next.drop();
    await Bun.sleep(30);
    const third = ScriptedSocket.all.at(-1)!;
    third.accept();
    third.say(welcome(1));
    expect(third.sent.filter((f) => f.t === 'msg')).toEqual([]);
    expect(third.url).toContain('token=tok2');
    c.close();
  });

  it('drops a message the server refuses for good, keeps one it refuses for now', () => {
    const { c, socket } = client();
    socket.say(welcome());
    const tooLong = c.send('x');
    const limited = c.send('y');
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    socket.say({ t: 'error', code: 'text_too_long', message: 'long', ref: tooLong });
    socket.say({ t: 'error', code: 'rate_limited', message: 'slow down', ref: limited });
    expect(errors).toEqual(['text_too_long', 'rate_limited']);
    expect(c.pending.map((p) => p.clientMsgId)).toEqual([limited]);
    c.close();
  });

  it('backs off exponentially with jitter, up to the ceiling, and stops when closed', async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const { c, socket } = client({ random: () => 1, backoff: { initialMs: 100, maxMs: 400 } });
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      delays.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      socket.drop();
      for (let i = 0; i < 4; i++) {
        await Bun.sleep(5);
        ScriptedSocket.all.at(-1)!.drop();
      }
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 400, 400]);
    const count = ScriptedSocket.all.length;
    c.close();
    await Bun.sleep(20);
    expect(ScriptedSocket.all.length).toBe(count);
    expect(c.connectionState).toBe('closed');
  });

  it('keeps its token, seqs and unsent messages in the store', () => {
    const store = memoryStore();
    const { c, socket } = client({ store });
    socket.say(welcome());
    socket.say(msg(1));
    c.send('unsent');
    expect(store.load()).toMatchObject({
      token: 'tok',
      conversationId: 'c1',
      lastSeq: { c1: 1 },
      pending: [{ text: 'unsent' }],
    });
    c.close();
  });
});

describe('SDK packaging', () => {
  it('bundles for the browser with no Node or Bun API, msgpack only when asked for', async () => {
    for (const entry of ['index.ts', 'msgpack.ts']) {
      const source = await Bun.file(`${import.meta.dir}/../../src/sdk/${entry}`).text();
      expect(source).not.toMatch(/from 'node:|\bBun\.|\bBuffer\b|\bprocess\./);
    }
    const built = await Bun.build({
      entrypoints: [`${import.meta.dir}/../../src/sdk/index.ts`],
      target: 'browser',
      minify: true,
    });
    expect(built.success).toBe(true);
    const code = await built.outputs[0]!.text();
    expect(code).not.toContain('msgpackr');
    expect(code).not.toMatch(/require\(["']node:|from ?["']node:/);
    const withMsgpack = await Bun.build({
      entrypoints: [`${import.meta.dir}/../../src/sdk/msgpack.ts`],
      target: 'browser',
    });
    expect(withMsgpack.success).toBe(true);
  });
});
