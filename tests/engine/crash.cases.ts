/**
 * kill -9 in the middle of a stream of messages, restart: every acknowledged message is
 * there exactly once and in order; resending the unacknowledged ones completes the set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { ENGINES, type EngineName, type TestDatabase } from '../support/databases.ts';
import { cli, type KefuProcess, spawnKefu } from '../support/process.ts';
import { type Frame, TestSocket } from '../support/ws-client.ts';

const CLIENTS = 6;
const IN_FLIGHT = 8;

interface Sender {
  socket: TestSocket;
  welcome: Frame;
  sent: string[];
  acked: Map<string, { id: string; seq: number }>;
}

export function crashSuite(engine: EngineName) {
  describe(`crash safety on ${engine}`, () => {
    let db: TestDatabase;
    let env: Record<string, string | undefined>;
    let tenant: { widgetKey: string; apiKey: string };
    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      db = await ENGINES[engine]();
      env = {
        KEFU_DATA_DIR: db.dataDir,
        KEFU_DB_URL: db.dbUrl,
        KEFU_RATE_LIMIT_PER_SEC: '100000',
        KEFU_RATE_LIMIT_BURST: '100000',
      };
      tenant = cli(['tenant', 'create', '--name', 'Crash'], env) as typeof tenant;
    }, 60_000);
    afterAll(() => db.drop());

    it('keeps every acked message exactly once, in order, across kill -9', async () => {
      let server: KefuProcess = await spawnKefu(env);
      const senders: Sender[] = await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          const socket = await TestSocket.open(
            `${server.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`,
          );
          return {
            socket,
            welcome: await socket.nextOf('welcome'),
            sent: [],
            acked: new Map(),
          } as Sender;
        }),
      );
      // Each client keeps IN_FLIGHT messages outstanding until the server dies.
      const pump = (s: Sender, index: number) => {
        const sendNext = () => {
          const id = `c${index}-${s.sent.length}`;
          s.sent.push(id);
          s.socket.send({ t: 'msg', clientMsgId: id, text: `message ${id}` });
        };
        for (let i = 0; i < IN_FLIGHT; i++) sendNext();
        (async () => {
          for (;;) {
            const ack = await s.socket.nextOf('ack', () => true, 60_000).catch(() => undefined);
            if (!ack) return;
            s.acked.set(ack.clientMsgId, { id: ack.id, seq: ack.seq });
            sendNext();
          }
        })();
      };
      senders.forEach(pump);
      const ackedTotal = () => senders.reduce((n, s) => n + s.acked.size, 0);
      while (ackedTotal() < 600) await Bun.sleep(5);
      server.proc.kill('SIGKILL');
      await server.proc.exited;
      await Promise.all(senders.map((s) => s.socket.closed));
      const ackedAtCrash = ackedTotal();
      expect(ackedAtCrash).toBeGreaterThanOrEqual(600);

      server = await spawnKefu(env);
      try {
        for (const s of senders) {
          const stored = await messages(server, tenant.apiKey, s.welcome.conversationId);
          // Gap-free seq from 1, each stored message once.
          expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
          const byClientId = new Map(stored.map((m) => [m.clientMsgId, m]));
          expect(byClientId.size).toBe(stored.length);
          for (const [clientMsgId, ack] of s.acked) {
            expect(byClientId.get(clientMsgId)).toMatchObject({ id: ack.id, seq: ack.seq });
          }
          // Stored in the order each client sent them.
          const order = stored.map((m) => s.sent.indexOf(m.clientMsgId!));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }

        // Reconnect with the visitor token and resend everything not acked: the set completes, nothing doubles.
        for (const s of senders) {
          const socket = await TestSocket.open(
            `${server.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}&token=${s.welcome.visitorToken}`,
          );
          expect((await socket.nextOf('welcome')).conversationId).toBe(s.welcome.conversationId);
          const unacked = s.sent.filter((id) => !s.acked.has(id));
          for (const id of unacked)
            socket.send({ t: 'msg', clientMsgId: id, text: `message ${id}` });
          await socket.collect(unacked.length, (f) => f.t === 'ack', 20_000);
          socket.close();
          const stored = await messages(server, tenant.apiKey, s.welcome.conversationId);
          expect(stored.map((m) => m.clientMsgId)).toEqual(s.sent);
          expect(stored.map((m) => m.seq)).toEqual(s.sent.map((_, i) => i + 1));
        }
      } finally {
        server.proc.kill('SIGTERM');
        await server.proc.exited;
      }
    }, 120_000);
  });
}

async function messages(server: KefuProcess, apiKey: string, conversationId: string) {
  const all: { seq: number; id: string; clientMsgId?: string; text: string }[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(
      `${server.url}/api/v1/conversations/${conversationId}/messages?afterSeq=${after}&limit=500`,
      {
        headers: { authorization: `Bearer ${apiKey}` },
      },
    );
    if (res.status === 404) return all;
    const page = (await res.json()) as { messages: typeof all; nextAfterSeq: number | null };
    all.push(...page.messages);
    if (page.nextAfterSeq === null) return all;
    after = page.nextAfterSeq;
  }
}
