/** Upload parsing: CSV records, where a JSON text breaks, and whole-dataset checks. */
import { describe, expect, it } from 'bun:test';
import { parseCsv } from '../../src/bot-admin/csv.ts';
import { jsonErrorPosition } from '../../src/bot-admin/json-error.ts';
import { parseDataset } from '../../src/bot-admin/upload.ts';

const limits = { maxExamples: 100 };

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering lines', () => {
    const result = parseCsv('\uFEFFtext,label\r\n"a, b",x\n\n"say ""hi""\nthere",y\nplain,z');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['text', 'label'] },
        { line: 2, fields: ['a, b', 'x'] },
        { line: 4, fields: ['say "hi"\nthere', 'y'] },
        { line: 6, fields: ['plain', 'z'] },
      ],
    });
  });

  it('names the line of a quote never closed or followed by text', () => {
    expect(parseCsv('a,b\n"open,x\nmore')).toEqual({
      ok: false,
      line: 2,
      problem: 'a quote is never closed',
    });
    expect(parseCsv('a,b\n"q"x,y')).toMatchObject({ ok: false, line: 2 });
  });

  it('keeps a quote inside an unquoted text', () => {
    expect(parseCsv('5" screen,size')).toEqual({
      ok: true,
      records: [{ line: 1, fields: ['5" screen', 'size'] }],
    });
  });
});

describe('jsonErrorPosition', () => {
  it('is null for valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, null, "x\\u00e9"]} ', '"s"', '0']) {
      expect(jsonErrorPosition(text)).toBeNull();
      JSON.parse(text);
    }
  });

  it('points at the first error', () => {
    expect(jsonErrorPosition('{"a": 1,\n "b" 2}')).toEqual({ line: 2, column: 6 });
    expect(jsonErrorPosition('[1, 2,]')).toEqual({ line: 1, column: 7 });
    expect(jsonErrorPosition('{"a": [1, 2}')).toEqual({ line: 1, column: 12 });
    expect(jsonErrorPosition('{"a": tru}')).toEqual({ line: 1, column: 7 });
    expect(jsonErrorPosition('{"a": "x\ny"}')).toEqual({ line: 1, column: 9 });
    expect(jsonErrorPosition('{"a": 1} x')).toEqual({ line: 1, column: 10 });
    expect(jsonErrorPosition('{"a": 1')).toEqual({ line: 1, column: 8 });
  });
});

describe('parseDataset', () => {
  it('reads a CSV header in either order and counts labels', () => {
    const dataset = parseDataset(
      'label,text\ng,hello\ng,hi\nb,bye\nb,see you\n',
      'csv',
      'd',
      limits,
    );
    expect(dataset.examples[0]).toEqual({ text: 'hello', label: 'g' });
    expect(dataset.labelCounts).toEqual({ g: 2, b: 2 });
  });

  it('lists several problems at once, each with its line', () => {
    const text = ['hello,g', ',g', 'hi,bad label', 'bye', 'x,y,z'].join('\n');
    expect(() => parseDataset(text, 'csv', undefined, limits)).toThrow(
      /line 2: "text" must be a non-empty string; line 3: label must be .*; line 4: missing label.*; line 5: expected 2 fields/,
    );
  });

  it('refuses unknown fields and texts that are too long in JSON', () => {
    const body = JSON.stringify({
      examples: [
        { text: 'a'.repeat(1001), label: 'x' },
        { text: 'b', label: 'x' },
      ],
      extra: 1,
    });
    expect(() => parseDataset(body, 'json', undefined, limits)).toThrow(
      /unknown field "extra"; examples\[0\]: text is longer than 1000 characters/,
    );
  });

  it('takes the name from the JSON body unless the caller gives one', () => {
    const body = JSON.stringify({
      name: 'spring',
      examples: [
        { text: 'a', label: 'x' },
        { text: 'b', label: 'x' },
        { text: 'c', label: 'y' },
        { text: 'd', label: 'y' },
      ],
    });
    expect(parseDataset(body, 'json', undefined, limits).name).toBe('spring');
    expect(parseDataset(body, 'json', 'given', limits).name).toBe('given');
  });
});
