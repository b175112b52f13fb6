/**
 * `trainModel`: checks the data, holds out a stratified split to calibrate confidence
 * (temperature + decline threshold), then trains the final model on all the data with
 * the same settings. Pure CPU, synchronous and deterministic; use `trainInWorker` to
 * keep the event loop free.
 */

import { KefuError } from '../errors.ts';
import { chooseThreshold, fitTemperature, meanNll } from './calibrate.ts';
import { checkFeaturizerSettings, DEFAULT_FEATURIZER } from './featurizer.ts';
import { fitNetwork } from './fit.ts';
import { sha256Hex } from './hash.ts';
import { classificationReport } from './metrics.ts';
import { logitsOf, softmaxInPlace } from './network.ts';
import { calibrationFolds } from './split.ts';
import { checkTrainingData } from './training-data.ts';
import {
  type LabelledUtterance,
  OOS_LABEL,
  type ProgressCallback,
  type TrainedModel,
  type TrainOptions,
} from './types.ts';
import { buildVocabulary, vectorize } from './vectorize.ts';

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 1,
  epochs: 8,
  batchSize: 64,
  learningRate: 0.02,
  l2: 1e-6,
  hidden: 0,
  dropout: 0,
  calibrationFolds: 1,
  holdoutFraction: 0.15,
  targetPrecision: 0.97,
  featurizer: DEFAULT_FEATURIZER,
};

export type TrainOptionsInput = Partial<Omit<TrainOptions, 'featurizer'>> & {
  featurizer?: Partial<TrainOptions['featurizer']>;
};

/** Up to this many examples, calibration defaults to 5 folds (else one held-out split). */
const KFOLD_MAX_EXAMPLES = 5000;

/**
 * Fills defaults and checks ranges; throws `invalid_training_data` on a bad option.
 * Without an explicit `calibrationFolds`, small data sets (≤ 5000 examples) get 5-fold
 * calibration, whose threshold is far steadier than one small held-out split.
 */
export function resolveTrainOptions(input: TrainOptionsInput = {}, examples = 0): TrainOptions {
  const options: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    calibrationFolds: examples > 0 && examples <= KFOLD_MAX_EXAMPLES ? 5 : 1,
    ...input,
    featurizer: { ...DEFAULT_FEATURIZER, ...input.featurizer },
  };
  const problem =
    checkFeaturizerSettings(options.featurizer) ??
    (Number.isInteger(options.seed) ? null : 'seed must be an integer') ??
    (Number.isInteger(options.calibrationFolds) &&
    options.calibrationFolds >= 0 &&
    options.calibrationFolds <= 10
      ? null
      : 'calibrationFolds must be 0..10') ??
    (options.dropout >= 0 && options.dropout < 0.9 ? null : 'dropout must be 0..0.9') ??
    (options.epochs >= 1 && options.epochs <= 200 ? null : 'epochs must be 1..200') ??
    (options.holdoutFraction >= 0 && options.holdoutFraction < 0.5
      ? null
      : 'holdoutFraction must be 0..0.5');
  if (problem) throw new KefuError('invalid_training_data', `invalid training option: ${problem}`);
  return options;
}

/** Trains a calibrated classifier. Same data + options → identical weights. */
export function trainModel(
  data: readonly LabelledUtterance[],
  optionsInput: TrainOptionsInput = {},
  onProgress: ProgressCallback = () => {},
): TrainedModel {
  checkTrainingData(data);
  const options = resolveTrainOptions(optionsInput, data.length);
  const labels = [...new Set(data.map((d) => d.label))].sort();
  const foldOf =
    options.calibrationFolds > 0
      ? calibrationFolds(
          data,
          options.calibrationFolds,
          options.holdoutFraction,
          options.seed,
          options.featurizer,
        )
      : new Int32Array(data.length).fill(-1);
  const heldOut: LabelledUtterance[] = [];
  const logits: Float64Array[] = [];
  for (let fold = 0; fold < Math.max(1, options.calibrationFolds); fold++) {
    const part = data.filter((_, i) => foldOf[i] === fold);
    if (part.length === 0) continue;
    const probe = fitOn(
      data.filter((_, i) => foldOf[i] !== fold),
      labels,
      options,
      'calibration',
      onProgress,
    );
    heldOut.push(...part);
    logits.push(...part.map((item) => rawLogits(probe, item.text)));
  }

  let temperature = 1;
  let threshold = 0;
  let calibration: Partial<TrainedModel['metrics']> = {};
  if (heldOut.length > 0) {
    const gold = Int32Array.from(heldOut, (item) => labels.indexOf(item.label));
    temperature = fitTemperature(logits, gold);
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
    threshold = choice.threshold;
    const report = classificationReport(
      heldOut.map((h) => h.label),
      guesses.map((g) => labels[g.label]!),
    );
    calibration = {
      heldOutAccuracy: report.accuracy,
      heldOutMacroF1: report.macroF1,
      heldOutCoverage: choice.coverage,
      heldOutPrecision: choice.precision,
      heldOutNllBefore: meanNll(logits, gold, 1),
      heldOutNllAfter: meanNll(logits, gold, temperature),
    };
  }
  const model = fitOn(data, labels, options, 'final', onProgress);
  model.temperature = temperature;
  model.threshold = threshold;
  model.metrics = {
    ...model.metrics,
    heldOut: heldOut.length,
    heldOutAccuracy: null,
    heldOutMacroF1: null,
    heldOutCoverage: null,
    heldOutPrecision: null,
    heldOutNllBefore: null,
    heldOutNllAfter: null,
    ...calibration,
  };
  return model;
}

/** Hash of the training data in order, as canonical JSONL. */
export function dataHash(data: readonly LabelledUtterance[]): string {
  return sha256Hex(data.map((d) => JSON.stringify({ text: d.text, label: d.label })).join('\n'));
}

function fitOn(
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
  const params = fitNetwork(x, y, rowCount, labels.length, options, (epoch, loss) =>
    onProgress({ phase, epoch, epochs: options.epochs, loss }),
  );
  return {
    labels,
    featurizer: options.featurizer,
    ...vocabulary,
    hidden: params.hidden,
    w1: params.w1,
    b1: params.b1,
    w2: params.w2,
    b2: params.b2,
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

function rawLogits(model: TrainedModel, text: string): Float64Array {
  const x = vectorize([text], model.featurizer, model);
  const out = new Float64Array(model.labels.length);
  logitsOf({ ...model, labels: model.labels.length }, x.rows, x.values, 0, x.rows.length, out);
  return out;
}
