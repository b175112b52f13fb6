/**
 * Turns texts into TF-IDF rows over a compact vocabulary: the hash buckets seen in
 * training. Unseen buckets map to row 0, whose idf is 0, so they are ignored exactly as
 * a TF-IDF vocabulary ignores unknown terms (in training, in TypeScript and in ONNX),
 * except that they still weigh in the norm (see `buildVocabulary`).
 */
import { type FeaturizerSettings, featurize } from './featurizer.ts';

/** Sparse rows in CSR form; `values` are L2-normalised TF-IDF weights. */
export interface SparseRows {
  offsets: Int32Array;
  rows: Int32Array;
  values: Float32Array;
}

export interface Vocabulary {
  featureBuckets: Int32Array;
  idf: Float32Array;
}

/**
 * Sorted distinct buckets of `texts` and their smoothed idf. Row 0 stands for every
 * unseen bucket: its weights are zero, but its idf is the largest possible (df = 0), so
 * unknown words still count in the L2 norm and dilute the few known ones. Without that,
 * an out-of-scope sentence sharing one stop word with the data would look certain.
 */
export function buildVocabulary(
  texts: readonly string[],
  settings: FeaturizerSettings,
): Vocabulary {
  const df = new Map<number, number>();
  for (const text of texts) {
    for (const id of featurize(text, settings).ids) df.set(id, (df.get(id) ?? 0) + 1);
  }
  const featureBuckets = Int32Array.from(df.keys()).sort();
  const idf = new Float32Array(featureBuckets.length + 1);
  const n = texts.length;
  idf[0] = Math.log(1 + n) + 1;
  featureBuckets.forEach((bucket, r) => {
    idf[r + 1] = Math.log((1 + n) / (1 + (df.get(bucket) ?? 0))) + 1;
  });
  return { featureBuckets, idf };
}

/** Row of `bucket` in the vocabulary, 0 when unseen (binary search). */
export function rowOfBucket(featureBuckets: Int32Array, bucket: number): number {
  let lo = 0;
  let hi = featureBuckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = featureBuckets[mid]!;
    if (value === bucket) return mid + 1;
    if (value < bucket) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * TF-IDF weights of one text's hashed features, L2-normalised in float32 exactly as the
 * ONNX graph does it (so the TypeScript forward pass and ORT agree).
 */
export function tfidfWeights(
  ids: Int32Array,
  tf: Float32Array,
  vocabulary: Vocabulary,
): { rows: Int32Array; values: Float32Array } {
  const rows = new Int32Array(ids.length);
  const values = new Float32Array(ids.length);
  let sumSquares = 0;
  for (let i = 0; i < ids.length; i++) {
    const row = rowOfBucket(vocabulary.featureBuckets, ids[i]!);
    rows[i] = row;
    values[i] = tf[i]! * vocabulary.idf[row]!;
    sumSquares += values[i]! * values[i]!;
  }
  const norm = Math.fround(Math.sqrt(sumSquares) + 1e-6);
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / norm;
  return { rows, values };
}

/** Vectorises many texts into CSR rows. */
export function vectorize(
  texts: readonly string[],
  settings: FeaturizerSettings,
  vocabulary: Vocabulary,
): SparseRows {
  const parts = texts.map((text) => {
    const { ids, values } = featurize(text, settings);
    return tfidfWeights(ids, values, vocabulary);
  });
  const offsets = new Int32Array(texts.length + 1);
  parts.forEach((part, i) => {
    offsets[i + 1] = offsets[i]! + part.rows.length;
  });
  const rows = new Int32Array(offsets[texts.length]!);
  const values = new Float32Array(rows.length);
  parts.forEach((part, i) => {
    rows.set(part.rows, offsets[i]!);
    values.set(part.values, offsets[i]!);
  });
  return { offsets, rows, values };
}
