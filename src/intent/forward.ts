/**
 * The reference inference in TypeScript: featurize → TF-IDF → network → softmax with the
 * calibrated temperature. ORT must agree with it (tests check 1e-5).
 */
import { featurize } from './featurizer.ts';
import { pooledLogits, softmaxInPlace } from './network.ts';
import { OOS_LABEL, type Prediction, type TrainedModel } from './types.ts';
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

/**
 * What `IntentRuntime.predict` answers, computed in TypeScript (training workers score
 * held-out data with it, without ORT). Text without any feature → `label: null`.
 */
export function modelPrediction(model: TrainedModel, text: string): Prediction {
  if (featurize(text, model.featurizer).ids.length === 0)
    return { label: null, confidence: 0, declined: true };
  const probs = modelProbabilities(model, text);
  let best = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
  const label = model.labels[best]!;
  const confidence = probs[best]!;
  return { label, confidence, declined: confidence < model.threshold || label === OOS_LABEL };
}
