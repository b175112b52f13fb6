/**
 * The workspace's inbox logic, without a browser: messages once each in seq order, resume
 * points after a reconnect, unacked replies resent with their clientMsgId, unread counts.
 */
import { describe, expect, it } from 'bun:test';
import { Inbox } from '../../src/web/app/inbox.ts';
import type { ChatMessage, ConversationView } from '../../src/web/shared/protocol.ts';

const me = { id: 'agent-1', name: 'Mei', role: 'agent' };

function view(id: string, patch: Partial<ConversationView> = {}): ConversationView {
  return {
    id,
    customerId: `cust-${id}`,
    state: 'assigned',
    lastSeq: 0,
    assignedAgentId: me.id,
    channel: 'web',
    createdAt: 1000,
    ...patch,
  };
}

function msg(conversationId: string, seq: number, text = `m${seq}`): ChatMessage {
  return {
    id: `${conversationId}-${seq}`,
    conversationId,
    seq,
    author: { kind: 'customer', id: null, name: null },
    text,
    createdAt: 1000 + seq,
  };
}

describe('inbox', () => {
  it('keeps each message once, in seq order, whatever order replays deliver them in', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1')] });
    for (const seq of [3, 1, 2, 3, 1, 4]) inbox.message(msg('c1', seq));
    const c = inbox.conversations.get('c1')!;
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(c.lastSeq).toBe(4);
  });

  it('resumes every known conversation from the last seq it had before the reconnect', () => {
    const inbox = new Inbox();
    inbox.hello({
      t: 'hello',
      agent: me,
      conversations: [view('c1'), view('c2', { state: 'queued', assignedAgentId: null })],
    });
    inbox.message(msg('c1', 1));
    inbox.message(msg('c1', 2));
    inbox.upsert(view('c2', { state: 'queued', assignedAgentId: null, lastSeq: 5 }));
    // While we were away the server moved on; the new hello carries newer lastSeqs.
    const outcome = inbox.hello({
      t: 'hello',
      agent: me,
      conversations: [
        view('c1', { lastSeq: 9 }),
        view('c2', { state: 'queued', assignedAgentId: null, lastSeq: 7 }),
        view('c3', { lastSeq: 1 }),
      ],
    });
    expect(outcome.resume).toEqual([
      { conversationId: 'c1', afterSeq: 2 },
      { conversationId: 'c2', afterSeq: 5 },
    ]);
    // c3 was assigned to us while we were away.
    expect(outcome.newlyMine.map((c) => c.id)).toEqual(['c3']);
  });

  it('asks to refresh a followed conversation the new hello no longer lists', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1'), view('c2')] });
    const outcome = inbox.hello({ t: 'hello', agent: me, conversations: [view('c2')] });
    expect(outcome.stale).toEqual(['c1']);
  });

  it('resends unacked replies with the same clientMsgId until the ack turns them into messages', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1', { lastSeq: 1 })] });
    inbox.compose('c1', 'first', 'a-1');
    inbox.compose('c1', 'second', 'a-2');
    expect(inbox.pendingFrames()).toEqual([
      { t: 'msg', conversationId: 'c1', clientMsgId: 'a-1', text: 'first' },
      { t: 'msg', conversationId: 'c1', clientMsgId: 'a-2', text: 'second' },
    ]);
    const ack = { t: 'ack' as const, conversationId: 'c1', id: 'x', seq: 2, duplicate: false };
    expect(inbox.ack({ ...ack, clientMsgId: 'a-1' })).toBe(true);
    // A duplicate ack (the resend of an already stored reply) changes nothing.
    expect(inbox.ack({ ...ack, clientMsgId: 'a-1', duplicate: true })).toBe(false);
    expect(inbox.pendingFrames()).toEqual([
      { t: 'msg', conversationId: 'c1', clientMsgId: 'a-2', text: 'second' },
    ]);
    const c = inbox.conversations.get('c1')!;
    expect(c.messages).toEqual([
      expect.objectContaining({
        seq: 2,
        text: 'first',
        author: { kind: 'agent', id: me.id, name: me.name },
      }),
    ]);
  });

  it('marks a refused reply failed, leaves it out of resends, and retries it on request', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1')] });
    inbox.compose('c1', 'too late', 'a-1');
    expect(inbox.refused('a-1', 'the conversation is closed')).toBe(true);
    expect(inbox.pendingFrames()).toEqual([]);
    expect(inbox.conversations.get('c1')!.pending[0]!.failed).toBe('the conversation is closed');
    expect(inbox.retry('c1', 'a-1')).toEqual({
      t: 'msg',
      conversationId: 'c1',
      clientMsgId: 'a-1',
      text: 'too late',
    });
  });

  it('counts unread customer messages until the agent reads them', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1')] });
    inbox.message(msg('c1', 1));
    inbox.message({ ...msg('c1', 2), author: { kind: 'agent', id: me.id, name: me.name } });
    inbox.message(msg('c1', 3));
    const c = inbox.conversations.get('c1')!;
    expect(inbox.unread(c)).toBe(2);
    expect(inbox.markRead('c1')).toBe(3);
    expect(inbox.markRead('c1')).toBeUndefined();
    expect(inbox.unread(c)).toBe(0);
    expect(inbox.readPositions()).toEqual({ c1: 3 });
  });

  it('tells when a conversation becomes ours, and lists queue, mine and all open apart', () => {
    const inbox = new Inbox();
    inbox.hello({
      t: 'hello',
      agent: me,
      conversations: [
        view('q1', { state: 'queued', assignedAgentId: null, createdAt: 2 }),
        view('q2', { state: 'queued', assignedAgentId: null, createdAt: 1 }),
      ],
    });
    expect(inbox.list('queued').map((c) => c.id)).toEqual(['q2', 'q1']);
    expect(inbox.upsert(view('q1', { state: 'assigned', assignedAgentId: me.id }))).toBe(true);
    expect(inbox.upsert(view('q1', { state: 'assigned', assignedAgentId: me.id }))).toBe(false);
    expect(inbox.upsert(view('q2', { state: 'assigned', assignedAgentId: 'agent-2' }))).toBe(false);
    expect(inbox.list('mine').map((c) => c.id)).toEqual(['q1']);
    expect(
      inbox
        .list('all')
        .map((c) => c.id)
        .sort(),
    ).toEqual(['q1', 'q2']);
    inbox.upsert(view('q1', { state: 'closed', assignedAgentId: me.id }));
    expect(inbox.list('all').map((c) => c.id)).toEqual(['q2']);
  });

  it('ignores our own typing and shows the customer typing', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1')] });
    expect(inbox.typing('c1', { kind: 'agent', id: me.id, name: me.name })).toBe(false);
    expect(inbox.typing('c1', { kind: 'customer', id: null, name: null }, 0)).toBe(true);
    // The customer's message ends their typing.
    inbox.message(msg('c1', 1));
    expect(inbox.conversations.get('c1')!.typing).toBeUndefined();
  });

  it('finds conversations by message text or customer id', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1'), view('c2')] });
    inbox.message(msg('c1', 1, 'Where is my PARCEL?'));
    expect(inbox.list('all', 'parcel').map((c) => c.id)).toEqual(['c1']);
    expect(inbox.list('all', 'cust-c2').map((c) => c.id)).toEqual(['c2']);
  });

  it('places internal notes between the messages by time, each once, pending until saved', () => {
    const inbox = new Inbox();
    inbox.hello({ t: 'hello', agent: me, conversations: [view('c1')] });
    for (const seq of [1, 2, 3]) inbox.message(msg('c1', seq));
    const note = (id: string, createdAt: number) => ({
      id,
      conversationId: 'c1',
      author: { id: 'sup-1', name: 'Boss' },
      text: `note ${id}`,
      createdAt,
    });
    // A live note arrives before the REST page that also lists it.
    expect(inbox.note(note('n2', 1002.5))).toBe(true);
    inbox.notesLoaded('c1', [note('n1', 1000), note('n2', 1002.5)]);
    expect(inbox.note(note('n2', 1002.5))).toBe(false);
    inbox.pendNote('c1', 'k1', 'mine');
    const c = inbox.conversations.get('c1')!;
    expect(
      inbox.timeline(c).map((i) => (i.kind === 'note' ? i.note.id : `m${i.message.seq}`)),
    ).toEqual(['n1', 'm1', 'm2', 'n2', 'm3']);
    expect(c.pendingNotes.map((p) => p.text)).toEqual(['mine']);
    inbox.settleNote('c1', 'k1', { failed: 'offline' });
    expect(c.pendingNotes[0]!.failed).toBe('offline');
    inbox.settleNote('c1', 'k1', note('n3', 1004));
    expect(c.pendingNotes).toEqual([]);
    expect(inbox.timeline(c).at(-1)).toEqual({ kind: 'note', note: note('n3', 1004) });
    // Notes are not messages: no unread count from them.
    expect(inbox.unread(c)).toBe(3);
  });
});
