/**
 * The intent domain's door: train (in-process or in a worker), export to ONNX, load and
 * serve with onnxruntime-node, evaluate, and the CLI commands.
 */
export { type CliIo, runIntentCommand } from './cli.ts';
export { type EvaluationReport, evaluate, scorePredictions } from './evaluate.ts';
export { type ExportedModel, exportModel, metaJson, writeModelDir } from './export.ts';
export {
  DEFAULT_FEATURIZER,
  type FeatureKind,
  type FeaturizerSettings,
  featurize,
  tokenize,
} from './featurizer.ts';
export { modelPrediction, modelProbabilities } from './forward.ts';
export {
  type JobPhase,
  type JobProgress,
  runTrainingJob,
  TRAINING_PRESETS,
  type TrainingJobRequest,
  type TrainingJobResult,
  type TrainingPreset,
} from './job.ts';
export { MODEL_FORMAT_VERSION, type ModelMeta, parseModelMeta } from './meta.ts';
export { classificationReport, type LabelStats } from './metrics.ts';
export { normalizeText } from './normalize.ts';
export { defaultDataDir, defaultModelDir } from './paths.ts';
export { IntentRuntime, type ModelBytes, type RuntimeOptions } from './runtime.ts';
export { IntentModelSlot } from './slot.ts';
export { DEFAULT_TRAIN_OPTIONS, dataHash, type TrainOptionsInput, trainModel } from './train.ts';
export { checkTrainingData, LABEL_PATTERN, parseLabelledJsonl } from './training-data.ts';
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
export { trainInWorker, trainJobInWorker, type WorkerLimits } from './worker.ts';
