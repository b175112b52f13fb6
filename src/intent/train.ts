/**
 * `trainModel`: checks the data, calibrates confidence (temperature + decline threshold)
 * on held-out folds, then trains the final model on all the data with the same settings. Pure CPU, synchronous and deterministic; use `trainInWorker` to
 * keep the event loop free.
 */

import { KefuError } from '../errors.ts';
import { calibrate } from './calibrate.ts';
import { checkFeaturizerSettings, DEFAULT_FEATURIZER } from './featurizer.ts';
import { fitModel } from './fit-model.ts';
import { checkTrainingData } from './training-data.ts';
import type { LabelledUtterance, ProgressCallback, TrainedModel, TrainOptions } from './types.ts';

export { dataHash } from './fit-model.ts';

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
  ensemble: [],
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
    (options.ensemble.length <= 8 ? null : 'at most 8 ensemble members') ??
    (options.ensemble.every(
      (m) => (m.epochs ?? 1) >= 1 && (m.epochs ?? 1) <= 200 && (m.dropout ?? 0) < 0.9,
    )
      ? null
      : 'ensemble members need epochs 1..200 and dropout < 0.9') ??
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
  const calibration = calibrate(data, labels, options, onProgress);
  const model = fitModel(data, labels, options, 'final', onProgress);
  model.temperature = calibration.temperature;
  model.threshold = calibration.threshold;
  model.metrics = { ...model.metrics, ...calibration.metrics };
  return model;
}
