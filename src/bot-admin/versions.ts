/**
 * A tenant's model versions: list, activate (checked by loading it first: a version that
 * does not load is refused and marked failed, and the active one keeps serving), roll
 * back, delete. Activation is one row change in the store, then every node reloads.
 */
import type { Brain } from '../bot/brain.ts';
import { loadStoredModel } from '../bot/runtimes.ts';
import { KefuError, notFound } from '../errors.ts';
import type { IntentRuntime } from '../intent/index.ts';
import type { Logger } from '../log.ts';
import {
  activeModel,
  type Body,
  type Ctx,
  deleteModel,
  getModelByVersion,
  type IntentModel,
  listModels,
  lockTenant,
  type Store,
  setActiveModel,
  updateModel,
} from '../store/index.ts';
import { isStale, settled } from './status.ts';

export class ModelVersions {
  constructor(
    private readonly store: Store,
    private readonly brain: Brain,
    private readonly log: Logger,
  ) {}

  /** How this server opens runtimes (text limits). */
  get runtimeOptions() {
    return this.brain.runtimeOptions;
  }

  async list(tenantId: string): Promise<IntentModel[]> {
    const rows = await this.store.read((c) => listModels(c, tenantId));
    return Promise.all(rows.map((row) => settled(this.store, row)));
  }

  async get(tenantId: string, version: number): Promise<IntentModel> {
    const row = await this.store.read((c) => getModelByVersion(c, tenantId, version));
    if (!row) throw notFound(`model version ${version}`);
    return settled(this.store, row);
  }

  /**
   * Makes `version` the tenant's model on every node. `loaded` is the version's runtime
   * when the caller already has it (right after training).
   */
  async activate(
    tenantId: string,
    version: number,
    loaded?: IntentRuntime,
    alsoWrite?: (c: Ctx, row: IntentModel) => Body<unknown>,
  ): Promise<IntentModel> {
    const row = await this.get(tenantId, version);
    if (row.status === 'active') {
      await loaded?.close();
      return row;
    }
    if (row.status !== 'ready') {
      await loaded?.close();
      throw new KefuError(
        'conflict',
        row.status === 'training'
          ? `version ${version} is still training`
          : `version ${version} failed and cannot be activated`,
      );
    }
    const runtime = loaded ?? (await this.load(row));
    const now = Date.now();
    try {
      await this.store.tx(function* (c) {
        yield* lockTenant(c, tenantId);
        if ((yield* setActiveModel(c, tenantId, row.id, now)) !== 1)
          throw new KefuError('conflict', `version ${version} changed meanwhile: try again`);
        if (alsoWrite) yield* alsoWrite(c, row);
      });
    } catch (error) {
      await runtime.close();
      throw error;
    }
    await this.brain.runtimes.install(tenantId, {
      modelId: row.id,
      version: row.version,
      runtime,
      bytes: row.onnxBytes ?? 0,
    });
    this.brain.changed(tenantId, 'model');
    this.log.info({ tenantId, version }, 'intent model activated');
    return { ...row, status: 'active', activatedAt: now };
  }

  /**
   * Back to the newest ready version older than the active one, or to the shipped model
   * when there is none. Returns the version now serving (null: the shipped model).
   */
  async rollback(tenantId: string): Promise<IntentModel | null> {
    const rows = await this.list(tenantId);
    const current = rows.find((r) => r.status === 'active');
    if (!current)
      throw new KefuError('conflict', 'the shipped model is serving: nothing to roll back');
    const previous = rows.find((r) => r.status === 'ready' && r.version < current.version);
    if (previous) return this.activate(tenantId, previous.version);
    await this.store.tx(function* (c) {
      yield* lockTenant(c, tenantId);
      yield* setActiveModel(c, tenantId, null, Date.now());
    });
    await this.brain.runtimes.install(tenantId, this.brain.runtimes.shared);
    this.brain.changed(tenantId, 'model');
    this.log.info({ tenantId }, 'intent model rolled back to the shipped one');
    return null;
  }

  /** Deletes a version that is neither active nor training. */
  async remove(tenantId: string, version: number): Promise<void> {
    const row = await this.get(tenantId, version);
    if (row.status === 'active')
      throw new KefuError(
        'conflict',
        `version ${version} is active: activate another or roll back first`,
      );
    if (row.status === 'training' && !isStale(row))
      throw new KefuError('conflict', `version ${version} is still training`);
    await this.store.tx(function* (c) {
      yield* lockTenant(c, tenantId);
      const active = yield* activeModel(c, tenantId);
      if (active?.id === row.id) throw new KefuError('conflict', `version ${version} is active`);
      yield* deleteModel(c, tenantId, row.id);
    });
  }

  /** Loads a version's stored files; a version that does not load is marked failed. */
  async load(row: IntentModel): Promise<IntentRuntime> {
    try {
      return await loadStoredModel(this.store, row, this.brain.runtimeOptions);
    } catch (error) {
      if (!(error instanceof KefuError) || error.code !== 'invalid_model') throw error;
      const message = `version ${row.version} does not load (${error.message}); the active model keeps serving`;
      await this.store.tx((c) =>
        updateModel(c, row.tenantId, row.id, { status: 'failed', error: message }),
      );
      this.log.warn({ tenantId: row.tenantId, version: row.version, err: error }, 'model refused');
      throw new KefuError('invalid_model', message, { cause: error });
    }
  }
}
