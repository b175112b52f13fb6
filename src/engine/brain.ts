/**
 * What the engine asks of the intent model and the bot. Both are optional: without a
 * model every message is "declined"; without a bot the rules' bot answers hand over to
 * a human.
 */

export interface Prediction {
  intent: string | null;
  confidence: number;
  /** Below the model's confidence threshold: do not trust `intent`. */
  declined: boolean;
}

export const NO_PREDICTION: Prediction = { intent: null, confidence: 0, declined: true };

export interface Classifier {
  classify(tenantId: string, text: string): Promise<Prediction>;
}

export type BotDecision =
  | { kind: 'answer'; text: string; intent: string | null; source: 'intent' | 'faq' }
  | { kind: 'fallback'; text: string }
  | { kind: 'handoff'; reason: string; group?: string; text?: string };

export interface BotInput {
  tenantId: string;
  text: string;
  language: 'zh' | 'en';
  prediction: Prediction;
  /** Consecutive low-confidence turns before this one. */
  misses: number;
  customerName: string | null;
}

export interface Bot {
  reply(input: BotInput): Promise<BotDecision>;
}

export { detectLanguage } from '../bot/language.ts';
