import { describe, expect, it } from 'bun:test';
import { KefuError } from '../../src/errors.ts';
import {
  checkTrainingData,
  exportModel,
  parseLabelledJsonl,
  type TrainProgress,
  trainInWorker,
  trainModel,
} from '../../src/intent/index.ts';
import { SMALL_DATA, SMALL_OPTIONS } from './fixtures.ts';

describe('trainModel', () => {
  it('is reproducible: same data and seed give identical weights and ONNX bytes', () => {
    const a = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, seed: 7 });
    const b = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, seed: 7 });
    expect(
      Buffer.from(a.networks[0]!.w1.buffer).equals(Buffer.from(b.networks[0]!.w1.buffer)),
    ).toBe(true);
    expect(a.temperature).toBe(b.temperature);
    expect(a.threshold).toBe(b.threshold);
    expect(Buffer.from(exportModel(a).onnx).equals(Buffer.from(exportModel(b).onnx))).toBe(true);
  });

  it('gives different weights for a different seed', () => {
    const a = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, seed: 7 });
    const c = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, seed: 8 });
    expect(
      Buffer.from(a.networks[0]!.w1.buffer).equals(Buffer.from(c.networks[0]!.w1.buffer)),
    ).toBe(false);
  });

  it('reports progress for every epoch of both phases, with falling loss', () => {
    const seen: TrainProgress[] = [];
    trainModel(SMALL_DATA, SMALL_OPTIONS, (p) => seen.push(p));
    const final = seen.filter((p) => p.phase === 'final');
    expect(seen.filter((p) => p.phase === 'calibration')).toHaveLength(SMALL_OPTIONS.epochs);
    expect(final.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(final.at(-1)!.loss).toBeLessThan(final[0]!.loss);
  });

  it('calibrates on k folds: every example is held out once, k + 1 trainings', () => {
    const seen: TrainProgress[] = [];
    const model = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, calibrationFolds: 3 }, (p) =>
      seen.push(p),
    );
    expect(model.metrics.heldOut).toBe(SMALL_DATA.length);
    expect(seen.filter((p) => p.phase === 'calibration')).toHaveLength(3 * SMALL_OPTIONS.epochs);
    expect(model.threshold).toBeGreaterThan(0);
  });

  it('records labels, calibration and a data hash', () => {
    const model = trainModel(SMALL_DATA, SMALL_OPTIONS);
    expect(model.labels).toEqual(['greeting', 'order_status', 'refund', 'return_exchange']);
    expect(model.metrics.heldOut).toBeGreaterThan(0);
    expect(model.temperature).toBeGreaterThan(0);
    expect(model.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('trains in a worker with the same result as in-process', async () => {
    const progress: TrainProgress[] = [];
    const inWorker = await trainInWorker(SMALL_DATA, { ...SMALL_OPTIONS, seed: 3 }, (p) =>
      progress.push(p),
    );
    const local = trainModel(SMALL_DATA, { ...SMALL_OPTIONS, seed: 3 });
    expect(
      Buffer.from(inWorker.networks[0]!.w1.buffer).equals(
        Buffer.from(local.networks[0]!.w1.buffer),
      ),
    ).toBe(true);
    expect(progress.length).toBe(2 * SMALL_OPTIONS.epochs);
  });

  it('rejects bad data from a worker with a typed error', async () => {
    const bad = [
      { text: 'hi', label: 'a' },
      { text: 'yo', label: 'b' },
    ];
    await expect(trainInWorker(bad, SMALL_OPTIONS)).rejects.toMatchObject({
      code: 'invalid_training_data',
    });
  });
});

describe('training data checks', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof KefuError ? `${error.code}: ${error.message}` : String(error);
    }
    return 'no error';
  };

  it('names the line of invalid JSON', () => {
    const text = '{"text":"hi","label":"a"}\n{"text": oops}\n';
    expect(code(() => parseLabelledJsonl(text, 'f.jsonl'))).toBe(
      'invalid_training_data: f.jsonl:2: not valid JSON',
    );
  });

  it('names the line with a missing label', () => {
    const text = '{"text":"hi","label":"a"}\n\n{"text":"yo"}\n';
    expect(code(() => parseLabelledJsonl(text, 'f.jsonl'))).toContain('f.jsonl:3: missing "label"');
  });

  it('refuses an empty file', () => {
    expect(code(() => parseLabelledJsonl('\n\n', 'f.jsonl'))).toContain('no examples');
  });

  it('refuses a label with only one example, naming it', () => {
    const data = [...SMALL_DATA, { text: 'lonely', label: 'solo' }];
    expect(code(() => checkTrainingData(data))).toContain('label "solo" has only one example');
  });

  it('refuses data with a single label', () => {
    const data = [
      { text: 'a', label: 'x' },
      { text: 'b', label: 'x' },
    ];
    expect(code(() => checkTrainingData(data))).toContain('at least two different labels');
  });
});
