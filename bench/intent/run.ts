/**
 * Intent bench: BANKING77 accuracy, bot coverage at the calibrated threshold, ORT
 * latency and throughput, training time and model size; plus the shipped default model
 * on models/data/eval.jsonl; and the bot in the running server (`server.ts`, metrics
 * `server_*`). Run alone: `bun bench/intent/run.ts [--quick] [--large] [--no-server]`
 * (prints JSON).
 * See README.md beside this file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  classificationReport,
  defaultDataDir,
  defaultModelDir,
  evaluate,
  exportModel,
  IntentRuntime,
  type LabelledUtterance,
  modelProbabilities,
  parseLabelledJsonl,
  type TrainOptionsInput,
  trainModel,
} from '../../src/intent/index.ts';
import { banking77Dir, loadBanking77 } from './banking77.ts';
import { runServerBench } from './server.ts';

/**
 * The fast configuration (what a tenant gets by default, tuned for BANKING77's size):
 * softmax regression over words, word bigrams and in-word character 2-5-grams.
 */
export const BANKING77_OPTIONS: TrainOptionsInput = {
  seed: 1,
  epochs: 6,
  batchSize: 128,
  learningRate: 0.03,
  calibrationFolds: 1,
  holdoutFraction: 0.1,
};

/** Full mode: the linear model plus a 256-unit MLP, log-linear pooled. */
export const BANKING77_ENSEMBLE_OPTIONS: TrainOptionsInput = {
  ...BANKING77_OPTIONS,
  ensemble: [{}, { hidden: 256, learningRate: 0.004 }],
};

/** `--large`: the linear model plus two 512-unit MLPs (most accurate, 150 MB, minutes). */
export const BANKING77_LARGE_ENSEMBLE_OPTIONS: TrainOptionsInput = {
  ...BANKING77_OPTIONS,
  ensemble: [
    {},
    { hidden: 512, learningRate: 0.003, batchSize: 64 },
    { hidden: 512, learningRate: 0.003, batchSize: 64, seed: 12 },
  ],
};

/** Extra seeds trained in full mode to show the spread of test accuracy. */
const EXTRA_SEEDS = [2, 3];

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function argmaxAccuracy(model: ReturnType<typeof trainModel>, test: LabelledUtterance[]): number {
  const hits = test.filter((t) => {
    const probs = modelProbabilities(model, t.text);
    return model.labels[probs.indexOf(Math.max(...probs))] === t.label;
  }).length;
  return round(hits / test.length);
}

