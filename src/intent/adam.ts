/**
 * Adam updates for the trainer: lazily on the feature rows a batch touched (plus L2 on
 * those rows), densely on the small tensors. `lr` already holds the bias correction.
 */

export const BETA1 = 0.9;
export const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Bias-corrected step size for Adam step `step` (1-based). */
export function adamStepSize(learningRate: number, step: number): number {
  return (learningRate * Math.sqrt(1 - BETA2 ** step)) / (1 - BETA1 ** step);
}

/** Updates rows `touched` of `weights` ([rows, width]) from `rowGrads` ([slot, width]). */
export function adamRows(
  weights: Float32Array,
  m: Float32Array,
  v: Float32Array,
  touched: readonly number[],
  rowGrads: Float64Array,
  width: number,
  lr: number,
  l2: number,
): void {
  for (let s = 0; s < touched.length; s++) {
    const base = touched[s]! * width;
    const gBase = s * width;
    for (let j = 0; j < width; j++) {
      const i = base + j;
      const g = rowGrads[gBase + j]! + l2 * weights[i]!;
      m[i] = BETA1 * m[i]! + (1 - BETA1) * g;
      v[i] = BETA2 * v[i]! + (1 - BETA2) * g * g;
      weights[i] = weights[i]! - (lr * m[i]!) / (Math.sqrt(v[i]!) + EPSILON);
    }
  }
}

/** Updates every element of `weights` from `grads` (with L2 when `l2` > 0). */
export function adamDense(
  weights: Float32Array,
  m: Float32Array,
  v: Float32Array,
  grads: Float64Array,
  lr: number,
  l2: number,
): void {
  for (let i = 0; i < weights.length; i++) {
    const g = grads[i]! + (l2 ? l2 * weights[i]! : 0);
    m[i] = BETA1 * m[i]! + (1 - BETA1) * g;
    v[i] = BETA2 * v[i]! + (1 - BETA2) * g * g;
    weights[i] = weights[i]! - (lr * m[i]!) / (Math.sqrt(v[i]!) + EPSILON);
  }
}
