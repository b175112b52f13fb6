/**
 * `exportModel` turns a trained model into the two artifacts kefu ships: ONNX bytes and
 * the `model.json` sidecar. `writeModelDir` writes them atomically: a temporary folder
 * beside the target, then renames, so a reader never sees half a model.
 */
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sha256Hex } from './hash.ts';
import { MODEL_FORMAT_VERSION, type ModelMeta } from './meta.ts';
import { buildOnnx } from './onnx-graph.ts';
import type { TrainedModel } from './types.ts';

export interface ExportedModel {
  onnx: Uint8Array;
  meta: ModelMeta;
}

/** ONNX bytes plus metadata for `model`. Deterministic: same model → same bytes. */
export function exportModel(model: TrainedModel): ExportedModel {
  const onnx = buildOnnx(model);
  const o = model.options;
  const meta: ModelMeta = {
    formatVersion: MODEL_FORMAT_VERSION,
    kind: 'kefu-intent',
    labels: model.labels,
    featurizer: model.featurizer,
    networks: model.networks.map((network) => ({ hidden: network.hidden })),
    temperature: model.temperature,
    threshold: model.threshold,
    metrics: model.metrics,
    training: {
      seed: o.seed,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      l2: o.l2,
      dropout: o.dropout,
      calibrationFolds: o.calibrationFolds,
      holdoutFraction: o.holdoutFraction,
      targetPrecision: o.targetPrecision,
      ensemble: o.ensemble,
    },
    dataHash: model.dataHash,
    onnxSha256: sha256Hex(onnx),
    inputs: { ids: 'int64[batch,features]', tf: 'float32[batch,features]' },
    output: 'probabilities',
  };
  return { onnx, meta };
}

/** Serialised model.json text (stable key order, trailing newline). */
export function metaJson(meta: ModelMeta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

/**
 * Writes `model.onnx` and `model.json` into `dir`. Other files already in `dir` (such as
 * a tenant's `answers.json`) are carried over. The old folder is replaced by a rename.
 */
export async function writeModelDir(dir: string, model: ExportedModel): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  const previous = join(parent, `.${basename(dir)}.old-${stamp}`);
  await mkdir(staging);
  try {
    const existing = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (existing) {
      for (const name of await readdir(dir)) {
        if (name === 'model.onnx' || name === 'model.json') continue;
        await cp(join(dir, name), join(staging, name), { recursive: true });
      }
    }
    await writeFile(join(staging, 'model.onnx'), model.onnx);
    await writeFile(join(staging, 'model.json'), metaJson(model.meta));
    if (existing) await rename(dir, previous);
    await rename(staging, dir);
    if (existing) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
