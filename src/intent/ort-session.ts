/**
 * The onnxruntime-node side of the runtime: opening a session from bytes (one thread,
 * quiet logging, checked by a warm-up run) and scoring one padded batch.
 */
import type * as ort from 'onnxruntime-node';
import { KefuError } from '../errors.ts';
import type { HashedFeatures } from './featurizer.ts';
import { loadOrt } from './ort-loader.ts';

/** Opens and checks a session; anything wrong throws `invalid_model` and leaks nothing. */
export async function openSession(
  onnx: Uint8Array,
  labelCount: number,
): Promise<ort.InferenceSession> {
  const { InferenceSession } = await loadOrt();
  let session: ort.InferenceSession;
  try {
    session = await InferenceSession.create(onnx, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
  } catch (cause) {
    throw new KefuError('invalid_model', 'model.onnx could not be loaded by onnxruntime', {
      cause,
    });
  }
  try {
    const names = session.inputNames.join(',');
    if (names !== 'ids,tf' || !session.outputNames.includes('probabilities')) {
      throw new Error(`inputs ${names}`);
    }
    // Warm-up: one feature through the whole graph; the output must fit the labels.
    const [probs] = await runBatch(
      session,
      [{ ids: Int32Array.of(0), values: Float32Array.of(1) }],
      1,
      labelCount,
    );
    if (probs?.length !== labelCount || !Number.isFinite(probs[0])) throw new Error('output shape');
  } catch (cause) {
    await session.release();
    throw new KefuError(
      'invalid_model',
      'model.onnx does not fit model.json (inputs ids, tf → probabilities over the labels)',
      { cause },
    );
  }
  return session;
}

/** Pads `batch` to its longest row (tf 0 = no feature) and returns one probability row per text. */
export async function runBatch(
  session: ort.InferenceSession,
  batch: readonly HashedFeatures[],
  buckets: number,
  labelCount: number,
): Promise<Float32Array[]> {
  const width = Math.max(1, ...batch.map((f) => f.ids.length));
  const ids = new BigInt64Array(batch.length * width);
  const tf = new Float32Array(batch.length * width);
  batch.forEach((features, i) => {
    for (let k = 0; k < features.ids.length; k++) {
      const id = features.ids[k]!;
      // Gather wraps negative ids and fails on large ones: never hand it either.
      if (!(id >= 0 && id < buckets))
        throw new KefuError('internal', `feature id ${id} out of range`);
      ids[i * width + k] = BigInt(id);
      tf[i * width + k] = features.values[k]!;
    }
  });
  const { Tensor } = await loadOrt();
  const result = await session.run({
    ids: new Tensor('int64', ids, [batch.length, width]),
    tf: new Tensor('float32', tf, [batch.length, width]),
  });
  const probs = result.probabilities?.data;
  if (!(probs instanceof Float32Array) || probs.length !== batch.length * labelCount) {
    throw new KefuError('internal', 'intent model returned an unexpected output');
  }
  return batch.map((_, i) => probs.slice(i * labelCount, (i + 1) * labelCount));
}
