/**
 * `kefu serve --workers 2`: two processes on one port, sharing the database and Redis;
 * connections land on both and every customer reaches the one agent.
 */
import { afterAll, beforeAll, expect, it } from 'bun:test';
import { resolve } from 'node:path';
import type { Subprocess } from 'bun';
import { ENGINES, type TestDatabase } from '../support/databases.ts';
import { BUN, cli } from '../support/process.ts';
import { TestSocket } from '../support/ws-client.ts';
import { login, sendReliably } from './support.ts';

let db: TestDatabase;
let server: Subprocess;
let port: number;
let env: Record<string, string | undefined>;
let tenant: { tenantId: string; widgetKey: string };

beforeAll(async () => {
  db = await ENGINES.mysql();
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  port = probe.port;
  probe.stop(true);
  env = {
    KEFU_DB_URL: db.dbUrl,
    KEFU_DATA_DIR: db.dataDir,
    KEFU_REDIS_URL: 'redis://127.0.0.1:6379',
    KEFU_REDIS_PREFIX: `kefu-workers-${Date.now().toString(36)}:`,
    KEFU_SECRET: 'workers-share-this-secret-of-32-characters',
    KEFU_PORT: String(port),
    KEFU_HOST: '127.0.0.1',
    KEFU_LOG_LEVEL: 'warn',
  };
  tenant = cli(['tenant', 'create', '--name', 'Workers'], env) as typeof tenant;
  cli(
    [
      'agent',
      'create',
      '--tenant',
      tenant.tenantId,
      '--email',
      'wanda@workers.test',
      '--password',
      'correct horse battery',
      '--capacity',
      '100',
    ],
    env,
  );
  server = Bun.spawn([BUN, 'src/cli.ts', 'serve', '--workers', '2'], {
    cwd: resolve(import.meta.dir, '../..'),
    env: { ...process.env, ...env },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  const nodes = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (nodes.size < 2 && Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
        headers: { connection: 'close' },
      });
      nodes.add(((await res.json()) as { node: string }).node);
    } catch {
      await Bun.sleep(100);
    }
  }
  expect(nodes.size).toBe(2);
}, 60_000);

afterAll(async () => {
  server.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  await db.drop();
});

it('spreads connections over both workers and routes every customer to the agent', async () => {
  const base = `ws://127.0.0.1:${port}`;
  const token = await login(
    { url: `http://127.0.0.1:${port}` } as never,
    'wanda@workers.test',
    'correct horse battery',
  );
  const agent = await TestSocket.open(`${base}/ws/agent?token=${token}`);
  await agent.nextOf('hello');
  const customers = await Promise.all(
    Array.from({ length: 16 }, () =>
      TestSocket.open(`${base}/ws/customer?widgetKey=${tenant.widgetKey}`),
    ),
  );
  const welcomes = await Promise.all(customers.map((c) => c.nextOf('welcome')));
  await Promise.all(
    customers.map((c, i) =>
      sendReliably(c, {
        t: 'msg',
        clientMsgId: `w${i}`,
        text: `I need a human, I am customer ${i}`,
      }),
    ),
  );
  const seen = new Set<string>();
  while (seen.size < customers.length) {
    const frame = await agent.nextOf('msg', (f) => f.author.kind === 'customer', 20_000);
    seen.add(frame.conversationId);
  }
  expect([...seen].sort()).toEqual(welcomes.map((w) => w.conversationId).sort());
  for (const c of [agent, ...customers]) c.close();
}, 60_000);
