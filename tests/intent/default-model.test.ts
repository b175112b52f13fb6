import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTrainingLines } from '../../models/data/generate.ts';
import {
  defaultDataDir,
  defaultModelDir,
  exportModel,
  IntentRuntime,
  parseLabelledJsonl,
  trainModel,
} from '../../src/intent/index.ts';

// Rebuilding the default model trains 6 times (5 calibration folds + final): seconds, more
// on a busy machine. bunfig's [test] timeout is not applied by bun 1.4.5.
setDefaultTimeout(60_000);

describe('the shipped default model', () => {
  let runtime: IntentRuntime;
  beforeAll(async () => {
    runtime = await IntentRuntime.load(defaultModelDir());
  });
  afterAll(() => runtime.close());

  const cases: [string, string][] = [
    ['我的快递到哪了', 'order_status'],
    ['where is my order', 'order_status'],
    ['我要退货', 'return_exchange'],
    ['I want to return this', 'return_exchange'],
    ['我要投诉', 'complaint'],
    ['talk to a human', 'human_agent'],
    ['hello', 'greeting'],
    ['你好', 'greeting'],
    ['谢谢', 'thanks'],
    ['I forgot my password', 'password_reset'],
  ];
  for (const [text, label] of cases) {
    it(`classifies "${text}" as ${label}`, async () => {
      const prediction = await runtime.predict(text);
      expect(prediction.label).toBe(label);
      expect(prediction.declined).toBe(false);
    });
  }

  it('declines an out-of-scope question', async () => {
    expect((await runtime.predict('what is the capital of france')).declined).toBe(true);
    expect((await runtime.predict('给我讲个笑话')).declined).toBe(true);
  });

  it('knows about 30 bilingual intents', () => {
    expect(runtime.labels.length).toBeGreaterThanOrEqual(25);
    expect(runtime.labels).toContain('human_agent');
  });

  it('resolves the default folder relative to the repository, or an override', () => {
    expect(defaultModelDir()).toMatch(/models\/default$/);
    expect(defaultModelDir('/tmp/custom')).toBe('/tmp/custom');
  });
});

describe('the shipped default data', () => {
  const read = (name: string) => readFileSync(join(defaultDataDir(), name), 'utf8');

  it('train.jsonl is exactly what generate.ts writes', () => {
    const lines = generateTrainingLines();
    expect(read('train.jsonl')).toBe(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  });

  it('no eval line occurs in the training data', () => {
    const train = new Set(parseLabelledJsonl(read('train.jsonl')).map((d) => d.text.toLowerCase()));
    const evalLines = parseLabelledJsonl(read('eval.jsonl'));
    expect(evalLines.filter((d) => train.has(d.text.toLowerCase()))).toEqual([]);
    expect(evalLines.filter((d) => d.label === 'oos').length).toBeGreaterThanOrEqual(30);
  });

  it('rebuilding from models/data reproduces the shipped model byte for byte', () => {
    const model = trainModel(parseLabelledJsonl(read('train.jsonl')), { seed: 1 });
    const shipped = readFileSync(join(defaultModelDir(), 'model.onnx'));
    expect(Buffer.from(exportModel(model).onnx).equals(shipped)).toBe(true);
  });
});
