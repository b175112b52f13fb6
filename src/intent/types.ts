/** Shared types of the intent model: training data, options, the trained model, results. */
import type { FeaturizerSettings } from './featurizer.ts';
import type { NetworkParams } from './network.ts';

/**
 * Label of out-of-scope lines in evaluation data. A model may also be trained with an
 * `oos` class (off-topic examples): predicting it counts as a decline.
 */
export const OOS_LABEL = 'oos';

/** One labelled training or evaluation line. */
export interface LabelledUtterance {
  text: string;
  label: string;
}

/** Knobs of `trainModel`; every field has a default (see `DEFAULT_TRAIN_OPTIONS`). */
export interface TrainOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty applied to the rows a batch touches. */
  l2: number;
  /** Hidden units; 0 trains a softmax regression (linear model). */
  hidden: number;
  /** Input dropout while training: share of an example's features dropped (0 = none). */
  dropout: number;
  /**
   * Calibration data for temperature and threshold: k ≥ 2 uses k-fold out-of-fold
   * predictions (k + 1 trainings), 1 one held-out split of `holdoutFraction`, 0 none.
   */
  calibrationFolds: number;
  /** Share of each label held out when `calibrationFolds` is 1. */
  holdoutFraction: number;
  /** Precision the decline threshold must reach on the held-out split. */
  targetPrecision: number;
  featurizer: FeaturizerSettings;
  /**
   * Ensemble members, each overriding the network options above (seed defaults to
   * `seed + index`). Empty: one member with the options above. Members share the
   * features; their log-probabilities are averaged (one temperature for the ensemble).
   */
  ensemble: MemberOptions[];
}

/** What one ensemble member may change. */
export type MemberOptions = Partial<
  Pick<TrainOptions, 'seed' | 'epochs' | 'batchSize' | 'learningRate' | 'l2' | 'hidden' | 'dropout'>
>;

/** Progress of a training run, reported once per epoch. */
export interface TrainProgress {
  phase: 'calibration' | 'final';
  /** Ensemble member being trained (0-based) and how many there are. */
  member: number;
  members: number;
  epoch: number;
  epochs: number;
  loss: number;
}

export type ProgressCallback = (progress: TrainProgress) => void;

/** Held-out numbers recorded at training time (fractions). */
export interface TrainMetrics {
  examples: number;
  labels: number;
  features: number;
  heldOut: number;
  heldOutAccuracy: number | null;
  heldOutMacroF1: number | null;
  /** Share of held-out predictions (other than `oos`) accepted at the threshold, and their precision. */
  heldOutCoverage: number | null;
  heldOutPrecision: number | null;
  heldOutNllBefore: number | null;
  heldOutNllAfter: number | null;
}

/**
 * A trained model: everything the TypeScript forward pass and the ONNX export need.
 * Row 0 of every per-feature array is the "unseen feature" row (idf 0, weights 0).
 */
export interface TrainedModel {
  labels: string[];
  featurizer: FeaturizerSettings;
  /** Sorted hash buckets seen in training; bucket `featureBuckets[r]` is row `r + 1`. */
  featureBuckets: Int32Array;
  idf: Float32Array;
  /** One network per ensemble member (usually one). */
  networks: NetworkParams[];
  temperature: number;
  threshold: number;
  metrics: TrainMetrics;
  dataHash: string;
  options: TrainOptions;
}

/** What `predict` answers. `label` is null only for text without any feature. */
export interface Prediction {
  label: string | null;
  confidence: number;
  declined: boolean;
}
