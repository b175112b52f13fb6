/**
 * The reference inference in TypeScript: featurize → TF-IDF → network → softmax with the
 * calibrated temperature. ORT must agree with it (tests check 1e-5).
 */
import { featurize } from './featurizer.ts';
import { pooledLogits, softmaxInPlace } from './network.ts';
import type { TrainedModel } from './types.ts';
import { tfidfWeights } from './vectorize.ts';

/** Raw (uncalibrated) logits of `text` (pooled over ensemble members). */
export function modelLogits(model: TrainedModel, text: string): Float64Array {
  const { ids, values } = featurize(text, model.featurizer);
  const { rows, values: weights } = tfidfWeights(ids, values, model);
  const out = new Float64Array(model.labels.length);
  pooledLogits(model.networks, rows, weights, 0, rows.length, out);
  return out;
}

/** Calibrated class probabilities of `text`, in `model.labels` order. */
export function modelProbabilities(model: TrainedModel, text: string): Float64Array {
  const logits = modelLogits(model, text);
  softmaxInPlace(logits, model.temperature);
  return logits;
}
