/**
 * The engine's classifier and bot, made of the intent model (onnxruntime-node) and the
 * bot's decision logic. The model is imported lazily so commands that never classify
 * never load the native runtime.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bot, BotDecision, Classifier, Prediction } from '../engine/brain.ts';
import { NO_PREDICTION } from '../engine/brain.ts';
import type { IntentModelSlot } from '../intent/index.ts';
import type { Logger } from '../log.ts';
import { type BotAnswers, decide, parseAnswers } from './index.ts';

export interface Brain {
  classifier: Classifier;
  bot: Bot;
  slot: IntentModelSlot;
  close(): Promise<void>;
}

/** Loads the model and its answers from `modelDir` (model.onnx, model.json, answers.json). */
export async function loadBrain(
  modelDir: string,
  maxTextChars: number,
  log: Logger,
): Promise<Brain> {
  const { IntentModelSlot } = await import('../intent/index.ts');
  const slot = new IntentModelSlot({ maxTextChars });
  const runtime = await slot.replace(modelDir);
  const answers: BotAnswers = parseAnswers(await readFile(join(modelDir, 'answers.json'), 'utf8'));
  log.info(
    { modelDir, version: runtime.version, labels: runtime.labels.length },
    'intent model loaded',
  );

  const classifier: Classifier = {
    async classify(_tenantId, text): Promise<Prediction> {
      const current = slot.current;
      if (!current) return NO_PREDICTION;
      try {
        const p = await current.predict(text);
        return { intent: p.label, confidence: p.confidence, declined: p.declined };
      } catch (error) {
        // Texts the model refuses (empty, emoji only) are simply not understood.
        log.debug({ err: error }, 'not classified');
        return NO_PREDICTION;
      }
    },
  };

  const bot: Bot = {
    async reply(input): Promise<BotDecision> {
      const decision = decide({
        prediction: {
          label: input.prediction.intent,
          confidence: input.prediction.confidence,
          declined: input.prediction.declined,
        },
        text: input.text,
        language: input.language,
        answers,
        facts: { consecutiveLowConfidence: input.misses },
        vars: input.customerName ? { customerName: input.customerName } : {},
      });
      if (decision.kind === 'handoff')
        return {
          kind: 'handoff',
          reason: decision.reason,
          group: decision.group,
          text: decision.text,
        };
      return decision.kind === 'answer'
        ? { kind: 'answer', text: decision.text, intent: decision.intent, source: decision.source }
        : decision;
    },
  };

  return { classifier, bot, slot, close: () => slot.close() };
}
