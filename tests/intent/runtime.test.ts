import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import {
  exportModel,
  IntentModelSlot,
  IntentRuntime,
  modelProbabilities,
  type TrainedModel,
  trainModel,
} from '../../src/intent/index.ts';
import { SMALL_DATA, SMALL_OPTIONS } from './fixtures.ts';

const PROBES = [
  '我的快递到哪了？',
  'where is my order',
  'I want to return this',
  '我要退款',
  'hello there!!',
  'zzz qqq unknown words only',
  'ＷＨＥＲＥ ＩＳ ＭＹ ＯＲＤＥＲ',
  'x',
];

async function maxDifference(model: TrainedModel, runtime: IntentRuntime): Promise<number> {
  let max = 0;
  const onnx = await Promise.all(PROBES.map((text) => runtime.probabilities(text)));
  PROBES.forEach((text, i) => {
    const reference = modelProbabilities(model, text);
    reference.forEach((p, c) => {
      max = Math.max(max, Math.abs(p - onnx[i]![c]!));
    });
  });
  return max;
}

describe('IntentRuntime', () => {
  let model: TrainedModel;
  let runtime: IntentRuntime;

  beforeAll(async () => {
    model = trainModel(SMALL_DATA, SMALL_OPTIONS);
    runtime = await IntentRuntime.load(exportModel(model));
  });
  afterAll(() => runtime.close());

  it('matches the TypeScript forward pass to 1e-5 (softmax regression)', async () => {
    expect(await maxDifference(model, runtime)).toBeLessThan(1e-5);
  });

  it('matches the TypeScript forward pass to 1e-5 (hidden layer)', async () => {
    const mlp = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, hidden: 16 });
    const mlpRuntime = await IntentRuntime.load(exportModel(mlp));
    expect(await maxDifference(mlp, mlpRuntime)).toBeLessThan(1e-5);
    await mlpRuntime.close();
  });

  it('matches the TypeScript forward pass to 1e-5 (ensemble of a linear and an MLP member)', async () => {
    const progress: number[] = [];
    const ensemble = trainModel(
      SMALL_DATA,
      { ...SMALL_OPTIONS, ensemble: [{}, { hidden: 8, learningRate: 0.01 }] },
      (p) => progress.push(p.member),
    );
    expect(ensemble.networks.map((n) => n.hidden)).toEqual([0, 8]);
    expect(new Set(progress)).toEqual(new Set([0, 1]));
    const ensembleRuntime = await IntentRuntime.load(exportModel(ensemble));
    expect(ensembleRuntime.meta.networks).toEqual([{ hidden: 0 }, { hidden: 8 }]);
    expect(await maxDifference(ensemble, ensembleRuntime)).toBeLessThan(1e-5);
    expect((await ensembleRuntime.predict('where is my order')).label).toBe('order_status');
    await ensembleRuntime.close();
  });

  it('answers each concurrent caller with its own result from one batched run', async () => {
    const expected = [];
    for (const text of PROBES) expected.push(await runtime.predict(text));
    const before = runtime.stats;
    const together = await Promise.all(PROBES.map((text) => runtime.predict(text)));
    const after = runtime.stats;
    expect(together).toEqual(expected);
    expect(after.runs - before.runs).toBe(1);
    expect(after.predictions - before.predictions).toBe(PROBES.length);
  });

  it('splits batches larger than maxBatch and keeps the order', async () => {
    const small = await IntentRuntime.load(exportModel(model), { maxBatch: 3 });
    const texts = [...PROBES, ...PROBES];
    const results = await small.predictBatch(texts);
    expect(results.slice(0, PROBES.length)).toEqual(results.slice(PROBES.length));
    expect(small.stats.runs).toBe(Math.ceil(texts.length / 3));
    await small.close();
  });

  it('classifies the training intents and reports the label set', async () => {
    expect(runtime.labels).toEqual(['greeting', 'order_status', 'refund', 'return_exchange']);
    expect((await runtime.predict('我的快递到哪了')).label).toBe('order_status');
    expect((await runtime.predict('i want to return this')).label).toBe('return_exchange');
    expect(runtime.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('declines empty and symbol-only input without running the model', async () => {
    const before = runtime.stats.runs;
    expect(await runtime.predict('')).toEqual({ label: null, confidence: 0, declined: true });
    expect(await runtime.predict(' ?!… ')).toEqual({ label: null, confidence: 0, declined: true });
    expect(runtime.stats.runs).toBe(before);
  });

  it('refuses text longer than maxTextChars with text_too_long', async () => {
    await expect(runtime.predict('a'.repeat(4001))).rejects.toMatchObject({
      code: 'text_too_long',
    });
    const long = await runtime.predict('where is my order '.repeat(200));
    expect(long.label).toBe('order_status');
  });

  it('refuses a non-string text', async () => {
    await expect(runtime.predict(42 as unknown as string)).rejects.toMatchObject({
      code: 'bad_request',
    });
  });

  it('finishes predictions submitted before close, then refuses new ones', async () => {
    const closing = await IntentRuntime.load(exportModel(model));
    const pending = closing.predict('where is my order');
    const closed = closing.close();
    expect((await pending).label).toBe('order_status');
    await closed;
    await expect(closing.predict('hello')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('fails calls after close with unavailable', async () => {
    const closing = await IntentRuntime.load(exportModel(model));
    await closing.close();
    await expect(closing.predict('hello')).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('a model trained with an oos class', () => {
  it('declines when the oos class wins, however confident', async () => {
    const offTopic = [
      'tell me a joke',
      'what is the weather',
      '今天天气怎么样',
      '讲个笑话',
      'who won the game',
      '你喜欢什么电影',
    ];
    const data = [...SMALL_DATA, ...offTopic.map((text) => ({ text, label: 'oos' }))];
    const runtime = await IntentRuntime.load(exportModel(trainModel(data, SMALL_OPTIONS)));
    const prediction = await runtime.predict('tell me a joke');
    expect(prediction.label).toBe('oos');
    expect(prediction.declined).toBe(true);
    await runtime.close();
  });
});

describe('loading a bad model', () => {
  const good = () => exportModel(trainModel(SMALL_DATA, SMALL_OPTIONS));

  it('rejects corrupt ONNX bytes with invalid_model while the old runtime keeps serving', async () => {
    const slot = new IntentModelSlot();
    const first = await slot.replace(good());
    const { onnx, meta } = good();
    const corrupt = onnx.slice(0, 100);
    await expect(
      slot.replace({
        onnx: corrupt,
        meta: { ...meta, onnxSha256: new Bun.CryptoHasher('sha256').update(corrupt).digest('hex') },
      }),
    ).rejects.toMatchObject({ code: 'invalid_model' });
    expect(slot.current).toBe(first);
    expect((await first.predict('where is my order')).label).toBe('order_status');
    await slot.close();
  });

  it('rejects a model.json whose formatVersion is not supported', async () => {
    const { onnx, meta } = good();
    const load = IntentRuntime.load({ onnx, meta: { ...meta, formatVersion: 2 } });
    await expect(load).rejects.toMatchObject({ code: 'invalid_model' });
    await expect(load).rejects.toThrow(/formatVersion 2 is not supported/);
  });

  it('rejects an ONNX file that does not belong to its model.json', async () => {
    const { onnx, meta } = good();
    const flipped = onnx.slice();
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 0xff;
    await expect(IntentRuntime.load({ onnx: flipped, meta })).rejects.toThrow(/onnxSha256/);
  });

  it('rejects model.json that is not JSON or misses fields', async () => {
    const { onnx, meta } = good();
    await expect(IntentRuntime.load({ onnx, meta: '{not json' })).rejects.toMatchObject({
      code: 'invalid_model',
    });
    const { labels: _labels, ...withoutLabels } = meta;
    await expect(IntentRuntime.load({ onnx, meta: withoutLabels })).rejects.toThrow(/labels/);
  });

  it('rejects a missing folder with invalid_model', async () => {
    await expect(IntentRuntime.load('/nonexistent/model-dir')).rejects.toMatchObject({
      code: 'invalid_model',
    });
  });
});
