/**
 * The widget's conversation state, without a browser: what is kept per widget key, how a
 * reconnect resumes, and the offline queue resent with the same clientMsgIds.
 */
import { describe, expect, it } from 'bun:test';
import { Chat, type Saved } from '../../src/web/widget/chat.ts';

function memoryStorage(initial?: Partial<Saved>) {
  const box: { saved: Partial<Saved> | undefined } = { saved: initial };
  return {
    box,
    load: () => box.saved,
    save: (saved: Saved) => {
      box.saved = structuredClone(saved);
    },
  };
}

const welcome = (patch: Record<string, unknown> = {}) => ({
  t: 'welcome' as const,
  visitorToken: 'vt-1',
  customerId: 'cust-1',
  conversationId: '0190-a',
  lastSeq: 0,
  state: 'new',
  ...patch,
});

const agentMsg = (seq: number, text: string, conversationId = '0190-a') => ({
  t: 'msg' as const,
  id: `m${seq}`,
  conversationId,
  seq,
  author: { kind: 'agent' as const, id: 'a1', name: 'Mei' },
  text,
  channel: 'web',
  createdAt: seq,
});

describe('widget chat', () => {
  it('connects first without a token, then with the saved token and the last seq', () => {
    const storage = memoryStorage();
    const chat = new Chat(storage);
    expect(chat.socketUrl('wss://kefu.example', 'wk_1')).toBe(
      'wss://kefu.example/ws/customer?widgetKey=wk_1',
    );
    chat.welcome(welcome());
    chat.receive(agentMsg(1, 'hello'));
    chat.receive(agentMsg(2, 'anything else?'));
    const again = new Chat(storage);
    expect(again.socketUrl('wss://kefu.example', 'wk_1')).toBe(
      'wss://kefu.example/ws/customer?widgetKey=wk_1&token=vt-1&afterSeq=2',
    );
    expect(again.messages.map((m) => m.text)).toEqual(['hello', 'anything else?']);
  });

  it('queues messages while offline and resends them with the same clientMsgId on welcome', () => {
    const storage = memoryStorage();
    const chat = new Chat(storage);
    chat.welcome(welcome());
    chat.compose('first', 'w-1');
    chat.compose('second', 'w-2');
    // The page reloads before anything was acked: the queue survives.
    const reloaded = new Chat(storage);
    expect(reloaded.welcome(welcome())).toEqual([
      { t: 'msg', clientMsgId: 'w-1', text: 'first' },
      { t: 'msg', clientMsgId: 'w-2', text: 'second' },
    ]);
    const ack = { t: 'ack' as const, conversationId: '0190-a', duplicate: false };
    reloaded.receive({ ...ack, clientMsgId: 'w-1', id: 'x1', seq: 1 });
    // The resend of an already stored message is acked again: shown once.
    reloaded.receive({ ...ack, clientMsgId: 'w-1', id: 'x1', seq: 1, duplicate: true });
    reloaded.receive({ ...ack, clientMsgId: 'w-2', id: 'x2', seq: 2 });
    expect(reloaded.outbox).toEqual([]);
    expect(reloaded.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
  });

  it('shows a replayed message once', () => {
    const chat = new Chat(memoryStorage());
    chat.welcome(welcome());
    for (const seq of [1, 2, 1, 2, 3]) chat.receive(agentMsg(seq, `m${seq}`));
    expect(chat.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('replays a whole conversation it did not follow yet', () => {
    const chat = new Chat(memoryStorage({ token: 'vt-1', conversationId: '0190-a', lastSeq: 4 }));
    const frames = chat.welcome(welcome({ conversationId: '0190-b', lastSeq: 3 }));
    expect(frames).toEqual([{ t: 'resume', afterSeq: 0 }]);
    expect(chat.lastSeq).toBe(0);
  });

  it('keeps a refused message as failed (not resent) until the customer retries it', () => {
    const chat = new Chat(memoryStorage());
    chat.welcome(welcome());
    chat.compose('x'.repeat(10), 'w-1');
    chat.receive({ t: 'error', code: 'text_too_long', message: 'too long', ref: 'w-1' });
    expect(chat.pendingFrames()).toEqual([]);
    // Transient refusals keep the message queued for a resend.
    chat.compose('y', 'w-2');
    chat.receive({ t: 'error', code: 'unavailable', message: 'later', ref: 'w-2' });
    expect(chat.pendingFrames()).toEqual([{ t: 'msg', clientMsgId: 'w-2', text: 'y' }]);
    expect(chat.retry('w-1')).toEqual({ t: 'msg', clientMsgId: 'w-1', text: 'xxxxxxxxxx' });
  });

  it('counts unread team messages until seen, and reports reads once', () => {
    const chat = new Chat(memoryStorage());
    chat.welcome(welcome());
    chat.receive(agentMsg(1, 'hi'));
    chat.receive(agentMsg(2, 'are you there?'));
    expect(chat.unread()).toBe(2);
    chat.markSeen();
    expect(chat.unread()).toBe(0);
    expect(chat.readFrame()).toEqual({ t: 'read', seq: 2 });
    expect(chat.readFrame()).toBeUndefined();
  });

  it('moves to the new conversation after the old one was closed', () => {
    const chat = new Chat(memoryStorage());
    chat.welcome(welcome());
    chat.receive(agentMsg(1, 'bye'));
    chat.receive({
      t: 'conversation',
      conversation: {
        id: '0190-a',
        customerId: 'cust-1',
        state: 'closed',
        lastSeq: 1,
        assignedAgentId: 'a1',
        channel: 'web',
        createdAt: 1,
      },
    });
    expect(chat.closed).toBe(true);
    chat.compose('one more thing', 'w-9');
    chat.receive({
      t: 'ack',
      clientMsgId: 'w-9',
      id: 'n1',
      seq: 1,
      conversationId: '0190-b',
      duplicate: false,
    });
    expect(chat.closed).toBe(false);
    expect(chat.conversationId).toBe('0190-b');
    expect(chat.messages.map((m) => `${m.conversationId}:${m.seq}`)).toEqual([
      '0190-a:1',
      '0190-b:1',
    ]);
  });

  it('sends typing at most every few seconds, and again right after a message', () => {
    const chat = new Chat(memoryStorage());
    expect(chat.typingFrame(10_000)).toEqual({ t: 'typing' });
    expect(chat.typingFrame(11_000)).toBeUndefined();
    chat.compose('sent', 'w-1');
    expect(chat.typingFrame(11_500)).toEqual({ t: 'typing' });
  });

  it('shows the place in line while queued, and forgets it once assigned', () => {
    const chat = new Chat(memoryStorage());
    chat.welcome(welcome());
    const view = (state: string) => ({
      t: 'conversation' as const,
      conversation: {
        id: '0190-a',
        customerId: 'cust-1',
        state,
        lastSeq: 1,
        assignedAgentId: null,
        channel: 'web',
        createdAt: 1,
      },
    });
    chat.receive(view('queued'));
    expect(chat.receive({ t: 'queue', conversationId: '0190-a', position: 3, groupId: null })).toBe(
      true,
    );
    expect(chat.queuePosition).toBe(3);
    // Another conversation's place is not ours.
    expect(chat.receive({ t: 'queue', conversationId: '0190-x', position: 1, groupId: null })).toBe(
      false,
    );
    chat.receive(view('assigned'));
    expect(chat.queuePosition).toBeNull();
  });

  it('asks for a rating after the team closes, once, and remembers it across reloads', () => {
    const storage = memoryStorage();
    const chat = new Chat(storage);
    chat.welcome(welcome());
    chat.receive({
      t: 'conversation',
      conversation: {
        id: '0190-a',
        customerId: 'cust-1',
        state: 'closed',
        lastSeq: 2,
        assignedAgentId: 'a1',
        channel: 'web',
        createdAt: 1,
      },
    });
    expect(chat.csatAsked()).toBeNull();
    chat.receive({ t: 'csat_request', conversationId: '0190-a', ticketId: 'tk-1' });
    expect(chat.csatAsked()).toEqual({ conversationId: '0190-a', ticketId: 'tk-1' });
    const again = new Chat(storage);
    again.welcome(welcome({ state: 'closed', lastSeq: 2 }));
    expect(again.csatAsked()?.ticketId).toBe('tk-1');
    expect(again.rate(4, '  quick and kind ')).toEqual({
      t: 'csat',
      conversationId: '0190-a',
      score: 4,
      comment: 'quick and kind',
    });
    expect(again.rate(5, '')).toBeUndefined();
    expect(again.csatAsked()?.score).toBe(4);
    // Writing again opens a new conversation: no prompt for it.
    again.receive(agentMsg(1, 'new one', '0190-b'));
    expect(again.csatAsked()).toBeNull();
  });
});
