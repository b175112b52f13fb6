/**
 * Uploaded training data: JSON (`{"name"?, "examples": [{"text","label"}], "answers"?}`),
 * JSONL (`{"text","label"}` per line) or CSV (`text,label`, header optional). Every
 * problem names its line (or array element); a dataset with any problem is refused
 * whole, so nothing half-checked is ever stored.
 */
import { type BotAnswers, parseAnswers } from '../bot/index.ts';
import { KefuError } from '../errors.ts';
import { LABEL_PATTERN, type LabelledUtterance } from '../intent/index.ts';
import { parseCsv } from './csv.ts';
import { jsonErrorPosition } from './json-error.ts';

export type DatasetFormat = 'json' | 'jsonl' | 'csv';

export interface ParsedDataset {
  name: string;
  format: DatasetFormat;
  examples: LabelledUtterance[];
  labelCounts: Record<string, number>;
  answers: BotAnswers | undefined;
}

export interface UploadLimits {
  maxExamples: number;
}

/** Largest upload body (MySQL stores the dataset in one statement: under `max_allowed_packet`). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
/** Longest example text, characters. */
export const MAX_EXAMPLE_CHARS = 1000;
/** Most different intents in one dataset. */
export const MAX_LABELS = 1000;
/** Problems listed in one error message. */
const MAX_PROBLEMS = 10;

interface Located extends LabelledUtterance {
  where: string;
}

/** The dataset format of a request's content type, or undefined for an unsupported one. */
export function formatOf(contentType: string | null): DatasetFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/jsonl') return 'jsonl';
  if (type === 'text/csv') return 'csv';
  return undefined;
}

/** Parses and checks an upload; throws `invalid_training_data` listing the problems. */
export function parseDataset(
  text: string,
  format: DatasetFormat,
  name: string | undefined,
  limits: UploadLimits,
): ParsedDataset {
  const problems = new Problems();
  let rows: Located[];
  let answers: BotAnswers | undefined;
  if (format === 'json') {
    const parsed = fromJson(text, problems);
    rows = parsed.rows;
    answers = parsed.answers;
    name ??= parsed.name;
  } else rows = format === 'csv' ? fromCsv(text, problems) : fromJsonl(text, problems);
  problems.throwIfAny();

  if (rows.length === 0) throw invalid('the dataset is empty: no examples');
  if (rows.length > limits.maxExamples) {
    throw new KefuError(
      'payload_too_large',
      `the dataset has ${rows.length} examples; at most ${limits.maxExamples} are accepted`,
    );
  }
  const labelCounts: Record<string, number> = {};
  const firstSeen = new Map<string, string>();
  for (const row of rows) {
    labelCounts[row.label] = (labelCounts[row.label] ?? 0) + 1;
    if (!firstSeen.has(row.label)) firstSeen.set(row.label, row.where);
  }
  const labels = Object.keys(labelCounts);
  if (labels.length < 2) throw invalid('at least two different labels (intents) are needed');
  if (labels.length > MAX_LABELS) throw invalid(`at most ${MAX_LABELS} different labels`);
  for (const label of labels) {
    if (labelCounts[label] === 1)
      problems.add(
        `${firstSeen.get(label)}: label "${label}" has only one example; give it at least two`,
      );
  }
  problems.throwIfAny();
  return {
    name: (name ?? 'upload').slice(0, 200),
    format,
    examples: rows.map(({ text: t, label }) => ({ text: t, label })),
    labelCounts,
    answers,
  };
}

function fromJson(
  text: string,
  problems: Problems,
): { rows: Located[]; answers?: BotAnswers; name?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const at = jsonErrorPosition(text);
    throw invalid(
      at
        ? `not valid JSON: line ${at.line}, column ${at.column}`
        : 'not valid JSON (send JSONL as application/x-ndjson)',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('expected an object {"examples": [{"text", "label"}], "answers"?, "name"?}');
  }
  const { examples, answers, name, ...rest } = value as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.add(`unknown field "${key}"`);
  if (name !== undefined && (typeof name !== 'string' || name.length > 200))
    problems.add('"name" must be a string of at most 200 characters');
  if (!Array.isArray(examples)) {
    problems.add('"examples" must be an array of {"text", "label"}');
    return { rows: [] };
  }
  const rows = examples.flatMap((item, i) => {
    const where = `examples[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.add(`${where}: expected {"text", "label"}`);
      return [];
    }
    const row = checkExample(item as Record<string, unknown>, where, problems);
    return row ? [row] : [];
  });
  let checkedAnswers: BotAnswers | undefined;
  if (answers !== undefined) {
    try {
      checkedAnswers = parseAnswers(answers);
    } catch (error) {
      problems.add((error as Error).message);
    }
  }
  return { rows, answers: checkedAnswers, name: typeof name === 'string' ? name : undefined };
}

function fromJsonl(text: string, problems: Problems): Located[] {
  const rows: Located[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.add(`${where}: not valid JSON`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.add(`${where}: expected {"text", "label"}`);
      return;
    }
    const row = checkExample(value as Record<string, unknown>, where, problems);
    if (row) rows.push(row);
  });
  return rows;
}

function fromCsv(text: string, problems: Problems): Located[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    problems.add(`line ${parsed.line}: ${parsed.problem}`);
    return [];
  }
  let records = parsed.records;
  let [textColumn, labelColumn] = [0, 1];
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase());
  if (header?.length === 2 && header.includes('text') && header.includes('label')) {
    [textColumn, labelColumn] = [header.indexOf('text'), header.indexOf('label')];
    records = records.slice(1);
  }
  const rows: Located[] = [];
  for (const record of records) {
    const where = `line ${record.line}`;
    if (record.fields.length !== 2) {
      problems.add(
        record.fields.length === 1
          ? `${where}: missing label (expected text,label)`
          : `${where}: expected 2 fields (text,label), found ${record.fields.length}; quote a text that contains commas`,
      );
      continue;
    }
    const row = checkExample(
      { text: record.fields[textColumn], label: record.fields[labelColumn]?.trim() },
      where,
      problems,
    );
    if (row) rows.push(row);
  }
  return rows;
}

function checkExample(
  item: Record<string, unknown>,
  where: string,
  problems: Problems,
): Located | undefined {
  const { text, label } = item;
  if (typeof text !== 'string' || text.trim() === '') {
    problems.add(`${where}: "text" must be a non-empty string`);
    return undefined;
  }
  if (text.length > MAX_EXAMPLE_CHARS) {
    problems.add(`${where}: text is longer than ${MAX_EXAMPLE_CHARS} characters`);
    return undefined;
  }
  if (label === undefined || label === '') {
    problems.add(`${where}: missing label`);
    return undefined;
  }
  if (typeof label !== 'string' || !LABEL_PATTERN.test(label)) {
    problems.add(`${where}: label must be 1-64 characters of A-Z a-z 0-9 _ . : -`);
    return undefined;
  }
  return { text: text.trim(), label, where };
}

class Problems {
  private readonly list: string[] = [];
  private count = 0;

  add(problem: string): void {
    this.count++;
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const more = this.count - this.list.length;
    throw invalid(this.list.join('; ') + (more > 0 ? ` (and ${more} more problems)` : ''));
  }
}

function invalid(message: string): KefuError {
  return new KefuError('invalid_training_data', message);
}
