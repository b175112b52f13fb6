/**
 * Worker entry for `trainInWorker` and `trainJobInWorker`: trains off the main thread and
 * posts progress, then the result (typed arrays and ONNX bytes transferred, not copied)
 * or a typed error.
 */
import { KefuError } from '../errors.ts';
import { runTrainingJob, type TrainingJobRequest } from './job.ts';
import { type TrainOptionsInput, trainModel } from './train.ts';
import type { LabelledUtterance } from './types.ts';

declare const self: Worker;

export type WorkerRequest =
  | { kind: 'train'; data: LabelledUtterance[]; options: TrainOptionsInput }
  | { kind: 'job'; data: LabelledUtterance[]; request: TrainingJobRequest };

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  try {
    if (message.kind === 'job') {
      const result = runTrainingJob(message.data, message.request, (progress) =>
        self.postMessage({ type: 'progress', progress }),
      );
      self.postMessage({ type: 'done', result }, [result.model.onnx.buffer as ArrayBuffer]);
      return;
    }
    const model = trainModel(message.data, message.options, (progress) =>
      self.postMessage({ type: 'progress', progress }),
    );
    const arrays = [model.featureBuckets, model.idf];
    for (const n of model.networks) arrays.push(n.w1, n.b1, n.w2, n.b2);
    const transfer = arrays.map((array) => array.buffer);
    self.postMessage({ type: 'done', result: model }, transfer);
  } catch (error) {
    const code = error instanceof KefuError ? error.code : 'internal';
    self.postMessage({ type: 'error', code, message: String((error as Error)?.message ?? error) });
  }
};
