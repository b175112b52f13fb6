/**
 * Loads BANKING77 (PolyAI, CC BY 4.0; Casanueva et al. 2020) from `KEFU_BANKING77_DIR`,
 * default the copy in `bench/intent/data/banking77` (its README: provenance and license).
 */
import { join, resolve } from 'node:path';
import type { LabelledUtterance } from '../../src/intent/index.ts';

/** The dataset folder: env `KEFU_BANKING77_DIR` or the copy beside this file. */
export function banking77Dir(): string {
  const fromEnv = process.env.KEFU_BANKING77_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(import.meta.dir, 'data/banking77');
}

/** Reads `train` or `test` as labelled utterances. */
export async function loadBanking77(split: 'train' | 'test'): Promise<LabelledUtterance[]> {
  const content = await Bun.file(join(banking77Dir(), `${split}.csv`)).text();
  const rows = parseCsv(content);
  const header = rows.shift();
  if (header?.[0] !== 'text' || header[1] !== 'category') {
    throw new Error(`${split}.csv: expected the header text,category`);
  }
  return rows
    .filter((row) => row.length === 2)
    .map(([text, label]) => ({ text: text!, label: label! }));
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
