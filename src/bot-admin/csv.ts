/**
 * CSV records (RFC 4180: comma-separated, `"` quotes, `""` inside quotes, line breaks
 * allowed inside quotes), each with the line it starts on, so problems can name it.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; problem: string };

/** Splits `text` into records; blank lines are skipped. */
export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let fieldStarted = false;
    for (;;) {
      const ch = text[i];
      if (quoted) {
        if (ch === undefined) return { ok: false, line: start, problem: 'a quote is never closed' };
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          const next = text[i];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            return {
              ok: false,
              line,
              problem: 'text after a closing quote (write "" for a quote)',
            };
          }
          continue;
        }
        if (ch === '\n') line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === '"' && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
        i++;
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        fieldStarted = false;
        i++;
        continue;
      }
      if (ch === undefined || ch === '\n' || ch === '\r') {
        fields.push(field);
        if (ch === '\r' && text[i + 1] === '\n') i++;
        if (ch !== undefined) {
          i++;
          line++;
        }
        break;
      }
      field += ch;
      fieldStarted = true;
      i++;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
  }
  return { ok: true, records };
}
