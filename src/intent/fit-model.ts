/**
 * One training run: vocabulary, TF-IDF rows, one network per ensemble member. Both the calibration probes
 * and the final model are made here.
 */
import { fitNetwork } from './fit.ts';
import { sha256Hex } from './hash.ts';
import type { LabelledUtterance, ProgressCallback, TrainedModel, TrainOptions } from './types.ts';
import { buildVocabulary, vectorize } from './vectorize.ts';

/** Hash of the training data in order, as canonical JSONL. */
export function dataHash(data: readonly LabelledUtterance[]): string {
  return sha256Hex(data.map((d) => JSON.stringify({ text: d.text, label: d.label })).join('\n'));
}

/** Trains on `data` with `labels` as the output order; uncalibrated (temperature 1). */
export function fitModel(
  data: readonly LabelledUtterance[],
  labels: string[],
  options: TrainOptions,
  phase: 'calibration' | 'final',
  onProgress: ProgressCallback,
): TrainedModel {
  const texts = data.map((d) => d.text);
  const vocabulary = buildVocabulary(texts, options.featurizer);
  const x = vectorize(texts, options.featurizer, vocabulary);
  const y = Int32Array.from(data, (d) => labels.indexOf(d.label));
  const rowCount = vocabulary.featureBuckets.length + 1;
  const members = options.ensemble.length ? options.ensemble : [{}];
  const networks = members.map((member, index) => {
    const memberOptions = { ...options, seed: options.seed + index, ...member };
    return fitNetwork(x, y, rowCount, labels.length, memberOptions, (epoch, loss) =>
      onProgress({
        phase,
        member: index,
        members: members.length,
        epoch,
        epochs: memberOptions.epochs,
        loss,
      }),
    );
  });
  return {
    labels,
    featurizer: options.featurizer,
    ...vocabulary,
    networks,
    temperature: 1,
    threshold: 0,
    metrics: {
      examples: data.length,
      labels: labels.length,
      features: rowCount - 1,
      heldOut: 0,
      heldOutAccuracy: null,
      heldOutMacroF1: null,
      heldOutCoverage: null,
      heldOutPrecision: null,
      heldOutNllBefore: null,
      heldOutNllAfter: null,
    },
    dataHash: dataHash(data),
    options,
  };
}
