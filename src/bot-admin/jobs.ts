/**
 * Training jobs: one per tenant at a time (checked under a lock on the tenant's row),
 * at most `concurrency` running on a node (the others wait, phase `queued`), each in a
 * worker thread with a time limit. The job is its model version's row: progress and a
 * heartbeat are written there (any node can answer `GET …/jobs/:id`) and pushed to the
 * tenant's supervisors. A finished model is loaded once before it is called `ready`.
 */

import type { Bus } from '../bus/index.ts';
import { topics } from '../bus/index.ts';
import { KefuError, notFound } from '../errors.ts';
import {
  IntentRuntime,
  type JobProgress,
  type LabelledUtterance,
  metaJson,
  type TrainingJobRequest,
  trainJobInWorker,
} from '../intent/index.ts';
import type { Logger } from '../log.ts';
import {
  countIntentRows,
  getDataset,
  getModel,
  type IntentModel,
  insertModel,
  insertModelFile,
  lockTenant,
  nextModelVersion,
  type Store,
  trainingModels,
  updateTrainingModel,
} from '../store/index.ts';
import { HEARTBEAT_MS, isStale, jobView, settled } from './status.ts';
import type { ModelVersions } from './versions.ts';

export interface TrainRequest extends TrainingJobRequest {
  datasetId: string;
  /** Activate the version on every node as soon as it is ready. */
  activate: boolean;
}

export interface JobLimits {
  concurrency: number;
  timeoutMs: number;
  /** Largest model.onnx accepted (a bigger one fails the job). */
  maxModelBytes: number;
}

/** Model versions a tenant keeps (each with its model files): delete old ones to train more. */
export const MAX_VERSIONS = 50;
const STOPPED = 'training was stopped (the server is shutting down): train again';
/** Progress is written at most this often (and on every phase change). */
const PROGRESS_EVERY_MS = 500;

