/**
 * Training in a Bun `Worker`, so a server can train tenant models while it keeps
 * answering: `trainInWorker` (the same as `trainModel`) and `trainJobInWorker` (a
 * tenant's whole job: evaluation split, final model, ONNX export). Progress arrives on
 * the calling thread.
 */
import { type ErrorCode, KefuError } from '../errors.ts';
import { isCompiled } from '../paths.ts';
import type { JobProgress, TrainingJobRequest, TrainingJobResult } from './job.ts';
import type { TrainOptionsInput } from './train.ts';
import type { WorkerRequest } from './train-worker.ts';
import type { LabelledUtterance, ProgressCallback, TrainedModel, TrainProgress } from './types.ts';

type WorkerReply<P, R> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: R }
  | { type: 'error'; code: ErrorCode; message: string };

/**
 * The worker script. In a compiled binary `scripts/build.ts` embeds it as an entry point
 * under the bundle's root (`src/` → `/$bunfs/root/`), beside the bundled `cli.ts`, which
 * is what `import.meta.url` then names: `./train-worker.ts` from there would not exist.
 */
const WORKER_URL = new URL(
  isCompiled ? './intent/train-worker.ts' : './train-worker.ts',
  import.meta.url,
).href;

export interface WorkerLimits {
  /** Terminates the worker and rejects with `unavailable` after this long (default: none). */
  timeoutMs?: number;
  /** Aborting terminates the worker and rejects with `unavailable`. */
  signal?: AbortSignal;
}

/**
 * Trains in a worker thread; resolves with the model, rejects with the `KefuError` the
 * trainer threw (e.g. `invalid_training_data`).
 * @example const model = await trainInWorker(rows, { seed: 7 }, (p) => log(p.epoch));
 */
export function trainInWorker(
  data: readonly LabelledUtterance[],
  options: TrainOptionsInput = {},
  onProgress: ProgressCallback = () => {},
  limits: WorkerLimits = {},
): Promise<TrainedModel> {
  return inWorker<TrainProgress, TrainedModel>(
    { kind: 'train', data: [...data], options },
    onProgress,
    limits,
  );
}

/** Runs `runTrainingJob` in a worker thread (see `job.ts`). */
export function trainJobInWorker(
  data: readonly LabelledUtterance[],
  request: TrainingJobRequest,
  onProgress: (progress: JobProgress) => void = () => {},
  limits: WorkerLimits = {},
): Promise<TrainingJobResult> {
  return inWorker<JobProgress, TrainingJobResult>(
    { kind: 'job', data: [...data], request },
    onProgress,
    limits,
  );
}

function inWorker<P, R>(
  request: WorkerRequest,
  onProgress: (progress: P) => void,
  limits: WorkerLimits,
): Promise<R> {
  return new Promise((resolve, reject) => {
    if (limits.signal?.aborted) {
      reject(new KefuError('unavailable', 'training was stopped'));
      return;
    }
    const worker = new Worker(WORKER_URL);
    const stop = (message: string) => {
      finish();
      reject(new KefuError('unavailable', message));
    };
    const timer =
      limits.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              stop(
                `training took longer than ${Math.round(limits.timeoutMs! / 1000)} s and was stopped`,
              ),
            limits.timeoutMs,
          );
    const onAbort = () => stop('training was stopped');
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<WorkerReply<P, R>>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.progress);
      else if (reply.type === 'done') {
        finish();
        resolve(reply.result);
      } else {
        finish();
        reject(new KefuError(reply.code, reply.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new KefuError('internal', `training worker failed: ${event.message}`));
    };
    worker.postMessage(request);
  });
}
