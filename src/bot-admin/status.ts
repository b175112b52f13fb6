/**
 * A model version's life: `training` → `ready` (or `failed`) → `active` ↔ `ready`.
 * A training job writes a heartbeat; one silent for `STALE_AFTER_MS` died with its node
 * and is reported (and recorded) as failed.
 */
import type { TrainingJobView } from '../gateway/frames.ts';
import { type IntentModel, type Store, updateTrainingModel } from '../store/index.ts';

export type ModelStatus = 'training' | 'ready' | 'failed' | 'active';

/** A running job refreshes `updatedAt` at least this often. */
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;
export const INTERRUPTED = 'training was interrupted (the node running it stopped): train again';

export function isStale(row: IntentModel, now = Date.now()): boolean {
  return row.status === 'training' && now - row.updatedAt > STALE_AFTER_MS;
}

/** The row as it really is: a stale job is recorded as failed on the way. */
export async function settled(store: Store, row: IntentModel): Promise<IntentModel> {
  if (!isStale(row)) return row;
  const now = Date.now();
  const patch = { status: 'failed', phase: 'failed', error: INTERRUPTED, finishedAt: now };
  await store.tx((c) => updateTrainingModel(c, row.tenantId, row.id, patch));
  return { ...row, ...patch };
}

/** The job as the API and supervisors' sockets show it. */
export function jobView(row: IntentModel): TrainingJobView {
  return {
    id: row.id,
    version: row.version,
    status: row.status as ModelStatus,
    phase: row.phase,
    percent: row.percent,
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

/** A version for listings (the evaluation report is in `versionDetail`). */
export function versionView(row: IntentModel) {
  return {
    id: row.id,
    version: row.version,
    status: row.status as ModelStatus,
    datasetId: row.datasetId,
    preset: row.preset,
    seed: row.seed,
    labels: row.labels ?? [],
    metrics: row.metrics,
    accuracy: row.evaluation?.accuracy ?? null,
    macroF1: row.evaluation?.macroF1 ?? null,
    onnxBytes: row.onnxBytes,
    error: row.error,
    job: { phase: row.phase, percent: row.percent },
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    activatedAt: row.activatedAt,
  };
}

export function versionDetail(row: IntentModel) {
  return { ...versionView(row), evaluation: row.evaluation };
}
