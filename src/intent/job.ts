/**
 * A tenant's training job, start to finish, as one synchronous function for a worker:
 * hold out a share of every intent, train on the rest and score the held-out part (the
 * evaluation report), then train the served model on all the examples with the same
 * settings and export it. Progress is reported in percent of the epochs to run.
 */
import { type EvaluationReport, scorePredictions } from './evaluate.ts';
import { type ExportedModel, exportModel } from './export.ts';
import { modelPrediction } from './forward.ts';
import { calibrationFolds } from './split.ts';
import { resolveTrainOptions, type TrainOptionsInput, trainModel } from './train.ts';
import { checkTrainingData } from './training-data.ts';
import type { LabelledUtterance, TrainOptions, TrainProgress } from './types.ts';

/** Training settings a tenant chooses from (bounded: no free-form options over the API). */
export const TRAINING_PRESETS = {
  /** Softmax regression: seconds, ≈ 0.1 ms per message. */
  fast: {},
  /** The linear model pooled with a 256-unit MLP: ≈ 3× the time, ≈ 4× the size, ≈ +1 point. */
  accurate: { ensemble: [{}, { hidden: 256, learningRate: 0.004 }] },
} as const satisfies Record<string, TrainOptionsInput>;

export type TrainingPreset = keyof typeof TRAINING_PRESETS;

export interface TrainingJobRequest {
  preset: TrainingPreset;
  seed: number;
  /** Share of each intent held out for the evaluation report (default 0.2). */
  evaluationFraction?: number;
}

export type JobPhase = 'evaluating' | 'training';

export interface JobProgress {
  phase: JobPhase;
  /** 0..99 while training (100 is written once the model is stored). */
  percent: number;
}

export interface TrainingJobResult {
  model: ExportedModel;
  /** The held-out report, or null when no intent has enough examples to hold any out (5+). */
  evaluation: EvaluationReport | null;
}

/** Runs the whole job; throws `invalid_training_data` when the examples cannot train a model. */
export function runTrainingJob(
  data: readonly LabelledUtterance[],
  request: TrainingJobRequest,
  onProgress: (progress: JobProgress) => void = () => {},
): TrainingJobResult {
  checkTrainingData(data);
  const options: TrainOptionsInput = { ...TRAINING_PRESETS[request.preset], seed: request.seed };
  const resolved = resolveTrainOptions(options, data.length);
  const fold = calibrationFolds(
    data,
    1,
    request.evaluationFraction ?? 0.2,
    request.seed ^ 0xe7a1,
    resolved.featurizer,
  );
  const heldOut = data.filter((_, i) => fold[i] === 0);
  const rest = data.filter((_, i) => fold[i] !== 0);

  const evaluationOptions = resolveTrainOptions(options, rest.length);
  const progress = new JobPercent(
    (heldOut.length ? epochsOf(evaluationOptions, rest).total : 0) + epochsOf(resolved, data).total,
    onProgress,
  );

  let evaluation: EvaluationReport | null = null;
  if (heldOut.length) {
    progress.segment('evaluating', epochsOf(evaluationOptions, rest));
    const probe = trainModel(rest, options, progress.tick);
    evaluation = scorePredictions(
      heldOut,
      heldOut.map((item) => modelPrediction(probe, item.text)),
      probe.threshold,
    );
  }
  progress.segment('training', epochsOf(resolved, data));
  const model = trainModel(data, options, progress.tick);
  return { model: exportModel(model), evaluation };
}

/**
 * Epochs `trainModel` runs on `data`: calibration probes (an estimate: folds left empty
 * by small data are skipped) and the final model, every member.
 */
function epochsOf(options: TrainOptions, data: readonly LabelledUtterance[]) {
  const members = options.ensemble.length ? options.ensemble : [{}];
  const perFit = members.reduce((sum, m) => sum + (m.epochs ?? options.epochs), 0);
  const folds = options.calibrationFolds;
  const probes = folds >= 2 ? folds : folds === 1 && data.length > 1 ? 1 : 0;
  return { calibration: perFit * probes, total: perFit * (probes + 1) };
}

/** Percent of the job's epochs done; snaps to the final fit when calibration ended early. */
class JobPercent {
  private done = 0;
  private base = 0;
  private calibration = 0;
  private phase: JobPhase = 'evaluating';

  constructor(
    private readonly total: number,
    private readonly report: (progress: JobProgress) => void,
  ) {}

  segment(phase: JobPhase, epochs: { calibration: number; total: number }): void {
    this.base = this.done;
    this.calibration = epochs.calibration;
    this.phase = phase;
    this.emit();
  }

  readonly tick = (progress: TrainProgress): void => {
    if (progress.phase === 'final') this.done = Math.max(this.done, this.base + this.calibration);
    this.done++;
    this.emit();
  };

  private emit(): void {
    const percent = Math.min(99, Math.floor((100 * this.done) / Math.max(1, this.total)));
    this.report({ phase: this.phase, percent });
  }
}
