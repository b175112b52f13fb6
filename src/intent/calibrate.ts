/**
 * Confidence calibration on held-out data: temperature scaling (one scalar that
 * minimises the negative log-likelihood) and the lowest decline threshold whose accepted
 * predictions still reach the target precision (which maximises what the bot answers).
 */
import { fitModel } from './fit-model.ts';
import { modelLogits } from './forward.ts';
import { classificationReport } from './metrics.ts';
import { softmaxInPlace } from './network.ts';
import { calibrationFolds } from './split.ts';
import {
  type LabelledUtterance,
  OOS_LABEL,
  type ProgressCallback,
  type TrainMetrics,
  type TrainOptions,
} from './types.ts';

/** Mean negative log-likelihood of `gold` under softmax(logits / temperature). */
export function meanNll(logits: Float64Array[], gold: Int32Array, temperature: number): number {
  let sum = 0;
  logits.forEach((row, i) => {
    const probs = Float64Array.from(row);
    softmaxInPlace(probs, temperature);
    sum -= Math.log(Math.max(probs[gold[i]!]!, 1e-300));
  });
  return sum / Math.max(1, logits.length);
}

/** Temperature in [0.05, 20] minimising the NLL (golden-section search on log T). */
export function fitTemperature(logits: Float64Array[], gold: Int32Array): number {
  if (logits.length === 0) return 1;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (meanNll(logits, gold, Math.exp(a)) < meanNll(logits, gold, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

export interface ThresholdChoice {
  threshold: number;
  coverage: number;
  precision: number;
}

/**
 * Lowest confidence threshold at which the accepted predictions (`confidence >=
 * threshold`) reach `targetPrecision`. When none does, the threshold is 1 (decline all).
 */
export function chooseThreshold(
  confidences: readonly number[],
  correct: readonly boolean[],
  targetPrecision: number,
): ThresholdChoice {
  const order = confidences.map((_, i) => i).sort((a, b) => confidences[b]! - confidences[a]!);
  let best: ThresholdChoice = { threshold: 1, coverage: 0, precision: 1 };
  let hits = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (correct[i]) hits++;
    const next = order[k + 1];
    // Only cut between distinct confidences: a threshold accepts all ties.
    if (next !== undefined && confidences[next] === confidences[i]) continue;
    const precision = hits / (k + 1);
    if (precision >= targetPrecision) {
      best = { threshold: confidences[i]!, coverage: (k + 1) / order.length, precision };
    }
  }
  return best;
}

/** Temperature, threshold and held-out metrics from out-of-fold predictions. */
export interface Calibration {
  temperature: number;
  threshold: number;
  metrics: Partial<TrainMetrics>;
}

/**
 * Trains one probe per calibration fold, predicts the fold it did not see, and fits the
 * temperature and the decline threshold on all those out-of-fold predictions.
 */
export function calibrate(
  data: readonly LabelledUtterance[],
  labels: string[],
  options: TrainOptions,
  onProgress: ProgressCallback,
): Calibration {
  const { calibrationFolds: folds, holdoutFraction, seed, featurizer } = options;
  const foldOf =
    folds > 0
      ? calibrationFolds(data, folds, holdoutFraction, seed, featurizer)
      : new Int32Array(data.length).fill(-1);
  const heldOut: LabelledUtterance[] = [];
  const logits: Float64Array[] = [];
  for (let fold = 0; fold < Math.max(1, folds); fold++) {
    const part = data.filter((_, i) => foldOf[i] === fold);
    if (part.length === 0) continue;
    const rest = data.filter((_, i) => foldOf[i] !== fold);
    const probe = fitModel(rest, labels, options, 'calibration', onProgress);
    heldOut.push(...part);
    logits.push(...part.map((item) => modelLogits(probe, item.text)));
  }
  if (heldOut.length === 0) return { temperature: 1, threshold: 0, metrics: { heldOut: 0 } };

  const gold = Int32Array.from(heldOut, (item) => labels.indexOf(item.label));
  const temperature = fitTemperature(logits, gold);
  const guesses = logits.map((row) => {
    const probs = Float64Array.from(row);
    softmaxInPlace(probs, temperature);
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
    return { label: best, confidence: probs[best]! };
  });
  // Only answers count for precision: a predicted `oos` class is a decline anyway.
  const oos = labels.indexOf(OOS_LABEL);
  const answers = guesses.flatMap((g, i) =>
    g.label === oos ? [] : [{ ...g, right: g.label === gold[i] }],
  );
  const choice = chooseThreshold(
    answers.map((g) => g.confidence),
    answers.map((g) => g.right),
    options.targetPrecision,
  );
  const report = classificationReport(
    heldOut.map((h) => h.label),
    guesses.map((g) => labels[g.label]!),
  );
  return {
    temperature,
    threshold: choice.threshold,
    metrics: {
      heldOut: heldOut.length,
      heldOutAccuracy: report.accuracy,
      heldOutMacroF1: report.macroF1,
      heldOutCoverage: choice.coverage,
      heldOutPrecision: choice.precision,
      heldOutNllBefore: meanNll(logits, gold, 1),
      heldOutNllAfter: meanNll(logits, gold, temperature),
    },
  };
}
