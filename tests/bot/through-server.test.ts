/**
 * The bot through a real server and the widget protocol: simple questions get the right
 * answer in milliseconds; complaints and requests for a person go to people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu('sqlite', { KEFU_BOT: 'on' });
});
afterAll(() => k.stop());

async function ask(text: string) {
  const socket = await k.customer();
  const welcome = await socket.nextOf('welcome');
  socket.send({ t: 'msg', clientMsgId: 'q1', text });
  await socket.nextOf('ack');
  return { socket, conversationId: welcome.conversationId as string };
}

async function state(conversationId: string) {
  const res = await k.api(`/api/v1/conversations/${conversationId}`, { token: k.tenant.apiKey });
  return ((await res.json()) as { conversation: { state: string } }).conversation.state;
}

describe('the bot', () => {
  for (const [text, expected] of [
    ['我的快递到哪了', /物流|订单/],
    ['where is my order', /parcel|order/i],
  ] as const) {
    it(`answers "${text}" with the order-status answer`, async () => {
      const { socket, conversationId } = await ask(text);
      const answer = await socket.nextOf('msg', (f) => f.author.kind === 'bot');
      expect(answer.text).toMatch(expected);
      expect(answer.seq).toBe(2);
      expect(await state(conversationId)).toBe('bot');
      socket.close();
    });
  }

  for (const text of ['我要投诉', 'talk to a human']) {
    it(`hands "${text}" to a human`, async () => {
      const { socket, conversationId } = await ask(text);
      await socket.nextOf('conversation', (f) => f.conversation.state === 'queued');
      expect(await state(conversationId)).toBe('queued');
      const events = (await (
        await k.api(`/api/v1/conversations/${conversationId}/events`, { token: k.tenant.apiKey })
      ).json()) as {
        events: { kind: string }[];
      };
      expect(events.events.map((e) => e.kind)).toContain('queued');
      socket.close();
    });
  }

  it('asks to rephrase once, then hands over when it still does not understand', async () => {
    const { socket, conversationId } = await ask('qwzx vbnm plokij');
    const first = await socket.nextOf('msg', (f) => f.author.kind === 'bot');
    expect(first.text).toMatch(/another way|换个说法/);
    socket.send({ t: 'msg', clientMsgId: 'q2', text: 'zzkq wxyv' });
    await socket.nextOf('conversation', (f) => f.conversation.state === 'queued');
    expect(await state(conversationId)).toBe('queued');
    socket.close();
  });

  it('routes "我要退货" to the after-sales queue by the default rules', async () => {
    await k.api('/api/v1/groups', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: { key: 'after-sales', name: 'After-sales' },
    });
    const { socket, conversationId } = await ask('我要退货');
    await socket.nextOf('conversation', (f) => f.conversation.state === 'queued');
    const events = (await (
      await k.api(`/api/v1/conversations/${conversationId}/events`, { token: k.tenant.apiKey })
    ).json()) as {
      events: { kind: string; detail: { group?: string } }[];
    };
    expect(events.events.find((e) => e.kind === 'queued')?.detail.group).toBe('after-sales');
    socket.close();
  });

  it('tells what it would do in the dry-run, with the model prediction', async () => {
    const res = await k.api('/api/v1/rules/dry-run', {
      method: 'POST',
      token: k.tenant.apiKey,
      json: { text: 'how do I get an invoice' },
    });
    const body = (await res.json()) as {
      prediction: { intent: string; declined: boolean };
      result: { kind: string };
    };
    expect(body.prediction).toMatchObject({ intent: 'invoice', declined: false });
    expect(body.result.kind).toBe('bot_answer');
  });
});
