/**
 * The classifier's forward pass over sparse TF-IDF rows: a softmax regression
 * (hidden = 0) or one ReLU hidden layer. Training and the TypeScript reference
 * inference both call `logitsOf`, so they cannot drift apart.
 */

/** Weights of one network. Row 0 of `w1` (unseen features) is all zeros. */
export interface NetworkParams {
  hidden: number;
  labels: number;
  /** [rows, hidden || labels] */
  w1: Float32Array;
  b1: Float32Array;
  /** [hidden, labels]; empty when hidden is 0. */
  w2: Float32Array;
  b2: Float32Array;
}

/**
 * Writes the logits of one sparse row into `out` (length `labels`). When `hiddenOut` is
 * given (length `hidden`), the post-ReLU activations are left there for backprop.
 */
export function logitsOf(
  params: NetworkParams,
  rows: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  out: Float64Array,
  hiddenOut?: Float64Array,
): void {
  const { hidden, labels, w1, b1, w2, b2 } = params;
  if (hidden === 0) {
    for (let c = 0; c < labels; c++) out[c] = b1[c]!;
    for (let k = start; k < end; k++) {
      const base = rows[k]! * labels;
      const v = values[k]!;
      for (let c = 0; c < labels; c++) out[c] = out[c]! + v * w1[base + c]!;
    }
    return;
  }
  const h = hiddenOut ?? new Float64Array(hidden);
  for (let j = 0; j < hidden; j++) h[j] = b1[j]!;
  for (let k = start; k < end; k++) {
    const base = rows[k]! * hidden;
    const v = values[k]!;
    for (let j = 0; j < hidden; j++) h[j] = h[j]! + v * w1[base + j]!;
  }
  for (let c = 0; c < labels; c++) out[c] = b2[c]!;
  for (let j = 0; j < hidden; j++) {
    const a = Math.max(h[j]!, 0);
    h[j] = a;
    if (a === 0) continue;
    const base = j * labels;
    for (let c = 0; c < labels; c++) out[c] = out[c]! + a * w2[base + c]!;
  }
}

/** In-place softmax of `logits / temperature`; returns log-sum-exp for the loss. */
export function softmaxInPlace(logits: Float64Array, temperature = 1): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = logits[c]! / temperature;
    if (logits[c]! > max) max = logits[c]!;
  }
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = Math.exp(logits[c]! - max);
    sum += logits[c]!;
  }
  for (let c = 0; c < logits.length; c++) logits[c] = logits[c]! / sum;
  return max + Math.log(sum);
}

/**
 * Logits of an ensemble: a single network's own logits, or for several the mean of their
 * log-softmax outputs (a log-linear pool, which one temperature can calibrate).
 */
export function pooledLogits(
  networks: readonly NetworkParams[],
  rows: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  out: Float64Array,
): void {
  if (networks.length === 1) {
    logitsOf(networks[0]!, rows, values, start, end, out);
    return;
  }
  out.fill(0);
  const member = new Float64Array(out.length);
  for (const network of networks) {
    logitsOf(network, rows, values, start, end, member);
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < member.length; c++) max = Math.max(max, member[c]!);
    let sum = 0;
    for (let c = 0; c < member.length; c++) sum += Math.exp(member[c]! - max);
    const logSumExp = max + Math.log(sum);
    for (let c = 0; c < out.length; c++) {
      out[c] = out[c]! + (member[c]! - logSumExp) / networks.length;
    }
  }
}
