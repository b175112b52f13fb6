/**
 * The intent domain's door: train (in-process or in a worker), export to ONNX, load and
 * serve with onnxruntime-node, evaluate, and the CLI commands.
 */
export { type CliIo, runIntentCommand } from './cli.ts';
export { type EvaluationReport, evaluate } from './evaluate.ts';
export { type ExportedModel, exportModel, writeModelDir } from './export.ts';
export {
  DEFAULT_FEATURIZER,
  type FeatureKind,
  type FeaturizerSettings,
  featurize,
  tokenize,
} from './featurizer.ts';
export { modelProbabilities } from './forward.ts';
export { MODEL_FORMAT_VERSION, type ModelMeta, parseModelMeta } from './meta.ts';
export { classificationReport, type LabelStats } from './metrics.ts';
export { normalizeText } from './normalize.ts';
export { defaultDataDir, defaultModelDir } from './paths.ts';
export { IntentRuntime, type ModelBytes, type RuntimeOptions } from './runtime.ts';
export { IntentModelSlot } from './slot.ts';
export { DEFAULT_TRAIN_OPTIONS, dataHash, type TrainOptionsInput, trainModel } from './train.ts';
export { checkTrainingData, parseLabelledJsonl } from './training-data.ts';
export {
  type LabelledUtterance,
  OOS_LABEL,
  type Prediction,
  type ProgressCallback,
  type TrainedModel,
  type TrainMetrics,
  type TrainOptions,
  type TrainProgress,
} from './types.ts';
export { trainInWorker } from './worker.ts';
