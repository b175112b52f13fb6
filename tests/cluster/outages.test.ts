/**
 * Outages: MySQL unreachable (no ack for what was not stored; resent messages land once),
 * Redis restarted (nodes say so in /readyz, reconnect, and fill what sockets missed).
 */
import { afterAll, describe, expect, it } from 'bun:test';
import { ENGINES } from '../support/databases.ts';
import { cli, spawnKefu } from '../support/process.ts';
import { tcpProxy } from '../support/tcp-proxy.ts';
import { TestSocket } from '../support/ws-client.ts';
import { login, sendReliably, startCluster, type TestCluster } from './support.ts';

const readiness = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
};

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(200);
  }
}

describe('MySQL briefly unreachable', () => {
  it('acks nothing it could not store, and stores each resent message once', async () => {
    const db = await ENGINES.mysql();
    const name = new URL(db.dbUrl!).pathname.slice(1);
    const proxy = tcpProxy(3306);
    const env = {
      KEFU_DATA_DIR: db.dataDir,
      KEFU_DB_URL: `mysql://root@127.0.0.1:${proxy.port}/${name}`,
    };
    const tenant = cli(['tenant', 'create', '--name', 'Outage'], {
      ...env,
      KEFU_DB_URL: db.dbUrl,
    }) as { widgetKey: string; apiKey: string };
    const node = await spawnKefu(env);
    try {
      const customer = await TestSocket.open(
        `${node.wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`,
      );
      const welcome = await customer.nextOf('welcome');
      expect(
        (
          await sendReliably(customer, {
            t: 'msg',
            clientMsgId: 'before',
            text: 'before the outage',
          })
        ).seq,
      ).toBe(1);

      proxy.cut();
      customer.send({ t: 'msg', clientMsgId: 'during', text: 'sent while the database is away' });
      const refused = await customer.next(
        (f) => f.ref === 'during' || f.clientMsgId === 'during',
        20_000,
      );
      expect(refused).toMatchObject({ t: 'error', code: 'unavailable' });
      await until(async () => (await readiness(node.url)).status === 503);
      expect((await readiness(node.url)).body.checks.database).toBe(false);

      proxy.restore();
      await until(async () => (await readiness(node.url)).status === 200);
      const ack = await sendReliably(customer, {
        t: 'msg',
        clientMsgId: 'during',
        text: 'sent while the database is away',
      });
      expect(ack).toMatchObject({ seq: 2, duplicate: false });
      expect(
        (
          await sendReliably(customer, {
            t: 'msg',
            clientMsgId: 'during',
            text: 'sent while the database is away',
          })
        ).duplicate,
      ).toBe(true);
      const res = await fetch(
        `${node.url}/api/v1/conversations/${welcome.conversationId}/messages`,
        { headers: { authorization: `Bearer ${tenant.apiKey}` } },
      );
      const stored = ((await res.json()) as { messages: { clientMsgId: string; seq: number }[] })
        .messages;
      expect(stored.map((m) => [m.seq, m.clientMsgId])).toEqual([
        [1, 'before'],
        [2, 'during'],
      ]);
      customer.close();
    } finally {
      node.proc.kill('SIGTERM');
      await node.proc.exited;
      proxy.close();
      await db.drop();
    }
  }, 90_000);
});

describe('Redis restarted', () => {
  let cluster: TestCluster | undefined;
  let redis: ReturnType<typeof Bun.spawn> | undefined;
  afterAll(async () => {
    await cluster?.stop();
    redis?.kill('SIGKILL');
  });

  const startRedis = async (port: number) => {
    const proc = Bun.spawn(
      [
        'redis-server',
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdout: 'ignore', stderr: 'ignore' },
    );
    await until(async () => {
      try {
        const socket = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } });
        socket.end();
        return true;
      } catch {
        return false;
      }
    }, 10_000);
    return proc;
  };

  it('reports it in /readyz, reconnects, and delivers what was missed meanwhile', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    redis = await startRedis(port);
    cluster = await startCluster(2, { KEFU_REDIS_URL: `redis://127.0.0.1:${port}` });
    const [n1, n2] = [cluster.nodes[0]!, cluster.nodes[1]!];
    cli(
      [
        'agent',
        'create',
        '--tenant',
        cluster.tenant.tenantId,
        '--email',
        'rita@redis.test',
        '--password',
        'correct horse battery',
      ],
      cluster.env,
    );
    const agent = await TestSocket.open(
      `${n2.wsUrl}/ws/agent?token=${await login(n2, 'rita@redis.test', 'correct horse battery')}`,
    );
    await agent.nextOf('hello');
    const customer = await TestSocket.open(
      `${n1.wsUrl}/ws/customer?widgetKey=${cluster.tenant.widgetKey}`,
    );
    const { conversationId } = await customer.nextOf('welcome');
    await sendReliably(customer, { t: 'msg', clientMsgId: 'r1', text: 'talk to a human please' });
    await agent.nextOf('msg', (f) => f.conversationId === conversationId && f.seq === 1, 15_000);

    redis.kill('SIGKILL');
    await redis.exited;
    await until(
      async () =>
        (await readiness(n1.url)).status === 503 && (await readiness(n2.url)).status === 503,
    );
    expect((await readiness(n2.url)).body.checks.redis).toBe(false);
    // The owner still stores and acks; the agent on the other node cannot hear it yet.
    const during = await sendReliably(customer, {
      t: 'msg',
      clientMsgId: 'r2',
      text: 'said while redis was down',
    });
    expect(during.seq).toBe(2);

    redis = await startRedis(port);
    await until(
      async () =>
        (await readiness(n1.url)).status === 200 && (await readiness(n2.url)).status === 200,
    );
    await agent.nextOf('msg', (f) => f.conversationId === conversationId && f.seq === 2, 20_000);
    const reply = await sendReliably(agent, {
      t: 'msg',
      conversationId,
      clientMsgId: 'r3',
      text: 'got it after the restart',
    });
    await customer.nextOf('msg', (f) => f.seq === reply.seq, 15_000);
    const seqs = agent.received
      .filter((f) => f.t === 'msg' && f.conversationId === conversationId)
      .map((f) => f.seq);
    expect(seqs).toEqual([1, 2]);
    agent.close();
    customer.close();
  }, 120_000);
});