export class TrainingJobs {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly jobs = new Set<Promise<void>>();
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly nodeId: string,
    private readonly versions: ModelVersions,
    private readonly limits: JobLimits,
    private readonly log: Logger,
  ) {}

  /** Creates the version (status `training`) and starts its job; refuses a second job of the tenant. */
  async start(
    tenantId: string,
    authorId: string | null,
    request: TrainRequest,
  ): Promise<IntentModel> {
    if (this.stopping) throw new KefuError('unavailable', 'the server is stopping');
    const dataset = await this.store.read((c) => getDataset(c, tenantId, request.datasetId));
    if (!dataset) throw notFound('dataset');
    const now = Date.now();
    const nodeId = this.nodeId;
    const row = await this.store.tx(function* (c) {
      yield* lockTenant(c, tenantId);
      if ((yield* countIntentRows(c, tenantId)).models >= MAX_VERSIONS)
        throw new KefuError(
          'conflict',
          `at most ${MAX_VERSIONS} model versions per tenant: delete old ones first`,
        );
      for (const job of yield* trainingModels(c, tenantId)) {
        if (!isStale(job, now))
          throw new KefuError(
            'conflict',
            `version ${job.version} is still training (job ${job.id}): one job per tenant at a time`,
          );
      }
      const model: IntentModel = {
        id: Bun.randomUUIDv7(),
        tenantId,
        version: yield* nextModelVersion(c, tenantId),
        datasetId: dataset.id,
        status: 'training',
        phase: 'queued',
        percent: 0,
        preset: request.preset,
        seed: request.seed,
        labels: Object.keys(dataset.labelCounts).sort(),
        metrics: null,
        evaluation: null,
        onnxBytes: null,
        onnxSha256: null,
        error: null,
        nodeId,
        authorId,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        activatedAt: null,
      };
      yield* insertModel(c, model);
      return model;
    });
    // Stale jobs of the tenant are recorded as failed (outside the lock: cosmetic).
    const stale = await this.store.read((c) => trainingModels(c, tenantId));
    await Promise.all(stale.map((job) => settled(this.store, job)));
    const job = this.run(row, dataset.examples, request).finally(() => this.jobs.delete(job));
    this.jobs.add(job);
    this.publish(row);
    return row;
  }

  /** The job (its version's row); a job whose node died reads as failed. */
  async get(tenantId: string, id: string): Promise<IntentModel> {
    const row = await this.store.read((c) => getModel(c, tenantId, id));
    if (!row) throw notFound('training job');
    return settled(this.store, row);
  }

  /** Stops taking jobs; running ones are stopped and recorded as failed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled([...this.jobs]);
  }

  private async run(
    row: IntentModel,
    examples: LabelledUtterance[],
    request: TrainRequest,
  ): Promise<void> {
    const { tenantId, id } = row;
    let current = row;
    let writtenAt = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const write = (patch: Partial<IntentModel>, force = false) => {
      current = { ...current, ...patch, updatedAt: Date.now() };
      if (!force && current.updatedAt - writtenAt < PROGRESS_EVERY_MS) return;
      writtenAt = current.updatedAt;
      const { phase, percent, updatedAt } = current;
      writing = writing
        .then(() =>
          this.store.tx((c) => updateTrainingModel(c, tenantId, id, { phase, percent, updatedAt })),
        )
        .catch((error) => this.log.warn({ err: error, tenantId, id }, 'job progress not saved'));
      this.publish(current);
    };
    const heartbeat = setInterval(() => write({}, true), HEARTBEAT_MS);
    heartbeat.unref();
    let release = () => {};
    let runtime: IntentRuntime | undefined;
    try {
      release = await this.acquire();
      write({ phase: 'evaluating' }, true);
      const result = await trainJobInWorker(
        examples,
        { preset: request.preset, seed: request.seed },
        (progress: JobProgress) => write(progress, current.phase !== progress.phase),
        { timeoutMs: this.limits.timeoutMs, signal: this.abort.signal },
      );
      release();
      const { onnx, meta } = result.model;
      if (onnx.length > this.limits.maxModelBytes) {
        throw new KefuError(
          'invalid_training_data',
          `the model is ${Math.round(onnx.length / 1e6)} MB, over the ${Math.round(this.limits.maxModelBytes / 1e6)} MB limit: use the fast preset or fewer examples`,
        );
      }
      write({ phase: 'saving', percent: 99 }, true);
      // Loading it once proves the files work before anyone can activate them.
      runtime = await IntentRuntime.load({ onnx, meta }, this.versions.runtimeOptions);
      const metaBytes = new TextEncoder().encode(metaJson(meta));
      await writing;
      const done: Partial<IntentModel> = {
        status: 'ready',
        phase: 'done',
        percent: 100,
        labels: meta.labels,
        metrics: meta.metrics,
        evaluation: result.evaluation,
        onnxBytes: onnx.length,
        onnxSha256: meta.onnxSha256,
        finishedAt: Date.now(),
        updatedAt: Date.now(),
      };
      await this.store.tx(function* (c) {
        if ((yield* updateTrainingModel(c, tenantId, id, done)) !== 1)
          throw new KefuError('conflict', 'the job was given up meanwhile');
        yield* insertModelFile(c, id, 'onnx', onnx);
        yield* insertModelFile(c, id, 'meta', metaBytes);
      });
      current = { ...current, ...done };
      this.publish(current);
      this.log.info(
        { tenantId, version: row.version, accuracy: result.evaluation?.accuracy ?? null },
        'intent model trained',
      );
    } catch (error) {
      release();
      await runtime?.close();
      await writing;
      await this.fail(current, error);
      return;
    } finally {
      clearInterval(heartbeat);
    }
    if (!request.activate) {
      await runtime.close();
      return;
    }
    // The version stays ready when activating it fails; the error is only logged.
    await this.versions.activate(tenantId, row.version, runtime).then(
      (active) => this.publish(active),
      (error) => this.log.error({ err: error, tenantId, version: row.version }, 'not activated'),
    );
  }

  private async fail(row: IntentModel, error: unknown): Promise<void> {
    const known = error instanceof KefuError && error.code !== 'internal';
    if (!known)
      this.log.error({ err: error, tenantId: row.tenantId, id: row.id }, 'training failed');
    const now = Date.now();
    const patch = {
      status: 'failed',
      phase: 'failed',
      error: known ? error.message : 'training failed: internal error',
      finishedAt: now,
      updatedAt: now,
    };
    await this.store
      .tx((c) => updateTrainingModel(c, row.tenantId, row.id, patch))
      .catch((e) => this.log.error({ err: e }, 'could not record the failed job'));
    this.publish({ ...row, ...patch });
  }

  private publish(row: IntentModel): void {
    this.bus.publish({
      topic: topics.supervisors(row.tenantId),
      frame: { t: 'training', job: jobView(row) },
    });
  }

  /** Waits for a training slot on this node (phase stays `queued` meanwhile); returns its release. */
  private async acquire(): Promise<() => void> {
    while (this.running >= this.limits.concurrency && !this.stopping) {
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
    if (this.stopping) throw new KefuError('unavailable', STOPPED);
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.waiting.shift()?.();
    };
  }
}
