/**
 * `model.json`, the sidecar of `model.onnx`: labels, featurizer settings, calibration,
 * training metrics and hashes. One TypeBox schema is both the validator and the type.
 */
import { type Static, Type as t } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KefuError } from '../errors.ts';

/** Bumped whenever the ONNX inputs or the featurizer change meaning. */
export const MODEL_FORMAT_VERSION = 1;

const nullableFraction = t.Union([t.Number(), t.Null()]);

export const ModelMetaSchema = t.Object({
  formatVersion: t.Literal(MODEL_FORMAT_VERSION),
  kind: t.Literal('kefu-intent'),
  labels: t.Array(t.String({ minLength: 1 }), { minItems: 2 }),
  featurizer: t.Object({
    buckets: t.Integer({ minimum: 16, maximum: 1 << 24 }),
    wordNgramMax: t.Integer({ minimum: 1, maximum: 4 }),
    charNgramMin: t.Integer({ minimum: 0, maximum: 8 }),
    charNgramMax: t.Integer({ minimum: 0, maximum: 8 }),
    spanNgramMin: t.Integer({ minimum: 0, maximum: 8 }),
    spanNgramMax: t.Integer({ minimum: 0, maximum: 8 }),
    cjkNgramMax: t.Integer({ minimum: 1, maximum: 4 }),
    mapDigits: t.Boolean(),
    kindWeights: t.Object({
      w: t.Number(),
      b: t.Number(),
      c: t.Number(),
      h: t.Number(),
      s: t.Number(),
    }),
  }),
  /** Hidden units of each ensemble member (0 = softmax regression). */
  networks: t.Array(t.Object({ hidden: t.Integer({ minimum: 0 }) }), { minItems: 1, maxItems: 8 }),
  temperature: t.Number({ exclusiveMinimum: 0 }),
  threshold: t.Number({ minimum: 0, maximum: 1 }),
  metrics: t.Object({
    examples: t.Integer(),
    labels: t.Integer(),
    features: t.Integer(),
    heldOut: t.Integer(),
    heldOutAccuracy: nullableFraction,
    heldOutMacroF1: nullableFraction,
    heldOutCoverage: nullableFraction,
    heldOutPrecision: nullableFraction,
    heldOutNllBefore: nullableFraction,
    heldOutNllAfter: nullableFraction,
  }),
  training: t.Object({
    seed: t.Integer(),
    epochs: t.Integer(),
    batchSize: t.Integer(),
    learningRate: t.Number(),
    l2: t.Number(),
    dropout: t.Number(),
    calibrationFolds: t.Integer(),
    holdoutFraction: t.Number(),
    targetPrecision: t.Number(),
    ensemble: t.Array(
      t.Object({
        seed: t.Optional(t.Integer()),
        epochs: t.Optional(t.Integer()),
        batchSize: t.Optional(t.Integer()),
        learningRate: t.Optional(t.Number()),
        l2: t.Optional(t.Number()),
        hidden: t.Optional(t.Integer()),
        dropout: t.Optional(t.Number()),
      }),
    ),
  }),
  dataHash: t.String(),
  /** SHA-256 of model.onnx, so a mismatched or damaged pair is refused. */
  onnxSha256: t.String({ pattern: '^[0-9a-f]{64}$' }),
  inputs: t.Object({
    ids: t.Literal('int64[batch,features]'),
    tf: t.Literal('float32[batch,features]'),
  }),
  output: t.Literal('probabilities'),
});

export type ModelMeta = Static<typeof ModelMetaSchema>;

/** Parses and validates model.json; throws `invalid_model` naming the first problem. */
export function parseModelMeta(json: string | unknown): ModelMeta {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new KefuError('invalid_model', 'model.json is not valid JSON');
    }
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== MODEL_FORMAT_VERSION) {
    throw new KefuError(
      'invalid_model',
      `model.json formatVersion ${JSON.stringify(version)} is not supported (expected ${MODEL_FORMAT_VERSION})`,
    );
  }
  if (!Value.Check(ModelMetaSchema, value)) {
    const first = Value.Errors(ModelMetaSchema, value).First();
    throw new KefuError(
      'invalid_model',
      `model.json: ${first?.path || '/'} ${first?.message ?? 'is invalid'}`,
    );
  }
  return value;
}
