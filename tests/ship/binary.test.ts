/**
 * The shipped binary: `bun run build`, copied with only its runtime files to a fresh
 * folder, runs the product with no node_modules: a customer/agent exchange, the bot, an
 * online backup during traffic, a restore into a new folder with every acked message.
 */
import { afterAll, beforeAll, expect, it } from 'bun:test';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Subprocess } from 'bun';
import { type Frame, TestSocket } from '../support/ws-client.ts';

const ROOT = resolve(import.meta.dir, '../..');
let dir: string;
const servers: Subprocess[] = [];

/** The binary with a bare environment: nothing from this repository's setup leaks in. */
function kefu(args: string[], env: Record<string, string>) {
  const r = Bun.spawnSync([join(dir, 'kefu'), ...args, '--json'], {
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', HOME: dir, ...env },
  });
  if (r.exitCode !== 0) throw new Error(`kefu ${args.join(' ')}: ${r.stdout} ${r.stderr}`);
  return JSON.parse(r.stdout.toString()) as Record<string, string>;
}

async function serve(dataDir: string): Promise<string> {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  const proc = Bun.spawn([join(dir, 'kefu'), 'serve'], {
    cwd: dir,
    env: {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      KEFU_DATA_DIR: dataDir,
      KEFU_PORT: String(port),
      KEFU_HOST: '127.0.0.1',
      KEFU_LOG_LEVEL: 'warn',
    },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  servers.push(proc);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok) return url;
    await Bun.sleep(100);
  }
  throw new Error('the binary did not start');
}

beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, 'run', 'build'], {
    cwd: ROOT,
    stdout: 'ignore',
    stderr: 'inherit',
  });
  expect(build.exitCode).toBe(0);
  dir = mkdtempSync(join(tmpdir(), 'kefu-binary-'));
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  expect(readdirSync(dir).sort()).toEqual(['db', 'kefu', 'libonnxruntime.so.1', 'models']);
}, 120_000);

afterAll(async () => {
  for (const s of servers) {
    s.kill('SIGTERM');
    await s.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

it('runs the product, backs up during traffic, and restores every acked message', async () => {
  const data = join(dir, 'data');
  const tenant = kefu(['tenant', 'create', '--name', 'Binary'], { KEFU_DATA_DIR: data });
  kefu(
    [
      'agent',
      'create',
      '--tenant',
      tenant.tenantId!,
      '--email',
      'bo@binary.test',
      '--password',
      'correct horse battery',
    ],
    { KEFU_DATA_DIR: data },
  );
  const url = await serve(data);
  const ws = url.replace('http', 'ws');

  // The bot, from the embedded model and the native library beside the binary.
  const asker = await TestSocket.open(`${ws}/ws/customer?widgetKey=${tenant.widgetKey}`);
  await asker.nextOf('welcome');
  asker.send({ t: 'msg', clientMsgId: 'q', text: 'where is my order' });
  expect((await asker.nextOf('msg', (f) => f.author.kind === 'bot')).text).toMatch(/order|parcel/i);

  // A tenant model trained through the API: the training worker is embedded in the binary.
  const auth = { authorization: `Bearer ${tenant.apiKey}` };
  const examples = [
    'open at nine',
    'opening hours',
    'when do you open',
    'price list',
    'how much',
    'what does it cost',
  ]
    .map((text, i) => `${text},${i < 3 ? 'hours' : 'price'}`)
    .join('\n');
  const dataset = (await (
    await fetch(`${url}/api/v1/bot/datasets`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: examples,
    })
  ).json()) as { dataset: { id: string } };
  const job = (await (
    await fetch(`${url}/api/v1/bot/train`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.dataset.id }),
    })
  ).json()) as { id: string };
  let status = 'training';
  while (status === 'training') {
    await Bun.sleep(100);
    const state = (await (
      await fetch(`${url}/api/v1/bot/jobs/${job.id}`, { headers: auth })
    ).json()) as { status: string; error: string | null };
    status = state.status;
    expect(state.error).toBeNull();
  }
  expect(status).toBe('ready');

  // A customer and an agent talk.
  const login = (await (
    await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bo@binary.test', password: 'correct horse battery' }),
    })
  ).json()) as { token: string };
  const agent = await TestSocket.open(`${ws}/ws/agent?token=${login.token}`);
  await agent.nextOf('hello');
  const customer = await TestSocket.open(`${ws}/ws/customer?widgetKey=${tenant.widgetKey}`);
  const { conversationId } = await customer.nextOf('welcome');
  customer.send({ t: 'msg', clientMsgId: 'h', text: 'talk to a human please' });
  await customer.nextOf('ack');
  await agent.nextOf('msg', (f) => f.conversationId === conversationId);
  agent.send({ t: 'msg', conversationId, clientMsgId: 'a', text: 'Hello, I am here' });
  await customer.nextOf('msg', (f) => f.text === 'Hello, I am here');

  // Traffic keeps flowing while the backup is taken.
  const acked: Frame[] = [];
  let sending = true;
  const traffic = (async () => {
    for (let i = 0; sending; i++) {
      customer.send({ t: 'msg', clientMsgId: `t${i}`, text: `during the backup ${i}` });
      acked.push(await customer.nextOf('ack', (f) => f.clientMsgId === `t${i}`));
    }
  })();
  while (acked.length < 20) await Bun.sleep(5);
  const ackedBefore = acked.length;
  const backup = kefu(['backup', '--out', join(dir, 'backup.db')], { KEFU_DATA_DIR: data });
  expect(Number(backup.bytes)).toBeGreaterThan(0);
  sending = false;
  await traffic;
  expect(acked.length).toBeGreaterThan(ackedBefore);

  // Restore into a new folder and serve it.
  const restoredDir = join(dir, 'restored');
  kefu(['restore', '--from', join(dir, 'backup.db')], { KEFU_DATA_DIR: restoredDir });
  expect(() =>
    kefu(['restore', '--from', join(dir, 'backup.db')], { KEFU_DATA_DIR: data }),
  ).toThrow(/exists/);
  const restoredUrl = await serve(restoredDir);
  const res = await fetch(
    `${restoredUrl}/api/v1/conversations/${conversationId}/messages?limit=500`,
    { headers: { authorization: `Bearer ${tenant.apiKey}` } },
  );
  const stored = ((await res.json()) as { messages: { seq: number; clientMsgId: string }[] })
    .messages;
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  const ids = new Set(stored.map((m) => m.clientMsgId));
  for (const ack of acked.slice(0, ackedBefore)) expect(ids.has(ack.clientMsgId)).toBe(true);
  expect(ids.has('h') && ids.has('a')).toBe(true);
  for (const s of [asker, agent, customer]) s.close();
}, 120_000);
