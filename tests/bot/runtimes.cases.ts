/**
 * The per-tenant runtime cache over a real store (SQLite and MariaDB): tenants without a
 * version share the shipped runtime, own runtimes are bounded (least recently used
 * unloaded and closed), a failed load keeps the runtime that served, and multi-part
 * blobs load back whole.
 */
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import { TenantRuntimes } from '../../src/bot/runtimes.ts';
import { IntentRuntime, metaJson, runTrainingJob } from '../../src/intent/index.ts';
import { silentLogger } from '../../src/log.ts';
import {
  insertModel,
  insertModelFile,
  insertTenant,
  MODEL_PART_BYTES,
  readModelFile,
  type Store,
  setActiveModel,
} from '../../src/store/index.ts';
import { GYM_EXAMPLES } from '../bot-admin/fixtures.ts';
import { tenantRow } from '../store/fixtures.ts';
import { ENGINES, type EngineName, type TestDatabase } from '../support/databases.ts';

export function runtimesSuite(engine: EngineName) {
  // bun 1.4.5 applies the preload's default timeout to the first test file only
  // (oven-sh/bun#43787): set it here too.
  setDefaultTimeout(30_000);
  let database: TestDatabase;
  let store: Store;
  let shipped: IntentRuntime;
  const trained = runTrainingJob(GYM_EXAMPLES, { preset: 'fast', seed: 1 }).model;

  beforeAll(async () => {
    database = await ENGINES[engine]();
    store = database.open();
    await store.migrate();
    shipped = await IntentRuntime.load({ onnx: trained.onnx, meta: trained.meta });
  });
  afterAll(async () => {
    await shipped.close();
    await store.close();
    await database.drop();
  });

  /** A tenant with version 1 of the gym model active; `onnx` replaces the model bytes. */
  async function tenantWithModel(
    onnx = trained.onnx,
  ): Promise<{ tenantId: string; modelId: string }> {
    const tenant = tenantRow();
    const modelId = Bun.randomUUIDv7();
    const now = Date.now();
    await store.tx(function* (c) {
      yield* insertTenant(c, tenant);
      yield* insertModel(c, {
        id: modelId,
        tenantId: tenant.id,
        version: 1,
        datasetId: null,
        status: 'ready',
        phase: 'done',
        percent: 100,
        preset: 'fast',
        seed: 1,
        labels: trained.meta.labels,
        metrics: trained.meta.metrics,
        evaluation: null,
        onnxBytes: onnx.length,
        onnxSha256: trained.meta.onnxSha256,
        error: null,
        nodeId: null,
        authorId: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: now,
        activatedAt: null,
      });
      yield* insertModelFile(c, modelId, 'onnx', onnx);
      yield* insertModelFile(c, modelId, 'meta', new TextEncoder().encode(metaJson(trained.meta)));
      yield* setActiveModel(c, tenant.id, modelId, now);
    });
    return { tenantId: tenant.id, modelId };
  }

  describe(`TenantRuntimes on ${engine}`, () => {
    it('shares the shipped runtime among tenants without a version', async () => {
      const cache = new TenantRuntimes(
        store,
        shipped,
        { maxTenants: 1, maxBytes: 1e9 },
        {},
        silentLogger,
      );
      const [a, b] = await Promise.all([cache.get(tenantRow().id), cache.get(tenantRow().id)]);
      expect(a.runtime).toBe(shipped);
      expect(b.runtime).toBe(shipped);
      expect(cache.usage).toEqual({ tenants: 0, bytes: 0 });
      await cache.close();
    });

    it('keeps at most maxTenants own runtimes and closes the least recently used', async () => {
      const cache = new TenantRuntimes(
        store,
        shipped,
        { maxTenants: 2, maxBytes: 1e9 },
        {},
        silentLogger,
      );
      const [t1, t2, t3] = [
        await tenantWithModel(),
        await tenantWithModel(),
        await tenantWithModel(),
      ];
      const first = await cache.get(t1.tenantId);
      await cache.get(t2.tenantId);
      await cache.get(t1.tenantId);
      await cache.get(t3.tenantId);
      expect(cache.usage.tenants).toBe(2);
      const second = await cache.get(t2.tenantId);
      expect(second.modelId).toBe(t2.modelId);
      expect(cache.usage.tenants).toBe(2);
      // t1 was used before t3 and t2 came back: it was unloaded, and loads again on demand.
      await expect(first.runtime!.predict('what time do you open')).rejects.toThrow(/closed/);
      const again = await cache.get(t1.tenantId);
      expect((await again.runtime!.predict('what time do you open')).label).toBe('opening_hours');
      await cache.close();
    });

    it('loads one tenant once however many messages ask at the same time', async () => {
      const cache = new TenantRuntimes(
        store,
        shipped,
        { maxTenants: 4, maxBytes: 1e9 },
        {},
        silentLogger,
      );
      const { tenantId } = await tenantWithModel();
      const loaded = await Promise.all(Array.from({ length: 20 }, () => cache.get(tenantId)));
      expect(new Set(loaded.map((l) => l.runtime)).size).toBe(1);
      await cache.close();
    });

    it('declines (no runtime) when the active version does not load and nothing served before', async () => {
      const cache = new TenantRuntimes(
        store,
        shipped,
        { maxTenants: 4, maxBytes: 1e9 },
        {},
        silentLogger,
      );
      const { tenantId } = await tenantWithModel(trained.onnx.slice(0, 100));
      expect((await cache.get(tenantId)).runtime).toBeNull();
      await cache.close();
    });

    it('keeps the runtime that served when a refresh finds a version that does not load', async () => {
      const cache = new TenantRuntimes(
        store,
        shipped,
        { maxTenants: 4, maxBytes: 1e9 },
        {},
        silentLogger,
      );
      const { tenantId } = await tenantWithModel();
      const before = await cache.get(tenantId);
      const broken = await modelRow(tenantId, 2);
      await store.tx(function* (c) {
        yield* insertModelFile(c, broken, 'onnx', new Uint8Array([1, 2, 3]));
        yield* insertModelFile(c, broken, 'meta', new TextEncoder().encode('{}'));
        yield* setActiveModel(c, tenantId, broken, Date.now());
      });
      await cache.refresh(tenantId);
      const after = await cache.get(tenantId);
      expect(after.runtime).toBe(before.runtime);
      expect(after.version).toBe(1);
      await cache.close();
    });

    it('stores files larger than one part and reads them back byte for byte', async () => {
      const { tenantId } = await tenantWithModel();
      const modelId = await modelRow(tenantId, 3);
      const big = new Uint8Array(MODEL_PART_BYTES * 2 + 12345).map(
        (_, i) => (i * 31 + (i >> 9)) & 0xff,
      );
      await store.tx((c) => insertModelFile(c, modelId, 'onnx', big));
      const back = await store.read((c) => readModelFile(c, modelId, 'onnx'));
      expect(back?.length).toBe(big.length);
      expect(Buffer.from(back!).equals(Buffer.from(big))).toBe(true);
    });
  });

  /** A ready version row without files. */
  async function modelRow(tenantId: string, version: number): Promise<string> {
    const id = Bun.randomUUIDv7();
    await store.tx((c) =>
      insertModel(c, {
        id,
        tenantId,
        version,
        datasetId: null,
        status: 'ready',
        phase: 'done',
        percent: 100,
        preset: 'fast',
        seed: 1,
        labels: null,
        metrics: null,
        evaluation: null,
        onnxBytes: null,
        onnxSha256: null,
        error: null,
        nodeId: null,
        authorId: null,
        createdAt: 0,
        updatedAt: 0,
        finishedAt: 0,
        activatedAt: null,
      }),
    );
    return id;
  }
}
