/**
 * `decide`: what the bot does with one customer message. Pure: plain data in, a
 * decision out; the engine persists and delivers it. Order of precedence:
 *   1. an explicit request for a person → handoff (even if the model missed it)
 *   2. a confident intent → handoff for negative / human-only intents, else its answer
 *   3. the FAQ → the best-matching article
 *   4. low confidence → ask to rephrase the first time, hand off the second time
 */
import type { Prediction } from '../intent/index.ts';
import { answerText, type BotAnswers } from './answers.ts';
import { isExplicitHumanRequest } from './explicit.ts';
import type { FaqIndex } from './faq.ts';
import type { Language } from './language.ts';

export interface ConversationFacts {
  /** Low-confidence messages in a row before this one (reset by any answer). */
  consecutiveLowConfidence: number;
}

export interface DecideInput {
  prediction: Prediction;
  text: string;
  language: Language;
  answers: BotAnswers;
  faq?: FaqIndex;
  facts: ConversationFacts;
  /** Template variables such as `customerName`, `orderId`. */
  vars?: Record<string, string>;
  /** Minimum FAQ coverage to answer from an article (default 0.6). */
  faqMinCoverage?: number;
}

export type HandoffReason =
  | 'explicit_request'
  | 'low_confidence_twice'
  | 'negative_intent'
  | 'human_only_intent';

export type Decision =
  | { kind: 'answer'; text: string; intent: string; source: 'intent' | 'faq'; articleId?: string }
  | { kind: 'handoff'; reason: HandoffReason; group?: string; text?: string }
  | { kind: 'fallback'; text: string };

const HUMAN_AGENT = 'human_agent';

/** Decides the bot's reply to one message. */
export function decide(input: DecideInput): Decision {
  const { prediction, answers, language } = input;
  const humanGroup = answers.intents[HUMAN_AGENT]?.group ?? answers.defaultGroup;
  if (isExplicitHumanRequest(input.text)) return handoff('explicit_request', humanGroup);

  const label = prediction.declined ? null : prediction.label;
  const entry = label ? answers.intents[label] : undefined;
  if (label && entry) {
    const text = answerText(entry, language, input.vars) || undefined;
    const group = entry.group ?? answers.defaultGroup;
    if (label === HUMAN_AGENT) return handoff('explicit_request', group, text);
    if (entry.negative) return handoff('negative_intent', group, text);
    if (entry.handoff) return handoff('human_only_intent', group, text);
    return {
      kind: 'answer',
      text: answerText(entry, language, input.vars),
      intent: label,
      source: 'intent',
    };
  }

  const hit = input.faq?.bestMatch(input.text, input.faqMinCoverage);
  if (hit) {
    return {
      kind: 'answer',
      text: hit.article.body,
      intent: `faq:${hit.article.id}`,
      source: 'faq',
      articleId: hit.article.id,
    };
  }
  if (input.facts.consecutiveLowConfidence >= 1)
    return handoff('low_confidence_twice', answers.defaultGroup);
  return { kind: 'fallback', text: answerText(answers.fallback, language, input.vars) };
}

/** The facts after `decision`: a fallback counts one more low-confidence turn; anything else resets. */
export function nextFacts(facts: ConversationFacts, decision: Decision): ConversationFacts {
  return {
    consecutiveLowConfidence: decision.kind === 'fallback' ? facts.consecutiveLowConfidence + 1 : 0,
  };
}

function handoff(reason: HandoffReason, group: string | undefined, text?: string): Decision {
  return { kind: 'handoff', reason, ...(group ? { group } : {}), ...(text ? { text } : {}) };
}
