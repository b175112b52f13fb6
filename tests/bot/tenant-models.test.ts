/**
 * Tenants' models in one server: the LRU of loaded runtimes (here one tenant model at a
 * time) unloads and reloads without a wrong answer; a job whose node died reads as
 * failed and does not block the next one; `activate: true` serves the version once ready.
 */
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import type { CreatedTenant } from '../../src/accounts/index.ts';
import { insertModel } from '../../src/store/index.ts';
import { GYM_ANSWERS, GYM_EXAMPLES, GYM_EXAMPLES_WITH_PARKING } from '../bot-admin/fixtures.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

// bun 1.4.5 applies the preload's default timeout to the first test file only
// (oven-sh/bun#43787): set it here too.
setDefaultTimeout(30_000);

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu('sqlite', { KEFU_BOT: 'on', KEFU_BOT_MODEL_CACHE: '1' });
});
afterAll(() => k.stop());

async function api(tenant: CreatedTenant, path: string, json?: unknown, method = 'POST') {
  const res = await k.api(`/api/v1/bot${path}`, {
    method: json === undefined ? 'GET' : method,
    json,
    token: tenant.apiKey,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function trainAndActivate(tenant: CreatedTenant, examples: unknown[]) {
  const upload = await api(tenant, '/datasets', { examples, answers: GYM_ANSWERS });
  const job = await api(tenant, '/train', { datasetId: upload.body.dataset.id, activate: true });
  for (;;) {
    const models = await api(tenant, '/models');
    if (models.body.serving !== 'default') return models.body.serving as string;
    const state = await api(tenant, `/jobs/${job.body.id}`);
    expect(state.body.status).not.toBe('failed');
    await Bun.sleep(50);
  }
}

describe('tenant models', () => {
  it('activates a version as soon as training finishes when asked to', async () => {
    const a = await k.addTenant('A');
    expect(await trainAndActivate(a, GYM_EXAMPLES)).toBe('v1');
  });

  it('keeps answering every tenant with its own model while the cache holds only one', async () => {
    const a = await k.addTenant('Gym A');
    const b = await k.addTenant('Gym B');
    await trainAndActivate(a, GYM_EXAMPLES);
    await trainAndActivate(b, GYM_EXAMPLES_WITH_PARKING);
    const parking = 'is there free parking behind the building';
    for (let round = 0; round < 3; round++) {
      const [fromA, fromB] = await Promise.all([
        api(a, '/try', { text: parking }),
        api(b, '/try', { text: parking }),
      ]);
      expect(fromA.body.prediction).toMatchObject({ model: 'v1', declined: true });
      expect(fromB.body.prediction).toMatchObject({
        model: 'v1',
        intent: 'parking',
        declined: false,
      });
    }
  });

  it('reports a job whose node stopped as failed, and lets the tenant train again', async () => {
    const tenant = await k.addTenant('Interrupted');
    const upload = await api(tenant, '/datasets', { examples: GYM_EXAMPLES });
    const long = Date.now() - 10 * 60_000;
    const id = Bun.randomUUIDv7();
    await k.kefu.store.tx((c) =>
      insertModel(c, {
        id,
        tenantId: tenant.tenantId,
        version: 1,
        datasetId: upload.body.dataset.id,
        status: 'training',
        phase: 'training',
        percent: 40,
        preset: 'fast',
        seed: 1,
        labels: null,
        metrics: null,
        evaluation: null,
        onnxBytes: null,
        onnxSha256: null,
        error: null,
        nodeId: 'a-node-that-died',
        authorId: null,
        createdAt: long,
        updatedAt: long,
        finishedAt: null,
        activatedAt: null,
      }),
    );
    const job = await api(tenant, `/jobs/${id}`);
    expect(job.body).toMatchObject({ status: 'failed', phase: 'failed' });
    expect(job.body.error).toMatch(/interrupted/);
    const again = await api(tenant, '/train', { datasetId: upload.body.dataset.id });
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
  });

  it('keeps a tenant within 50 datasets and 50 versions', async () => {
    const tenant = await k.addTenant('Hoarder');
    const tiny = { examples: GYM_EXAMPLES.slice(0, 2).concat(GYM_EXAMPLES.slice(12, 14)) };
    let last = { status: 0, body: {} as any };
    for (let i = 0; i < 50; i++) last = await api(tenant, '/datasets', tiny);
    expect(last.status).toBe(201);
    const refused = await api(tenant, '/datasets', tiny);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/at most 50 datasets/);

    await k.kefu.store.tx(function* (c) {
      for (let version = 1; version <= 50; version++)
        yield* insertModel(c, {
          id: Bun.randomUUIDv7(),
          tenantId: tenant.tenantId,
          version,
          datasetId: null,
          status: 'failed',
          phase: 'failed',
          percent: 0,
          preset: 'fast',
          seed: 1,
          labels: null,
          metrics: null,
          evaluation: null,
          onnxBytes: null,
          onnxSha256: null,
          error: 'old',
          nodeId: null,
          authorId: null,
          createdAt: 0,
          updatedAt: 0,
          finishedAt: 0,
          activatedAt: null,
        });
    });
    const train = await api(tenant, '/train', { datasetId: last.body.dataset.id });
    expect(train.status).toBe(409);
    expect(train.body.error.message).toMatch(/at most 50 model versions/);
    expect((await api(tenant, '/models/50', undefined)).body.status).toBe('failed');
  });
});
