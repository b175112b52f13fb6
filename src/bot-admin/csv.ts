/**
 * CSV records (RFC 4180: comma-separated, `"` quotes, `""` inside quotes, line breaks
 * allowed inside quotes), each with the line it starts on, so problems can name it.
 * Fields are matched with sticky regexes, not character by character: a 50,000-line
 * upload is parsed on the event loop.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; problem: string };

const QUOTED = /"((?:[^"]|"")*)"/y;
// A quote inside an unquoted text (`5" screen`) is kept as it is, as most CSV writers expect.
const PLAIN = /[^,\r\n]*/y;

/** Splits `text` into records; blank lines are skipped. */
export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        QUOTED.lastIndex = i;
        const quoted = QUOTED.exec(text);
        if (!quoted) return { ok: false, line, problem: 'a quote is never closed' };
        field = quoted[1]!.replaceAll('""', '"');
        line += countNewlines(field);
        i = QUOTED.lastIndex;
      } else {
        PLAIN.lastIndex = i;
        field = PLAIN.exec(text)![0];
        i = PLAIN.lastIndex;
      }
      fields.push(field);
      const next = text[i];
      if (next === ',') {
        i++;
        continue;
      }
      if (next === undefined || next === '\n' || next === '\r') {
        if (next === '\r' && text[i + 1] === '\n') i++;
        if (next !== undefined) {
          i++;
          line++;
        }
        break;
      }
      return { ok: false, line, problem: 'text after a closing quote (write "" for a quote)' };
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
  }
  return { ok: true, records };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
