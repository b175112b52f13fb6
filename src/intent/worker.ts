/**
 * `trainInWorker`: the same training as `trainModel`, in a Bun `Worker`, so a server can
 * train tenant models while it keeps answering. Progress arrives on the calling thread.
 */
import { type ErrorCode, KefuError } from '../errors.ts';
import type { TrainOptionsInput } from './train.ts';
import type { LabelledUtterance, ProgressCallback, TrainedModel, TrainProgress } from './types.ts';

type WorkerReply =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; model: TrainedModel }
  | { type: 'error'; code: ErrorCode; message: string };

/**
 * Trains in a worker thread; resolves with the model, rejects with the `KefuError` the
 * trainer threw (e.g. `invalid_training_data`).
 * @example const model = await trainInWorker(rows, { seed: 7 }, (p) => log(p.epoch));
 */
export function trainInWorker(
  data: readonly LabelledUtterance[],
  options: TrainOptionsInput = {},
  onProgress: ProgressCallback = () => {},
): Promise<TrainedModel> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker.ts', import.meta.url).href);
    const finish = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.progress);
      else if (reply.type === 'done') {
        finish();
        resolve(reply.model);
      } else {
        finish();
        reject(new KefuError(reply.code, reply.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new KefuError('internal', `training worker failed: ${event.message}`));
    };
    worker.postMessage({ data: [...data], options });
  });
}
