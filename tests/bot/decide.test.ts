import { describe, expect, it } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BotAnswers,
  type DecideInput,
  decide,
  FaqIndex,
  isExplicitHumanRequest,
  nextFacts,
  parseAnswers,
} from '../../src/bot/index.ts';
import { defaultModelDir, type Prediction } from '../../src/intent/index.ts';

const answers: BotAnswers = parseAnswers(
  readFileSync(join(defaultModelDir(), 'answers.json'), 'utf8'),
);

const faq = new FaqIndex([
  {
    id: 'gift-wrap',
    title: 'Gift wrapping',
    body: 'We gift wrap any order for free: choose Gift wrap at checkout.',
  },
  { id: 'zh-gift', title: '礼品包装', body: '下单时选择“礼品包装”，免费为您包装。' },
  { id: 'pets', title: 'Pet products', body: 'We sell food and toys for cats and dogs.' },
]);

const confident = (label: string): Prediction => ({ label, confidence: 0.99, declined: false });
const unsure: Prediction = { label: 'coupon', confidence: 0.2, declined: true };

function input(overrides: Partial<DecideInput>): DecideInput {
  return {
    prediction: unsure,
    text: 'something',
    language: 'en',
    answers,
    faq,
    facts: { consecutiveLowConfidence: 0 },
    ...overrides,
  };
}

describe('decide', () => {
  it('answers a confident informational intent in the customer language', () => {
    const zh = decide(
      input({ prediction: confident('shipping_time'), text: '几天能到', language: 'zh' }),
    );
    expect(zh).toEqual({
      kind: 'answer',
      text: answers.intents.shipping_time!.zh,
      intent: 'shipping_time',
      source: 'intent',
    });
    const en = decide(input({ prediction: confident('shipping_time'), text: 'how long' }));
    expect(en.kind === 'answer' && en.text).toBe(answers.intents.shipping_time!.en);
  });

  it('fills template variables and tidies a missing one', () => {
    const named = decide(
      input({ prediction: confident('greeting'), text: 'hi', vars: { customerName: 'Ada' } }),
    );
    expect(named.kind === 'answer' && named.text).toBe(
      'Hello Ada! I am the virtual assistant. How can I help you today?',
    );
    const anonymous = decide(input({ prediction: confident('greeting'), text: 'hi' }));
    expect(anonymous.kind === 'answer' && anonymous.text).toBe(
      'Hello! I am the virtual assistant. How can I help you today?',
    );
  });

  it('hands an explicit request for a person to a human even when the model missed it', () => {
    for (const text of [
      '人工',
      '转人工',
      '我要人工客服',
      'agent',
      'talk to a human',
      'can I talk to a person please',
      'Human!',
    ]) {
      const decision = decide(input({ prediction: confident('order_status'), text }));
      expect(decision).toMatchObject({
        kind: 'handoff',
        reason: 'explicit_request',
        group: 'general',
      });
    }
  });

  it('hands a confident human_agent intent off as an explicit request', () => {
    const decision = decide(
      input({ prediction: confident('human_agent'), text: 'someone real pls' }),
    );
    expect(decision).toMatchObject({ kind: 'handoff', reason: 'explicit_request' });
  });

  it('hands a complaint off as a negative intent', () => {
    const decision = decide(
      input({ prediction: confident('complaint'), text: '我要投诉', language: 'zh' }),
    );
    expect(decision).toMatchObject({
      kind: 'handoff',
      reason: 'negative_intent',
      group: 'complaints',
    });
  });

  it('sends after-sales intents to the after-sales group', () => {
    for (const label of ['return_exchange', 'repair_warranty', 'refund']) {
      const decision = decide(input({ prediction: confident(label), text: 'x' }));
      expect(decision).toMatchObject({
        kind: 'handoff',
        reason: 'human_only_intent',
        group: 'after-sales',
      });
    }
  });

  it('answers from the FAQ when the intent is declined', () => {
    const decision = decide(input({ text: 'do you do gift wrapping?' }));
    expect(decision).toMatchObject({ kind: 'answer', source: 'faq', articleId: 'gift-wrap' });
    const zh = decide(input({ text: '可以礼品包装吗', language: 'zh' }));
    expect(zh).toMatchObject({ kind: 'answer', source: 'faq', articleId: 'zh-gift' });
  });

  it('asks to rephrase on the first low-confidence message, hands off on the second', () => {
    const first = decide(input({ text: 'what is the capital of france' }));
    expect(first).toEqual({ kind: 'fallback', text: answers.fallback.en });
    const facts = nextFacts({ consecutiveLowConfidence: 0 }, first);
    expect(facts.consecutiveLowConfidence).toBe(1);
    const second = decide(input({ text: 'tell me a joke', facts }));
    expect(second).toMatchObject({
      kind: 'handoff',
      reason: 'low_confidence_twice',
      group: 'general',
    });
    expect(nextFacts(facts, second).consecutiveLowConfidence).toBe(0);
  });

  it('treats a confident intent the tenant has no answer for as low confidence', () => {
    const decision = decide(input({ prediction: confident('unknown_intent'), text: 'blah' }));
    expect(decision.kind).toBe('fallback');
  });

  it('works without a FAQ index', () => {
    const decision = decide(input({ faq: undefined, text: 'do you do gift wrapping?' }));
    expect(decision.kind).toBe('fallback');
  });
});

describe('isExplicitHumanRequest', () => {
  it('does not fire on ordinary questions that mention similar words', () => {
    for (const text of [
      '人工智能手表有货吗',
      '维修人工费多少',
      'where is my order',
      'human hair wig in stock?',
      'my agent code',
    ]) {
      expect(isExplicitHumanRequest(text)).toBe(false);
    }
  });
});

describe('parseAnswers', () => {
  it('accepts the shipped answers with both languages for every intent', () => {
    expect(Object.keys(answers.intents).length).toBeGreaterThanOrEqual(25);
    for (const entry of Object.values(answers.intents)) {
      expect(entry.zh.length).toBeGreaterThan(0);
      expect(entry.en.length).toBeGreaterThan(0);
    }
  });

  it('refuses answers missing a language with validation_failed', () => {
    const broken = {
      formatVersion: 1,
      fallback: { zh: 'a', en: 'b' },
      intents: { greeting: { zh: '你好' } },
    };
    expect(() => parseAnswers(broken)).toThrow(/intents\/greeting\/en/);
    expect(() => parseAnswers('{')).toThrow(/not valid JSON/);
  });
});