/** Trains `options` on train, scores test through ORT; metric names get `prefix`. */
async function measure(
  prefix: string,
  options: TrainOptionsInput,
  train: LabelledUtterance[],
  test: LabelledUtterance[],
  latencySamples: number,
): Promise<Record<string, number>> {
  const m: Record<string, number> = {};
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const model = trainModel(train, options);
  m.train_seconds = round((performance.now() - started) / 1000, 2);
  // CPU time of this process: close to the wall time on an idle machine, and much
  // steadier than wall time when other work shares the cores.
  const cpu = process.cpuUsage(cpuBefore);
  m.train_cpu_seconds = round((cpu.user + cpu.system) / 1e6, 2);
  const exported = exportModel(model);
  m.onnx_bytes = exported.onnx.length;
  m.features = model.metrics.features;
  const runtime = await IntentRuntime.load(exported);

  started = performance.now();
  const predictions = await runtime.predictBatch(test.map((t) => t.text));
  m.batched_msgs_per_s = round(test.length / ((performance.now() - started) / 1000), 0);
  m.mean_batch_size = round(runtime.stats.predictions / runtime.stats.runs, 1);
  const right = predictions.map((p, i) => p.label === test[i]!.label);
  m.banking77_accuracy = round(right.filter(Boolean).length / test.length);
  const labels = predictions.map((p) => p.label ?? '');
  m.banking77_macro_f1 = round(
    classificationReport(
      test.map((t) => t.label),
      labels,
    ).macroF1,
  );
  const answered = predictions.flatMap((p, i) => (p.declined ? [] : [right[i]]));
  m.banking77_coverage = round(answered.length / test.length);
  m.banking77_answered_precision = round(answered.filter(Boolean).length / answered.length || 0);
  m.threshold = round(model.threshold);

  let maxDiff = 0;
  for (const item of test.slice(0, 50)) {
    const reference = modelProbabilities(model, item.text);
    const onnx = await runtime.probabilities(item.text);
    reference.forEach((p, c) => {
      maxDiff = Math.max(maxDiff, Math.abs(p - onnx[c]!));
    });
  }
  m.ort_vs_typescript_max_abs_diff = maxDiff;

  const latencies: number[] = [];
  for (let i = 0; i < latencySamples; i++) {
    const t0 = performance.now();
    await runtime.predict(test[i % test.length]!.text);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  m.latency_p50_ms = round(percentile(latencies, 50), 3);
  m.latency_p99_ms = round(percentile(latencies, 99), 3);
  await runtime.close();
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k}`, v]));
}

export async function run(opts: {
  quick: boolean;
  large?: boolean;
  /** Measure the bot in a spawned server too (default true). */
  server?: boolean;
}): Promise<{ metrics: Record<string, number>; notes: string[] }> {
  const notes: string[] = [];
  const [train, test] = await Promise.all([loadBanking77('train'), loadBanking77('test')]);
  notes.push(
    `BANKING77 from ${banking77Dir()}: ${train.length} train / ${test.length} test (CC BY 4.0, Casanueva et al. 2020)`,
  );
  notes.push(`fast config: ${JSON.stringify(BANKING77_OPTIONS)}`);
  notes.push(
    'train_seconds (wall) / train_cpu_seconds = calibration model on 90% of train + final model on 100%, one thread',
  );
  notes.push(
    `load average at start: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const metrics = await measure('', BANKING77_OPTIONS, train, test, opts.quick ? 500 : 3000);

  if (!opts.quick) {
    const accuracies = [metrics.banking77_accuracy!];
    for (const seed of EXTRA_SEEDS) {
      const model = trainModel(train, { ...BANKING77_OPTIONS, seed, calibrationFolds: 0 });
      accuracies.push(argmaxAccuracy(model, test));
    }
    metrics.banking77_accuracy_min_3_seeds = Math.min(...accuracies);
    metrics.banking77_accuracy_max_3_seeds = Math.max(...accuracies);
    metrics.banking77_accuracy_mean_3_seeds = round(
      accuracies.reduce((a, b) => a + b) / accuracies.length,
    );
    notes.push(`ensemble config (ensemble_*): ${JSON.stringify(BANKING77_ENSEMBLE_OPTIONS)}`);
    Object.assign(
      metrics,
      await measure('ensemble_', BANKING77_ENSEMBLE_OPTIONS, train, test, 1000),
    );
    if (opts.large) {
      notes.push(`large ensemble (large_*): ${JSON.stringify(BANKING77_LARGE_ENSEMBLE_OPTIONS)}`);
      Object.assign(
        metrics,
        await measure('large_', BANKING77_LARGE_ENSEMBLE_OPTIONS, train, test, 500),
      );
    }
  }

  const defaultRuntime = await IntentRuntime.load(defaultModelDir());
  const evalText = await readFile(join(defaultDataDir(), 'eval.jsonl'), 'utf8');
  const defaults = await evaluate(defaultRuntime, parseLabelledJsonl(evalText, 'eval.jsonl'));
  await defaultRuntime.close();
  metrics.default_eval_n = defaults.n;
  metrics.default_eval_accuracy = round(defaults.accuracy);
  metrics.default_eval_macro_f1 = round(defaults.macroF1);
  metrics.default_eval_in_scope_accuracy = round(defaults.inScopeAccuracy);
  metrics.default_eval_oos_recall = round(defaults.oosRecall ?? 0);
  metrics.default_eval_coverage = round(defaults.coverage);
  metrics.default_eval_answered_precision = round(defaults.answeredPrecision);
  notes.push(
    'default_eval_in_scope_accuracy counts declined in-scope lines as wrong (= coverage × answered precision)',
  );

  if (opts.server !== false) {
    const server = await runServerBench(
      opts.quick ? { customers: [1, 20], rounds: 1 } : { customers: [1, 50], rounds: 2 },
    );
    for (const [key, value] of Object.entries(server.metrics)) metrics[`server_${key}`] = value;
    notes.push(...server.notes.map((note) => `server: ${note}`));
  }
  return { metrics, notes };
}

if (import.meta.main) {
  const result = await run({
    quick: process.argv.includes('--quick'),
    large: process.argv.includes('--large'),
    server: !process.argv.includes('--no-server'),
  });
  console.log(JSON.stringify(result, null, 2));
}
