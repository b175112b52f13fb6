/**
 * Mini-batch training of the network with lazy Adam: only the feature rows a batch
 * touches are updated (with L2 on those rows), so an epoch costs in proportion to the
 * non-zeros, not to the vocabulary. Deterministic for a given seed.
 */
import { adamDense, adamRows, adamStepSize } from './adam.ts';
import { logitsOf, type NetworkParams, softmaxInPlace } from './network.ts';
import { createPrng, shuffleInPlace } from './prng.ts';
import type { TrainOptions } from './types.ts';
import type { SparseRows } from './vectorize.ts';

/** Fits a network on CSR rows `x` with label indices `y`; `onEpoch` gets the mean loss. */
export function fitNetwork(
  x: SparseRows,
  y: Int32Array,
  rowCount: number,
  labelCount: number,
  options: TrainOptions,
  onEpoch: (epoch: number, loss: number) => void,
): NetworkParams {
  const rng = createPrng(options.seed);
  const hidden = options.hidden;
  const width = hidden || labelCount;
  const params: NetworkParams = {
    hidden,
    labels: labelCount,
    w1: new Float32Array(rowCount * width),
    b1: new Float32Array(width),
    w2: new Float32Array(hidden * labelCount),
    b2: new Float32Array(hidden ? labelCount : 0),
  };
  if (hidden) {
    // Row 0 (unseen features) stays zero so unknown words never move the output.
    const scale1 = Math.sqrt(3 / hidden);
    for (let i = width; i < params.w1.length; i++) params.w1[i] = (rng.next() * 2 - 1) * scale1;
    const scale2 = Math.sqrt(6 / (hidden + labelCount));
    for (let i = 0; i < params.w2.length; i++) params.w2[i] = (rng.next() * 2 - 1) * scale2;
  }
  const tensors = [params.w1, params.b1, params.w2, params.b2];
  const moments = tensors.map((t) => ({
    m: new Float32Array(t.length),
    v: new Float32Array(t.length),
  }));
  const grads = [
    new Float64Array(0),
    new Float64Array(width),
    new Float64Array(params.w2.length),
    new Float64Array(params.b2.length),
  ];

  const n = y.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const slotOfRow = new Int32Array(rowCount).fill(-1);
  const touched: number[] = [];
  let rowGrads = new Float64Array(1024 * width);
  const logits = new Float64Array(labelCount);
  const hiddenAct = new Float64Array(hidden);
  const dHidden = new Float64Array(hidden);
  let step = 0;
  const dropout = options.dropout;
  const keepScale = 1 / (1 - dropout);
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, x.offsets[i + 1]! - x.offsets[i]!);
  const keptRows = new Int32Array(longest);
  const keptValues = new Float32Array(longest);

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, rng);
    let lossSum = 0;
    for (let batchStart = 0; batchStart < n; batchStart += options.batchSize) {
      const batchEnd = Math.min(n, batchStart + options.batchSize);
      const scale = 1 / (batchEnd - batchStart);
      for (const g of grads) g.fill(0);
      for (let b = batchStart; b < batchEnd; b++) {
        const doc = order[b]!;
        let rows = x.rows;
        let values = x.values;
        let start = x.offsets[doc]!;
        let end = x.offsets[doc + 1]!;
        if (dropout > 0) {
          // Input dropout: each feature of this example is kept with probability 1 - p.
          let kept = 0;
          for (let k = start; k < end; k++) {
            if (rng.next() < dropout) continue;
            keptRows[kept] = x.rows[k]!;
            keptValues[kept++] = x.values[k]! * keepScale;
          }
          rows = keptRows;
          values = keptValues;
          start = 0;
          end = kept;
        }
        logitsOf(params, rows, values, start, end, logits, hiddenAct);
        softmaxInPlace(logits);
        const gold = y[doc]!;
        lossSum -= Math.log(Math.max(logits[gold]!, 1e-300));
        logits[gold] = logits[gold]! - 1; // now dLoss/dLogits
        let dFirst: Float64Array = logits;
        if (hidden) {
          const gW2 = grads[2]!;
          const gB2 = grads[3]!;
          for (let c = 0; c < labelCount; c++) gB2[c] = gB2[c]! + logits[c]! * scale;
          for (let j = 0; j < hidden; j++) {
            const a = hiddenAct[j]!;
            dHidden[j] = 0;
            // A unit the ReLU cut off passes no gradient either way.
            if (a <= 0) continue;
            let back = 0;
            const base = j * labelCount;
            for (let c = 0; c < labelCount; c++) {
              gW2[base + c] = gW2[base + c]! + a * logits[c]! * scale;
              back += params.w2[base + c]! * logits[c]!;
            }
            dHidden[j] = back;
          }
          dFirst = dHidden;
        }
        const gB1 = grads[1]!;
        for (let j = 0; j < width; j++) gB1[j] = gB1[j]! + dFirst[j]! * scale;
        for (let k = start; k < end; k++) {
          const row = rows[k]!;
          if (row === 0) continue;
          let slot = slotOfRow[row]!;
          if (slot < 0) {
            slot = touched.length;
            slotOfRow[row] = slot;
            touched.push(row);
            if ((slot + 1) * width > rowGrads.length) {
              const bigger = new Float64Array(rowGrads.length * 2);
              bigger.set(rowGrads);
              rowGrads = bigger;
            }
            rowGrads.fill(0, slot * width, (slot + 1) * width);
          }
          const v = values[k]! * scale;
          const base = slot * width;
          for (let j = 0; j < width; j++) rowGrads[base + j] = rowGrads[base + j]! + v * dFirst[j]!;
        }
      }
      step++;
      const lr = adamStepSize(options.learningRate, step);
      adamRows(params.w1, moments[0]!.m, moments[0]!.v, touched, rowGrads, width, lr, options.l2);
      for (const row of touched) slotOfRow[row] = -1;
      touched.length = 0;
      // b1, w2 (with L2), b2.
      for (let t = 1; t < tensors.length; t++) {
        const { m, v } = moments[t]!;
        adamDense(tensors[t]!, m, v, grads[t]!, lr, t === 2 ? options.l2 : 0);
      }
    }
    onEpoch(epoch, lossSum / n);
  }
  return params;
}
