/**
 * Reads and checks labelled JSONL (`{"text","label"}` per line). Every problem names its
 * line, so a tenant can fix the file; nothing is trained from a file with errors.
 */
import { KefuError } from '../errors.ts';
import type { LabelledUtterance } from './types.ts';

export const LABEL_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Parses labelled JSONL; throws `invalid_training_data` naming the first bad line. */
export function parseLabelledJsonl(content: string, source = 'data'): LabelledUtterance[] {
  const out: LabelledUtterance[] = [];
  const lines = content.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw invalid(`${where}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid(`${where}: expected an object {"text","label"}`);
    const { text, label } = value as Record<string, unknown>;
    if (typeof text !== 'string' || text.trim() === '')
      throw invalid(`${where}: "text" must be a non-empty string`);
    if (label === undefined) throw invalid(`${where}: missing "label"`);
    if (typeof label !== 'string' || !LABEL_PATTERN.test(label))
      throw invalid(`${where}: "label" must be 1-64 characters of A-Z a-z 0-9 _ . : -`);
    out.push({ text, label });
  });
  if (out.length === 0) throw invalid(`${source}: no examples (the file is empty)`);
  return out;
}

/** Parses JSONL `{"text"}` lines (for predict); every problem names its line. */
export function parseTextJsonl(content: string, source = 'stdin'): string[] {
  const texts: string[] = [];
  content.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw invalid(`${source}:${index + 1}: not valid JSON`);
    }
    const text = (value as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw invalid(`${source}:${index + 1}: expected {"text": "..."}`);
    texts.push(text);
  });
  return texts;
}

/** Throws unless the data can train a classifier: 2+ labels, each with 2+ examples. */
export function checkTrainingData(data: readonly LabelledUtterance[], source = 'data'): void {
  if (data.length === 0) throw invalid(`${source}: no examples`);
  const counts = new Map<string, number>();
  for (const item of data) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
  if (counts.size < 2) throw invalid(`${source}: at least two different labels are needed`);
  for (const [label, count] of counts) {
    if (count < 2) {
      const line = data.findIndex((item) => item.label === label) + 1;
      throw invalid(
        `${source}: label "${label}" has only one example (line ${line}); give it at least two`,
      );
    }
  }
}

function invalid(message: string): KefuError {
  return new KefuError('invalid_training_data', message);
}
