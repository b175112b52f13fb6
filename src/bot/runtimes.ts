/**
 * Loaded intent models per tenant. A tenant without its own active version shares the
 * shipped default runtime; tenants' own runtimes live in an LRU bounded by count and by
 * bytes. Loads of one tenant run one after another, and a new runtime is swapped in only
 * once it loaded: a failed load leaves the one serving in place.
 */
import { KefuError } from '../errors.ts';
import { IntentRuntime, type RuntimeOptions } from '../intent/index.ts';
import type { Logger } from '../log.ts';
import { activeModel, type IntentModel, readModelFile, type Store } from '../store/index.ts';

export interface LoadedModel {
  /** The tenant's version, or null for the shipped default model. */
  modelId: string | null;
  version: number | null;
  /** Null when the tenant's active version could not be loaded and nothing served before. */
  runtime: IntentRuntime | null;
  bytes: number;
  /** When to try loading again after a failure (epoch ms). */
  retryAt?: number;
}

export interface RuntimeCacheLimits {
  /** Tenants' own models kept loaded (the default model is not counted). */
  maxTenants: number;
  /** Total ONNX bytes of tenants' own models kept loaded. */
  maxBytes: number;
}

/** Entries kept at most, default-model ones included (they cost a map entry each). */
const MAX_ENTRIES = 100_000;
const RETRY_FAILED_LOAD_MS = 60_000;

/** Loads a stored model version from its blob parts; throws `invalid_model`. */
export async function loadStoredModel(
  store: Store,
  row: Pick<IntentModel, 'id' | 'version'>,
  options: RuntimeOptions,
): Promise<IntentRuntime> {
  const [onnx, meta] = await store.read(function* (c) {
    return [yield* readModelFile(c, row.id, 'onnx'), yield* readModelFile(c, row.id, 'meta')];
  });
  if (!onnx || !meta) {
    throw new KefuError('invalid_model', `model version ${row.version} has no stored files`);
  }
  return IntentRuntime.load({ onnx, meta }, options);
}

export class TenantRuntimes {
  /** Map order is recency: the first entry is the least recently used. */
  private readonly entries = new Map<string, LoadedModel>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private ownCount = 0;
  private ownBytes = 0;

  constructor(
    private readonly store: Store,
    private readonly defaultRuntime: IntentRuntime,
    private readonly limits: RuntimeCacheLimits,
    private readonly runtimeOptions: RuntimeOptions,
    private readonly log: Logger,
  ) {}

  /** The shipped model. */
  get shared(): LoadedModel {
    return { modelId: null, version: null, runtime: this.defaultRuntime, bytes: 0 };
  }

  /** What serves `tenantId`, loading the tenant's active version on first use. */
  async get(tenantId: string): Promise<LoadedModel> {
    const hit = this.entries.get(tenantId);
    if (hit && !(hit.retryAt && hit.retryAt <= Date.now())) {
      this.entries.delete(tenantId);
      this.entries.set(tenantId, hit);
      return hit;
    }
    return this.serial(tenantId, async () => {
      const current = this.entries.get(tenantId);
      if (current && !(current.retryAt && current.retryAt <= Date.now())) return current;
      return this.fetch(tenantId);
    });
  }

  /** Re-reads the tenant's active version (after a change on any node), if it is loaded here. */
  async refresh(tenantId: string): Promise<void> {
    if (!this.entries.has(tenantId) && !this.chains.has(tenantId)) return;
    await this.serial(tenantId, () => this.fetch(tenantId));
  }

  /** Re-reads every loaded tenant (after an outage of the cluster bus: changes may be missed). */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((tenantId) => this.refresh(tenantId)));
  }

  /** Serves `runtime` for the tenant now (this node just loaded and checked it). */
  install(tenantId: string, loaded: LoadedModel): Promise<void> {
    return this.serial(tenantId, async () => {
      this.put(tenantId, loaded);
    });
  }

  /** Loaded tenants' own models: count and bytes. */
  get usage(): { tenants: number; bytes: number } {
    return { tenants: this.ownCount, bytes: this.ownBytes };
  }

  /** Closes every tenant runtime (the default one belongs to the caller). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    const runtimes = [...this.entries.values()].filter((e) => e.modelId !== null);
    this.entries.clear();
    await Promise.all(runtimes.map((e) => e.runtime?.close()));
  }

  private async fetch(tenantId: string): Promise<LoadedModel> {
    const current = this.entries.get(tenantId);
    const row = await this.store.read((c) => activeModel(c, tenantId));
    if (!row) return this.put(tenantId, this.shared);
    if (current?.modelId === row.id && current.runtime) return current;
    try {
      const runtime = await loadStoredModel(this.store, row, this.runtimeOptions);
      return this.put(tenantId, {
        modelId: row.id,
        version: row.version,
        runtime,
        bytes: row.onnxBytes ?? 0,
      });
    } catch (error) {
      this.log.error(
        { err: error, tenantId, version: row.version },
        current?.runtime
          ? 'active intent model did not load: the previous one keeps serving'
          : 'active intent model did not load: the bot declines until it does',
      );
      if (current?.runtime) return current;
      return this.put(tenantId, {
        modelId: row.id,
        version: row.version,
        runtime: null,
        bytes: 0,
        retryAt: Date.now() + RETRY_FAILED_LOAD_MS,
      });
    }
  }

  private put(tenantId: string, loaded: LoadedModel): LoadedModel {
    const previous = this.entries.get(tenantId);
    if (previous) this.forget(tenantId, previous, previous.runtime !== loaded.runtime);
    this.entries.set(tenantId, loaded);
    if (loaded.modelId !== null && loaded.runtime) {
      this.ownCount++;
      this.ownBytes += loaded.bytes;
    }
    this.evict(tenantId);
    return loaded;
  }

  private evict(keep: string): void {
    for (const [tenantId, entry] of this.entries) {
      const over =
        this.ownCount > this.limits.maxTenants ||
        this.ownBytes > this.limits.maxBytes ||
        this.entries.size > MAX_ENTRIES;
      if (!over) return;
      if (tenantId === keep || this.chains.has(tenantId)) continue;
      this.forget(tenantId, entry, true);
    }
  }

  private forget(tenantId: string, entry: LoadedModel, close: boolean): void {
    this.entries.delete(tenantId);
    if (entry.modelId === null || !entry.runtime) return;
    this.ownCount--;
    this.ownBytes -= entry.bytes;
    // Predictions already submitted finish before the session is released.
    if (close) void entry.runtime.close();
  }

  /** Runs `fn` after the tenant's previous load or swap finished. */
  private serial<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    const settled = next.catch(() => undefined);
    this.chains.set(tenantId, settled);
    void settled.then(() => {
      if (this.chains.get(tenantId) === settled) this.chains.delete(tenantId);
    });
    return next;
  }
}
