/**
 * Tenants' own bots through a real server, on SQLite and on the real MariaDB: uploads
 * refused with clear errors (and nothing stored), a model trained through the API with
 * its progress watched and its evaluation stored, activation, the tenant's customers
 * answered by it while another tenant keeps the shipped bot, corrupt versions refused,
 * the FAQ as second chance, roles and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import type { CreatedTenant } from '../../src/accounts/index.ts';
import { sha256Hex } from '../../src/intent/hash.ts';
import { readModelFile } from '../../src/store/index.ts';
import { run } from '../../src/store/ops.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import type { TestSocket } from '../support/ws-client.ts';
import { GYM_ANSWERS, GYM_CSV, GYM_EXAMPLES, GYM_EXAMPLES_WITH_PARKING } from './fixtures.ts';

const MAX_EXAMPLES = 500;

export function botApiSuite(engine: EngineName) {
  // bun 1.4.5 applies the preload's default timeout to the first test file only
  // (oven-sh/bun#43787): set it here too.
  setDefaultTimeout(30_000);
  describe(`tenant bots on ${engine}`, () => {
    let k: TestKefu;
    let gym: CreatedTenant;
    let shop: CreatedTenant;

    const api = async (
      path: string,
      init: { method?: string; json?: unknown; body?: string; type?: string; token?: string } = {},
    ) => {
      const headers: Record<string, string> = init.type ? { 'content-type': init.type } : {};
      const res = await k.api(`/api/v1/bot${path}`, {
        method: init.method,
        json: init.json,
        body: init.body,
        headers,
        token: init.token ?? gym.apiKey,
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    };

    async function finished(jobId: string, token = gym.apiKey) {
      for (;;) {
        const job = await api(`/jobs/${jobId}`, { token });
        expect(job.status).toBe(200);
        if (job.body.status !== 'training') return job.body;
        await Bun.sleep(50);
      }
    }

    async function train(examples: unknown[], seed = 1, extra: Record<string, unknown> = {}) {
      const upload = await api('/datasets', {
        method: 'POST',
        json: { name: 'gym', examples, ...extra },
      });
      expect(upload.status).toBe(201);
      const job = await api('/train', {
        method: 'POST',
        json: { datasetId: upload.body.dataset.id, seed },
      });
      expect(job.status).toBe(202);
      const done = await finished(job.body.id);
      expect(done).toMatchObject({ status: 'ready', phase: 'done', percent: 100 });
      return done;
    }

    async function ask(
      widgetKey: string,
      text: string,
    ): Promise<{ socket: TestSocket; reply: any }> {
      const socket = await k.customer({ widgetKey });
      await socket.nextOf('welcome');
      socket.send({ t: 'msg', clientMsgId: 'q1', text });
      const reply = await socket.nextOf(
        'msg',
        (f) => f.author.kind === 'bot' || f.author.kind === 'system',
      );
      socket.close();
      return { socket, reply };
    }

    beforeAll(async () => {
      k = await startTestKefu(engine, {
        KEFU_BOT: 'on',
        KEFU_BOT_DATASET_MAX_EXAMPLES: String(MAX_EXAMPLES),
      });
      gym = await k.addTenant('Gym');
      shop = await k.addTenant('Shop');
    }, 60_000);
    afterAll(() => k.stop());

    describe('refuses bad uploads with errors that name the problem, and stores nothing', () => {
      const cases: [string, { body: string; type: string }, number, RegExp][] = [
        [
          'JSON that does not parse (line and column)',
          {
            type: 'application/json',
            body: '{"examples": [\n  {"text": "hi" "label": "greet"}\n]}',
          },
          422,
          /not valid JSON: line 2, column 17/,
        ],
        [
          'a JSONL line that does not parse',
          {
            type: 'application/x-ndjson',
            body: '{"text":"a b","label":"x"}\n{"text":"c d","label":"x"}\n{"text": "oops"\n',
          },
          422,
          /line 3: not valid JSON/,
        ],
        [
          'a CSV line with too many fields',
          { type: 'text/csv', body: 'text,label\nhello there,greet\nhi, you,greet\n' },
          422,
          /line 3: expected 2 fields \(text,label\), found 3/,
        ],
        [
          'a CSV quote never closed',
          { type: 'text/csv', body: 'text,label\n"hello,greet\nhi,greet\n' },
          422,
          /line 2: a quote is never closed/,
        ],
        [
          'a missing label (CSV)',
          { type: 'text/csv', body: 'where is my order,order\ntrack my parcel\n' },
          422,
          /line 2: missing label/,
        ],
        [
          'a missing label (JSON)',
          {
            type: 'application/json',
            body: JSON.stringify({ examples: [{ text: 'a b', label: 'x' }, { text: 'c d' }] }),
          },
          422,
          /examples\[1\]: missing label/,
        ],
        [
          'a label with one example',
          {
            type: 'text/csv',
            body: 'hello,greet\nhi there,greet\nbye,farewell\n',
          },
          422,
          /line 3: label "farewell" has only one example/,
        ],
        ['an empty file', { type: 'text/csv', body: '\n\n' }, 422, /empty/],
        [
          'one label only',
          { type: 'text/csv', body: 'hello,greet\nhi,greet\n' },
          422,
          /at least two different labels/,
        ],
        [
          'answers that do not match the schema',
          {
            type: 'application/json',
            body: JSON.stringify({
              examples: GYM_EXAMPLES,
              answers: { ...GYM_ANSWERS, fallback: { zh: '？' } },
            }),
          },
          422,
          /answers: \/fallback\/en/,
        ],
        [
          'more examples than allowed',
          {
            type: 'text/csv',
            body: Array.from({ length: MAX_EXAMPLES + 1 }, (_, i) => `text ${i},l${i % 2}`).join(
              '\n',
            ),
          },
          413,
          /at most 500 are accepted/,
        ],
        [
          'a huge body',
          { type: 'text/csv', body: `${'x'.repeat(9 * 1024 * 1024)},label\n` },
          413,
          /larger than 8 MiB/,
        ],
        [
          'an unsupported content type',
          { type: 'text/plain', body: 'hello,greet' },
          415,
          /text\/csv/,
        ],
      ];
      for (const [name, upload, status, message] of cases) {
        it(`refuses ${name}`, async () => {
          const res = await api('/datasets', { method: 'POST', ...upload });
          expect(res.status).toBe(status);
          expect(res.body.error.message).toMatch(message);
        });
      }

      it('stored none of them, answers included', async () => {
        expect((await api('/datasets')).body.datasets).toEqual([]);
        expect((await api('/answers')).body.isDefault).toBe(true);
        expect((await api('/models')).body).toEqual({ serving: 'default', versions: [] });
      });
    });

    it('accepts the same examples as CSV', async () => {
      const res = await api('/datasets?name=csv', {
        method: 'POST',
        type: 'text/csv',
        body: GYM_CSV,
      });
      expect(res.status).toBe(201);
      expect(res.body.dataset).toMatchObject({
        name: 'csv',
        format: 'csv',
        exampleCount: GYM_EXAMPLES.length,
        labelCounts: { opening_hours: 12, class_price: 12, cancel_membership: 12 },
      });
      const stored = await api(`/datasets/${res.body.dataset.id}`);
      expect(stored.body.examples[0]).toEqual(GYM_EXAMPLES[0]);
    });

    it('trains a version in the background, shows its progress to supervisors and stores its evaluation', async () => {
      const supervisor = await addAgent(k, gym, 'supervisor');
      const socket = await supervisor.connect();
      const upload = await api('/datasets', {
        method: 'POST',
        json: { name: 'gym v1', examples: GYM_EXAMPLES, answers: GYM_ANSWERS },
      });
      expect(upload.body.answersSaved).toBe(true);
      const started = await api('/train', {
        method: 'POST',
        json: { datasetId: upload.body.dataset.id },
      });
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ version: 1, status: 'training', phase: 'queued' });
      const second = await api('/train', {
        method: 'POST',
        json: { datasetId: upload.body.dataset.id },
      });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(/one job per tenant/);

      const done = await finished(started.body.id);
      expect(done).toMatchObject({ status: 'ready', phase: 'done', percent: 100, error: null });
      const last = await socket.next((f) => f.t === 'training' && f.job.status === 'ready', 10_000);
      expect(last.job).toMatchObject({ id: started.body.id, version: 1, percent: 100 });
      const phases = socket.received.filter((f) => f.t === 'training').map((f) => f.job.phase);
      expect(phases).toContain('evaluating');
      expect(phases).toContain('training');
      const percents = socket.received
        .filter((f) => f.t === 'training')
        .map((f) => f.job.percent as number);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      socket.close();

      const version = await api('/models/1');
      expect(version.body).toMatchObject({
        version: 1,
        status: 'ready',
        labels: ['cancel_membership', 'class_price', 'opening_hours'],
      });
      const evaluation = version.body.evaluation;
      expect(evaluation.n).toBe(6);
      expect(evaluation.accuracy).toBeGreaterThanOrEqual(0);
      expect(evaluation.macroF1).toBeLessThanOrEqual(1);
      expect(Object.keys(evaluation.perIntent)).toContain('opening_hours');
      expect(evaluation.perIntent.opening_hours).toHaveProperty('confusedWith');
      expect(version.body.onnxBytes).toBeGreaterThan(0);
    });

    it('tries a message on a version before it is activated', async () => {
      const tried = await api('/try', {
        method: 'POST',
        json: { text: 'what time do you open on saturday', version: 1 },
      });
      expect(tried.body.prediction).toMatchObject({
        intent: 'opening_hours',
        declined: false,
        model: 'v1',
      });
      expect(tried.body.decision).toMatchObject({
        kind: 'answer',
        text: 'We are open 6:00-22:00 every day.',
      });
      const serving = await api('/try', {
        method: 'POST',
        json: { text: 'what time do you open on saturday' },
      });
      expect(serving.body.prediction.model).toBe('default');
    });

    it("answers the tenant's customers with its model once activated; another tenant keeps the shipped bot", async () => {
      const activated = await api('/models/1/activate', { method: 'POST' });
      expect(activated.status).toBe(200);
      expect(activated.body).toMatchObject({ version: 1, status: 'active' });
      expect((await api('/models')).body.serving).toBe('v1');
      const audit = await k.api('/api/v1/audit?action=bot_model.activate', { token: gym.apiKey });
      expect(((await audit.json()) as { entries: unknown[] }).entries).toMatchObject([
        { action: 'bot_model.activate', actor: { kind: 'apiKey' }, details: { version: 1 } },
      ]);

      const mine = await ask(gym.widgetKey, 'what time do you open on saturday');
      expect(mine.reply.text).toBe('We are open 6:00-22:00 every day.');
      const zh = await ask(gym.widgetKey, '你们几点开门');
      expect(zh.reply.text).toBe('我们每天 6:00-22:00 营业。');
      const theirs = await ask(shop.widgetKey, 'what time do you open on saturday');
      expect(theirs.reply.text).not.toContain('6:00-22:00');
      const shipped = await ask(shop.widgetKey, 'where is my order');
      expect(shipped.reply.text).toMatch(/parcel|order/i);
    });

    it('answers from the FAQ when no intent is confident', async () => {
      const before = await api('/try', {
        method: 'POST',
        json: { text: 'is there free parking behind the building' },
      });
      expect(before.body.prediction.declined).toBe(true);
      expect(before.body.decision.kind).toBe('fallback');
      const article = await api('/faq', {
        method: 'POST',
        json: {
          title: 'Parking',
          body: 'Free parking behind the building for members, two hours.',
          language: 'en',
        },
      });
      expect(article.status).toBe(201);
      const { reply } = await ask(gym.widgetKey, 'is there free parking behind the building');
      expect(reply.text).toBe('Free parking behind the building for members, two hours.');
      const tried = await api('/try', {
        method: 'POST',
        json: { text: 'is there free parking behind the building' },
      });
      expect(tried.body.decision).toMatchObject({
        kind: 'answer',
        source: 'faq',
        articleId: article.body.id,
      });

      const edited = await api(`/faq/${article.body.id}`, {
        method: 'PATCH',
        json: { body: 'Parking behind the building is free for members.' },
      });
      expect(edited.body.body).toBe('Parking behind the building is free for members.');
      const again = await ask(gym.widgetKey, 'is there free parking behind the building');
      expect(again.reply.text).toBe('Parking behind the building is free for members.');
      expect((await api(`/faq/${article.body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await api('/faq')).body.articles).toEqual([]);
    });

    const corruptions: [string, (onnx: Uint8Array, meta: any) => [Uint8Array, any]][] = [
      [
        'ONNX bytes that do not match model.json',
        (onnx, meta) => [onnx.slice(0, onnx.length - 7), meta],
      ],
      [
        'a consistent pair ONNX Runtime cannot read',
        (_onnx, meta) => {
          const garbage = new TextEncoder().encode('not an onnx model');
          return [garbage, { ...meta, onnxSha256: sha256Hex(garbage) }];
        },
      ],
      ['a model.json of an unknown format', (onnx, meta) => [onnx, { ...meta, formatVersion: 99 }]],
    ];
    for (const [name, corrupt] of corruptions) {
      it(`refuses to activate a version with ${name}; the active one keeps serving`, async () => {
        const done = await train(GYM_EXAMPLES_WITH_PARKING, 3);
        await corruptFiles(k, done.id, corrupt);
        const refused = await api(`/models/${done.version}/activate`, { method: 'POST' });
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe('invalid_model');
        expect(refused.body.error.message).toMatch(/the active model keeps serving/);
        const version = await api(`/models/${done.version}`);
        expect(version.body).toMatchObject({ status: 'failed' });
        expect((await api('/models')).body.serving).toBe('v1');
        const { reply } = await ask(gym.widgetKey, 'what time do you open on saturday');
        expect(reply.text).toBe('We are open 6:00-22:00 every day.');
        const again = await api(`/models/${done.version}/activate`, { method: 'POST' });
        expect(again.status).toBe(409);
      });
    }

    it('switches to a new version and rolls back without a restart', async () => {
      const done = await train(GYM_EXAMPLES_WITH_PARKING, 1);
      const parking = 'where can I park my car';
      expect((await ask(gym.widgetKey, parking)).reply.text).not.toMatch(/basement/);
      expect((await api(`/models/${done.version}/activate`, { method: 'POST' })).status).toBe(200);
      expect((await ask(gym.widgetKey, parking)).reply.text).toBe(
        'Members park free for two hours in the basement garage.',
      );
      const back = await api('/models/rollback', { method: 'POST' });
      expect(back.body).toEqual({ serving: 'v1' });
      expect((await ask(gym.widgetKey, parking)).reply.text).not.toMatch(/basement/);
      const toShipped = await api('/models/rollback', { method: 'POST' });
      expect(toShipped.body).toEqual({ serving: 'default' });
      expect(
        (await api('/try', { method: 'POST', json: { text: parking } })).body.prediction.model,
      ).toBe('default');
      expect((await api('/models/1/activate', { method: 'POST' })).status).toBe(200);
      expect((await api('/models/1', { method: 'DELETE' })).status).toBe(409);
      expect((await api(`/models/${done.version}`, { method: 'DELETE' })).status).toBe(204);
      expect((await api(`/models/${done.version}`)).status).toBe(404);
    });

    it('edits answers: validated, applied at once, and back to the shipped ones', async () => {
      const bad = await api('/answers', { method: 'PUT', json: { formatVersion: 1, intents: {} } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toMatch(/answers: \/fallback/);
      const answers = structuredClone(GYM_ANSWERS);
      answers.intents.opening_hours.en = 'Open 5:00-23:00, seven days a week.';
      const saved = await api('/answers', { method: 'PUT', json: answers });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ isDefault: false, intentsWithoutAnswer: [] });
      const { reply } = await ask(gym.widgetKey, 'what time do you open on saturday');
      expect(reply.text).toBe('Open 5:00-23:00, seven days a week.');
      const reset = await api('/answers', { method: 'DELETE' });
      expect(reset.body.isDefault).toBe(true);
      expect(reset.body.intentsWithoutAnswer).toEqual([
        'cancel_membership',
        'class_price',
        'opening_hours',
      ]);
      expect((await api('/answers', { method: 'PUT', json: GYM_ANSWERS })).status).toBe(200);
    });

    it("keeps tenants apart: another tenant can neither see nor activate the gym's models", async () => {
      const jobs = (await api('/models')).body.versions;
      const datasets = (await api('/datasets')).body.datasets;
      const token = shop.apiKey;
      expect((await api('/models', { token })).body).toEqual({ serving: 'default', versions: [] });
      expect((await api('/datasets', { token })).body.datasets).toEqual([]);
      expect((await api(`/jobs/${jobs[0].id}`, { token })).status).toBe(404);
      expect((await api('/models/1', { token })).status).toBe(404);
      expect((await api('/models/1/activate', { method: 'POST', token })).status).toBe(404);
      expect((await api(`/datasets/${datasets[0].id}`, { token })).status).toBe(404);
      expect(
        (await api('/train', { method: 'POST', json: { datasetId: datasets[0].id }, token }))
          .status,
      ).toBe(404);
      expect(
        (await api('/try', { method: 'POST', json: { text: 'hi', version: 1 }, token })).status,
      ).toBe(404);
      expect((await api('/answers', { token })).body.isDefault).toBe(true);
      expect((await api('/models')).body.serving).toBe('v1');
    });

    it('lets supervisors read and only admins change', async () => {
      const agent = await addAgent(k, gym, 'agent');
      const supervisor = await addAgent(k, gym, 'supervisor');
      const admin = await addAgent(k, gym, 'admin');
      expect((await api('/models', { token: agent.token })).status).toBe(403);
      expect((await api('/models', { token: supervisor.token })).status).toBe(200);
      expect((await api('/answers', { token: supervisor.token })).status).toBe(200);
      expect(
        (await api('/try', { method: 'POST', json: { text: 'hi' }, token: supervisor.token }))
          .status,
      ).toBe(200);
      expect(
        (await api('/models/1/activate', { method: 'POST', token: supervisor.token })).status,
      ).toBe(403);
      expect(
        (
          await api('/faq', {
            method: 'POST',
            json: { title: 't', body: 'b', language: 'en' },
            token: supervisor.token,
          })
        ).status,
      ).toBe(403);
      expect((await api('/models/1/activate', { method: 'POST', token: admin.token })).status).toBe(
        200,
      );
    });
  });
}

/** An agent of `tenant` with `role`, logged in. */
async function addAgent(k: TestKefu, tenant: CreatedTenant, role: string) {
  const { createAgent } = await import('../../src/accounts/index.ts');
  const email = `${role}.${Math.random().toString(36).slice(2)}@gym.test`;
  const password = 'correct horse battery';
  await createAgent(k.kefu.store, {
    tenantId: tenant.tenantId,
    email,
    password,
    role: role as never,
  });
  const login = await k.api('/api/v1/auth/login', { method: 'POST', json: { email, password } });
  const { token } = (await login.json()) as { token: string };
  return {
    token,
    async connect() {
      const { TestSocket } = await import('../support/ws-client.ts');
      const socket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${token}`);
      await socket.nextOf('hello');
      return socket;
    },
  };
}

/** Rewrites a stored version's files as `corrupt` makes them (damage behind kefu's back). */
async function corruptFiles(
  k: TestKefu,
  modelId: string,
  corrupt: (onnx: Uint8Array, meta: any) => [Uint8Array, any],
) {
  const store = k.kefu.store;
  const [onnx, meta] = await store.read(function* (c) {
    return [yield* readModelFile(c, modelId, 'onnx'), yield* readModelFile(c, modelId, 'meta')];
  });
  const [badOnnx, badMeta] = corrupt(onnx!, JSON.parse(new TextDecoder().decode(meta!)));
  await store.tx(function* (c) {
    const p = c.s.intentModelParts;
    yield* run(
      c.db
        .update(p)
        .set({ bytes: Buffer.from(badOnnx) })
        .where(and(eq(p.modelId, modelId), eq(p.file, 'onnx'))),
    );
    yield* run(
      c.db
        .update(p)
        .set({ bytes: Buffer.from(JSON.stringify(badMeta)) })
        .where(and(eq(p.modelId, modelId), eq(p.file, 'meta'))),
    );
  });
}
