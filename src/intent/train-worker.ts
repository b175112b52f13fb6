/**
 * Worker entry for `trainInWorker`: trains off the main thread and posts progress, then
 * the model (its typed arrays transferred, not copied) or a typed error.
 */
import { KefuError } from '../errors.ts';
import { type TrainOptionsInput, trainModel } from './train.ts';
import type { LabelledUtterance } from './types.ts';

declare const self: Worker;

self.onmessage = (
  event: MessageEvent<{ data: LabelledUtterance[]; options: TrainOptionsInput }>,
) => {
  try {
    const model = trainModel(event.data.data, event.data.options, (progress) =>
      self.postMessage({ type: 'progress', progress }),
    );
    const arrays = [model.featureBuckets, model.idf];
    for (const n of model.networks) arrays.push(n.w1, n.b1, n.w2, n.b2);
    const transfer = arrays.map((array) => array.buffer);
    self.postMessage({ type: 'done', model }, transfer);
  } catch (error) {
    const code = error instanceof KefuError ? error.code : 'internal';
    self.postMessage({ type: 'error', code, message: String((error as Error)?.message ?? error) });
  }
};
