import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { defaultModelDir, IntentRuntime } from '../../src/intent/index.ts';

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
