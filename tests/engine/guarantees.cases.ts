/**
 * The core guarantees through a real server and real WebSocket clients, written once and
 * run on SQLite and on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { createConnection } from 'mysql2/promise';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

export function guaranteesSuite(engine: EngineName) {
  describe(`message guarantees on ${engine}`, () => {
    let k: TestKefu;
    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      k = await startTestKefu(engine);
    }, 60_000);
    afterAll(() => k.stop());

    it('carries a customer message to an agent and the reply back', async () => {
      const agent = await k.addAgent();
      const agentSocket = await agent.connect();
      const customer = await k.customer();
      const welcome = await customer.nextOf('welcome');
      expect(welcome.state).toBe('new');
      expect(welcome.lastSeq).toBe(0);

      customer.send({ t: 'msg', clientMsgId: 'c-1', text: 'Where is my order?' });
      const ack = await customer.nextOf('ack');
      expect(ack).toMatchObject({
        clientMsgId: 'c-1',
        seq: 1,
        duplicate: false,
        conversationId: welcome.conversationId,
      });

      const assigned = await agentSocket.nextOf(
        'conversation',
        (f) => f.conversation.state === 'assigned',
      );
      expect(assigned.conversation.assignedAgentId).toBe(agent.id);
      const inbound = await agentSocket.nextOf('msg');
      expect(inbound).toMatchObject({
        seq: 1,
        text: 'Where is my order?',
        author: { kind: 'customer' },
      });

      agentSocket.send({
        t: 'msg',
        conversationId: welcome.conversationId,
        clientMsgId: 'a-1',
        text: 'It ships today.',
      });
      expect((await agentSocket.nextOf('ack')).seq).toBe(2);
      const reply = await customer.nextOf('msg');
      expect(reply).toMatchObject({
        seq: 2,
        text: 'It ships today.',
        author: { kind: 'agent', id: agent.id },
      });
      customer.close();
      agentSocket.close();
    });

    it('stores a retried clientMsgId once and acks it with the original id and seq', async () => {
      const customer = await k.customer();
      const welcome = await customer.nextOf('welcome');
      customer.send({ t: 'msg', clientMsgId: 'dup-1', text: 'first' });
      const first = await customer.nextOf('ack');
      customer.send({ t: 'msg', clientMsgId: 'dup-1', text: 'first' });
      const again = await customer.nextOf('ack');
      expect(again).toMatchObject({ id: first.id, seq: first.seq, duplicate: true });
      customer.close();

      // After a reconnect too (the ack was lost, the client resends).
      const back = await k.customer({ token: welcome.visitorToken });
      expect((await back.nextOf('welcome')).conversationId).toBe(welcome.conversationId);
      back.send({ t: 'msg', clientMsgId: 'dup-1', text: 'first' });
      expect(await back.nextOf('ack')).toMatchObject({ id: first.id, duplicate: true });
      back.send({ t: 'msg', clientMsgId: 'dup-2', text: 'second' });
      expect((await back.nextOf('ack')).seq).toBe(2);
      const res = await k.api(`/api/v1/conversations/${welcome.conversationId}/messages`, {
        token: k.tenant.apiKey,
      });
      const body = (await res.json()) as { messages: { text: string; seq: number }[] };
      expect(body.messages.map((m) => [m.seq, m.text])).toEqual([
        [1, 'first'],
        [2, 'second'],
      ]);
      back.close();
    });

    it('keeps seq gap-free with 50 concurrent senders in one conversation', async () => {
      const first = await k.customer();
      const welcome = await first.nextOf('welcome');
      first.send({ t: 'msg', clientMsgId: 'open', text: 'hello' });
      await first.nextOf('ack');
      const senders = await Promise.all(
        Array.from({ length: 49 }, () => k.customer({ token: welcome.visitorToken })),
      );
      const all = [first, ...senders];
      await Promise.all(senders.map((s) => s.nextOf('welcome')));
      const perSender = 4;
      for (let round = 0; round < perSender; round++) {
        for (const [i, s] of all.entries()) {
          s.send({ t: 'msg', clientMsgId: `s${i}-${round}`, text: `from ${i} #${round}` });
        }
      }
      const acks = (
        await Promise.all(all.map((s) => s.collect(perSender, (f) => f.t === 'ack')))
      ).flat();
      const seqs = acks.map((a) => a.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 50 * perSender }, (_, i) => i + 2));
      // Every socket saw everyone else's messages in increasing seq order, each once.
      const observed = all[7]!;
      const live = observed.frames.filter((f) => f.t === 'msg').map((f) => f.seq);
      expect([...live].sort((a, b) => a - b)).toEqual(live);
      expect(new Set(live).size).toBe(live.length);
      for (const s of all) s.close();
    });

    it('replays exactly the missed messages after a reconnect', async () => {
      const agent = await k.addAgent({ capacity: 50 });
      const agentSocket = await agent.connect();
      const customer = await k.customer();
      const welcome = await customer.nextOf('welcome');
      customer.send({ t: 'msg', clientMsgId: 'r1', text: 'one' });
      await customer.nextOf('ack');
      await agentSocket.nextOf('msg', (f) => f.conversationId === welcome.conversationId);
      customer.close();
      await customer.closed;
      for (let i = 0; i < 5; i++) {
        agentSocket.send({
          t: 'msg',
          conversationId: welcome.conversationId,
          clientMsgId: `missed-${i}`,
          text: `missed ${i}`,
        });
        await agentSocket.nextOf('ack');
      }
      const back = await k.customer({ token: welcome.visitorToken });
      const hello = await back.nextOf('welcome');
      expect(hello.lastSeq).toBe(6);
      back.send({ t: 'resume', afterSeq: 1 });
      const replayed = await back.collect(5, (f) => f.t === 'msg');
      expect(replayed.map((f) => f.text)).toEqual([
        'missed 0',
        'missed 1',
        'missed 2',
        'missed 3',
        'missed 4',
      ]);
      expect(await back.nextOf('resumed')).toMatchObject({ lastSeq: 6 });
      await back.expectNone((f) => f.t === 'msg', 200);

      // The URL form replays before anything live.
      const viaUrl = await k.customer({ token: welcome.visitorToken, afterSeq: 4 });
      await viaUrl.nextOf('welcome');
      const tail = await viaUrl.collect(2, (f) => f.t === 'msg');
      expect(tail.map((f) => f.seq)).toEqual([5, 6]);
      back.close();
      viaUrl.close();
      agentSocket.close();
    });

    if (engine === 'mysql') {
      it('acks only after the commit: a locked row holds the ack back', async () => {
        const customer = await k.customer();
        const welcome = await customer.nextOf('welcome');
        customer.send({ t: 'msg', clientMsgId: 'lock-0', text: 'create' });
        await customer.nextOf('ack');
        const locker = await createConnection(k.database.dbUrl!);
        // The server's own follow-up writes (routing, queue state) may still be running:
        // InnoDB can pick our locking read as a deadlock victim, so take the lock again.
        for (let attempt = 0; ; attempt++) {
          await locker.query('START TRANSACTION');
          try {
            await locker.query('SELECT id FROM conversations WHERE id = ? FOR UPDATE', [
              welcome.conversationId,
            ]);
            break;
          } catch (e) {
            await locker.query('ROLLBACK');
            if ((e as { errno?: number }).errno !== 1213 || attempt >= 20) throw e;
            await Bun.sleep(20);
          }
        }
        customer.send({ t: 'msg', clientMsgId: 'lock-1', text: 'held' });
        await customer.expectNone((f) => f.t === 'ack', 700);
        await locker.query('ROLLBACK');
        const ack = await customer.nextOf('ack');
        expect(ack.seq).toBe(2);
        const [rows] = (await locker.query('SELECT text FROM messages WHERE id = ?', [
          ack.id,
        ])) as unknown as [{ text: string }[]];
        expect(rows[0]?.text).toBe('held');
        await locker.end();
        customer.close();
      });
    } else {
      it('acks only once the message is readable from another connection', async () => {
        const { Database } = await import('bun:sqlite');
        const other = new Database(`${k.database.dataDir}/kefu.db`, { readonly: true });
        const customer = await k.customer();
        await customer.nextOf('welcome');
        for (let i = 0; i < 20; i++) {
          customer.send({ t: 'msg', clientMsgId: `v${i}`, text: `visible ${i}` });
          const ack = await customer.nextOf('ack');
          const row = other.query('SELECT text FROM messages WHERE id = ?').get(ack.id) as {
            text: string;
          } | null;
          expect(row?.text).toBe(`visible ${i}`);
        }
        other.close();
        customer.close();
      });
    }
  });
}
