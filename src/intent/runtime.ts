/**
 * `IntentRuntime`: a loaded model served by onnxruntime-node. Loads from a folder or
 * from bytes (compiled binaries cannot hand ORT embedded paths), validates everything
 * before it becomes usable, and micro-batches concurrent `predict` calls into one async
 * ORT run. A failed load throws `invalid_model` and leaves any other runtime untouched.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { KefuError } from '../errors.ts';
import { MicroBatcher } from './batcher.ts';
import { featurize, type HashedFeatures } from './featurizer.ts';
import { sha256Hex } from './hash.ts';
import { type ModelMeta, parseModelMeta } from './meta.ts';
import { openSession, runBatch } from './ort-session.ts';
import { OOS_LABEL, type Prediction } from './types.ts';

/** A model as bytes: the ONNX file and model.json (text, bytes or parsed object). */
export interface ModelBytes {
  onnx: Uint8Array;
  meta: string | Uint8Array | object;
}

export interface RuntimeOptions {
  /** Longer texts are refused with `text_too_long` (default 4000 characters). */
  maxTextChars?: number;
  /** Most texts in one ORT run (default 256). */
  maxBatch?: number;
}

export class IntentRuntime {
  private readonly batcher: MicroBatcher<HashedFeatures, Float32Array>;
  private closed = false;
  private counters = { runs: 0, predictions: 0 };

  private constructor(
    private readonly session: InferenceSession,
    /** The validated model.json. */
    readonly meta: ModelMeta,
    private readonly options: Required<RuntimeOptions>,
  ) {
    this.batcher = new MicroBatcher((batch) => this.run(batch), options.maxBatch);
  }

  /** Loads a model folder (model.onnx + model.json) or bytes; throws `invalid_model`. */
  static async load(
    source: string | ModelBytes,
    options: RuntimeOptions = {},
  ): Promise<IntentRuntime> {
    const bytes = typeof source === 'string' ? await readModelDir(source) : source;
    if (!(bytes?.onnx instanceof Uint8Array)) {
      throw new KefuError('invalid_model', 'model bytes must be a Uint8Array');
    }
    const metaValue =
      bytes.meta instanceof Uint8Array ? new TextDecoder().decode(bytes.meta) : bytes.meta;
    const meta = parseModelMeta(metaValue);
    if (sha256Hex(bytes.onnx) !== meta.onnxSha256) {
      throw new KefuError(
        'invalid_model',
        'model.onnx does not match model.json (onnxSha256 differs)',
      );
    }
    const session = await openSession(bytes.onnx, meta.labels.length);
    return new IntentRuntime(session, meta, {
      maxTextChars: options.maxTextChars ?? 4000,
      maxBatch: options.maxBatch ?? 256,
    });
  }

  /** The intent labels, in output order. */
  get labels(): readonly string[] {
    return this.meta.labels;
  }

  /** Short identifier of this model build (first 12 hex of the ONNX hash). */
  get version(): string {
    return this.meta.onnxSha256.slice(0, 12);
  }

  /** ORT runs made and texts they scored: `predictions / runs` is the mean batch size. */
  get stats(): { runs: number; predictions: number } {
    return { ...this.counters };
  }

  /**
   * Classifies one text. Texts without any feature (empty, only symbols) answer
   * `{label: null, confidence: 0, declined: true}` without running the model.
   */
  async predict(text: string): Promise<Prediction> {
    const features = this.prepare(text);
    if (features.ids.length === 0) return { label: null, confidence: 0, declined: true };
    return this.toPrediction(await this.batcher.submit(features));
  }

  /** Classifies many texts (one ORT run per `maxBatch`). */
  predictBatch(texts: readonly string[]): Promise<Prediction[]> {
    return Promise.all(texts.map((text) => this.predict(text)));
  }

  /** Class probabilities of one text, in `labels` order (for evaluation and tests). */
  async probabilities(text: string): Promise<Float32Array> {
    const features = this.prepare(text);
    if (features.ids.length === 0) return new Float32Array(this.labels.length);
    return this.batcher.submit(features);
  }

  /** Lets submitted predictions finish, then releases the ORT session; later calls fail with `unavailable`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.close(new KefuError('unavailable', 'intent model was closed'));
    await this.session.release();
  }

  private prepare(text: string): HashedFeatures {
    if (this.closed) throw new KefuError('unavailable', 'intent model was closed');
    if (typeof text !== 'string') throw new KefuError('bad_request', 'text must be a string');
    if (text.length > this.options.maxTextChars) {
      throw new KefuError(
        'text_too_long',
        `text is longer than ${this.options.maxTextChars} characters`,
      );
    }
    return featurize(text, this.meta.featurizer);
  }

  private toPrediction(probs: Float32Array): Prediction {
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c;
    const confidence = probs[best]!;
    const label = this.labels[best]!;
    // A tenant may train an explicit out-of-scope class: predicting it is a decline.
    const declined = confidence < this.meta.threshold || label === OOS_LABEL;
    return { label, confidence, declined };
  }

  private run(batch: HashedFeatures[]): Promise<Float32Array[]> {
    this.counters.runs++;
    this.counters.predictions += batch.length;
    return runBatch(this.session, batch, this.meta.featurizer.buckets, this.labels.length);
  }
}

async function readModelDir(dir: string): Promise<ModelBytes> {
  try {
    const [onnx, meta] = await Promise.all([
      readFile(join(dir, 'model.onnx')),
      readFile(join(dir, 'model.json'), 'utf8'),
    ]);
    return { onnx: new Uint8Array(onnx), meta };
  } catch (cause) {
    throw new KefuError('invalid_model', `cannot read model.onnx and model.json in ${dir}`, {
      cause,
    });
  }
}
