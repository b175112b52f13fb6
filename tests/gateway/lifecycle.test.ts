/**
 * Slow consumers are cut off (memory stays bounded), and a graceful shutdown closes every
 * socket with "going away" after flushing what was sent.
 */
import { describe, expect, it } from 'bun:test';
import { resolve } from 'node:path';
import { ENGINES } from '../support/databases.ts';
import { startTestKefu } from '../support/kefu.ts';
import { cli, spawnKefu } from '../support/process.ts';
import { TestSocket } from '../support/ws-client.ts';

describe('back-pressure', () => {
  it('closes a socket that stops reading with 1013 instead of buffering without bound', async () => {
    const k = await startTestKefu('sqlite', {
      KEFU_BACKPRESSURE_BYTES: '65536',
      KEFU_MAX_TEXT_CHARS: '100000',
      KEFU_MAX_FRAME_BYTES: '262144',
      KEFU_RATE_LIMIT_PER_SEC: '10000',
      KEFU_RATE_LIMIT_BURST: '10000',
    });
    try {
      const agent = await k.addAgent();
      const agentSocket = await agent.connect();
      const port = new URL(k.url).port;
      const reader = Bun.spawn(
        [
          'python3',
          resolve(import.meta.dir, '../support/py/slow_reader.py'),
          '127.0.0.1',
          port,
          `/ws/customer?widgetKey=${k.tenant.widgetKey}`,
          JSON.stringify({ t: 'msg', clientMsgId: 'slow', text: 'hi' }),
          '3',
        ],
        { stdout: 'pipe', stderr: 'inherit' },
      );
      const assigned = await agentSocket.nextOf('msg', (f) => f.author.kind === 'customer');
      const big = 'x'.repeat(100_000);
      for (let i = 0; i < 120; i++) {
        agentSocket.send({
          t: 'msg',
          conversationId: assigned.conversationId,
          clientMsgId: `big-${i}`,
          text: big,
        });
        await agentSocket.nextOf('ack');
      }
      const out = (await new Response(reader.stdout).text()).trim().split('\n');
      const result = JSON.parse(out.at(-1)!) as { closeCode: number; bytes: number };
      expect(result.closeCode).toBe(1013);
      // All 120 messages (12 MB) are stored: the slow customer resumes later and loses nothing.
      const res = await k.api(`/api/v1/conversations/${assigned.conversationId}`, {
        token: k.tenant.apiKey,
      });
      expect(
        ((await res.json()) as { conversation: { lastSeq: number } }).conversation.lastSeq,
      ).toBe(121);
      agentSocket.close();
    } finally {
      await k.stop();
    }
  }, 30_000);
});

describe('graceful shutdown', () => {
  it('closes sockets with 1001 on SIGTERM and exits cleanly, keeping what was acked', async () => {
    const db = await ENGINES.sqlite();
    const env = { KEFU_DATA_DIR: db.dataDir };
    const tenant = cli(['tenant', 'create', '--name', 'Shutdown'], env) as {
      widgetKey: string;
      apiKey: string;
    };
    const server = await spawnKefu(env);
    const c = await TestSocket.open(`${server.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`);
    const welcome = await c.nextOf('welcome');
    for (let i = 0; i < 20; i++)
      c.send({ t: 'msg', clientMsgId: `s${i}`, text: `before shutdown ${i}` });
    const acks = await c.collect(20, (f) => f.t === 'ack');
    server.proc.kill('SIGTERM');
    expect((await c.closed).code).toBe(1001);
    expect(await server.proc.exited).toBe(0);

    const again = await spawnKefu(env);
    const res = await fetch(`${again.url}/api/v1/conversations/${welcome.conversationId}`, {
      headers: { authorization: `Bearer ${tenant.apiKey}` },
    });
    expect(((await res.json()) as { conversation: { lastSeq: number } }).conversation.lastSeq).toBe(
      acks.length,
    );
    again.proc.kill('SIGTERM');
    await again.proc.exited;
    await db.drop();
  }, 30_000);
});
