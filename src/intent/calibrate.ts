/**
 * Confidence calibration on held-out data: temperature scaling (one scalar that
 * minimises the negative log-likelihood) and the lowest decline threshold whose accepted
 * predictions still reach the target precision (which maximises what the bot answers).
 */
import { softmaxInPlace } from './network.ts';

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
