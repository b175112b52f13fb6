/**
 * Bot answers per intent (tenant-editable, e.g. `models/default/answers.json`): Chinese
 * and English templates with `{variables}`, and which intents go to a human group.
 */
import { type Static, Type as t } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KefuError } from '../errors.ts';
import type { Language } from './language.ts';

const Texts = { zh: t.String(), en: t.String() };

export const BotAnswersSchema = t.Object({
  formatVersion: t.Literal(1),
  /** Said on the first low-confidence message: ask to rephrase. */
  fallback: t.Object(Texts),
  /** Group for handoffs that no intent names (e.g. low confidence twice). */
  defaultGroup: t.Optional(t.String()),
  intents: t.Record(
    t.String(),
    t.Object({
      ...Texts,
      /** Always hand to a human (after-sales, complaints); the text is sent while transferring. */
      handoff: t.Optional(t.Boolean()),
      /** A negative intent (complaint): hand off with reason `negative_intent`. */
      negative: t.Optional(t.Boolean()),
      group: t.Optional(t.String()),
    }),
  ),
});

export type BotAnswers = Static<typeof BotAnswersSchema>;
export type IntentAnswer = BotAnswers['intents'][string];

/** Validates answers JSON (text or parsed); throws `validation_failed` naming the path. */
export function parseAnswers(json: string | unknown): BotAnswers {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new KefuError('validation_failed', 'answers: not valid JSON');
    }
  }
  if (!Value.Check(BotAnswersSchema, value)) {
    const first = Value.Errors(BotAnswersSchema, value).First();
    throw new KefuError('validation_failed', `answers: ${first?.path || '/'} ${first?.message}`);
  }
  return value;
}

/**
 * Fills `{name}` placeholders from `vars`; a missing variable becomes empty and the
 * spacing around it is tidied ("Hi {customerName}, …" → "Hi, …").
 */
export function renderTemplate(template: string, vars: Record<string, string> = {}): string {
  return template
    .replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '')
    .replace(/ +([,，.!?。！？])/g, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The template of `answer` in `language`, rendered. */
export function answerText(
  answer: { zh: string; en: string },
  language: Language,
  vars?: Record<string, string>,
): string {
  return renderTemplate(answer[language], vars);
}
