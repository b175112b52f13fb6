/**
 * Two kefu processes over the real MariaDB and Redis: a tenant's model trained on one
 * node is followed from the other, activated on one and served by both (a node that had
 * cached the shipped model switches without a restart), rolled back from the other;
 * answers edited on one node are said by the other.
 */
import { afterAll, beforeAll, expect, it, setDefaultTimeout } from 'bun:test';
import { GYM_ANSWERS, GYM_EXAMPLES, GYM_EXAMPLES_WITH_PARKING } from '../bot-admin/fixtures.ts';
import type { KefuProcess } from '../support/process.ts';
import { TestSocket } from '../support/ws-client.ts';
import { startCluster, type TestCluster } from './support.ts';

// bun 1.4.5 applies the preload's default timeout to the first test file only
// (oven-sh/bun#43787): set it here too.
setDefaultTimeout(30_000);

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2, { KEFU_BOT: 'on' });
}, 90_000);
afterAll(() => cluster.stop());

async function api(node: KefuProcess, path: string, json?: unknown) {
  const res = await fetch(`${node.url}/api/v1/bot${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${cluster.tenant.apiKey}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Polls `read` until `done` holds (the broadcast reaches the other node asynchronously). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await Bun.sleep(50);
  }
}

const tried = (node: KefuProcess, text: string) =>
  api(node, '/try', { text }).then((r) => r.body as { prediction: any; decision: any });

async function trainOn(node: KefuProcess, follower: KefuProcess, examples: unknown[]) {
  const upload = await api(node, '/datasets', { examples });
  const job = await api(node, '/train', { datasetId: upload.body.dataset.id });
  expect(job.status).toBe(202);
  // Progress lives in the shared database: the other node answers for the job too.
  const done = await until(
    () => api(follower, `/jobs/${job.body.id}`),
    (r) => r.body.status !== 'training',
  );
  expect(done.body).toMatchObject({ status: 'ready', percent: 100 });
  return done.body.version as number;
}

it('serves, switches and rolls back a tenant model on every node', async () => {
  const [a, b] = [cluster.nodes[0]!, cluster.nodes[1]!];
  const hours = 'what time do you open on saturday';
  const parking = 'where can I park my car';
  // Node B caches "this tenant uses the shipped model" before anything is activated.
  expect((await tried(b, hours)).prediction.model).toBe('default');

  expect((await api(a, '/answers', undefined)).body.isDefault).toBe(true);
  const put = await fetch(`${a.url}/api/v1/bot/answers`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${cluster.tenant.apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(GYM_ANSWERS),
  });
  expect(put.status).toBe(200);

  const v1 = await trainOn(a, b, GYM_EXAMPLES);
  expect((await api(a, `/models/${v1}/activate`, {})).status).toBe(200);
  const onB = await until(
    () => tried(b, hours),
    (t) => t.prediction.model === `v${v1}`,
  );
  expect(onB.decision.text).toBe('We are open 6:00-22:00 every day.');

  const customer = await TestSocket.open(
    `${b.wsUrl}/ws/customer?widgetKey=${cluster.tenant.widgetKey}`,
  );
  await customer.nextOf('welcome');
  customer.send({ t: 'msg', clientMsgId: 'q1', text: hours });
  const reply = await customer.nextOf('msg', (f) => f.author.kind === 'bot', 10_000);
  expect(reply.text).toBe('We are open 6:00-22:00 every day.');
  customer.close();

  const v2 = await trainOn(b, a, GYM_EXAMPLES_WITH_PARKING);
  expect((await api(b, `/models/${v2}/activate`, {})).status).toBe(200);
  const parkedOnA = await until(
    () => tried(a, parking),
    (t) => t.prediction.model === `v${v2}`,
  );
  expect(parkedOnA.decision.text).toBe('Members park free for two hours in the basement garage.');

  expect((await api(a, '/models/rollback', {})).body).toEqual({ serving: `v${v1}` });
  await until(
    () => tried(b, parking),
    (t) => t.prediction.model === `v${v1}`,
  );

  const edited = structuredClone(GYM_ANSWERS);
  edited.intents.opening_hours.en = 'Open around the clock.';
  await fetch(`${b.url}/api/v1/bot/answers`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${cluster.tenant.apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(edited),
  });
  await until(
    () => tried(a, hours),
    (t) => t.decision.text === 'Open around the clock.',
  );
});
