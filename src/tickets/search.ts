/**
 * Search terms for tickets, the same for indexing and querying: lower-cased words and
 * numbers, and for Chinese (no spaces) single characters and character pairs. Stored in
 * `search_terms`, so full-text search works alike on SQLite and MySQL.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS = 2000;

export function searchTerms(text: string, forQuery = false): string[] {
  const terms = new Set<string>();
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (!CJK.test(word)) {
      if (word.length >= 2 || /\d/.test(word)) terms.add(word.slice(0, 64));
      continue;
    }
    // Runs of Chinese characters: characters and pairs (a query of 2+ characters uses pairs).
    const chars = [...word];
    if (!forQuery || chars.length === 1) for (const ch of chars) terms.add(ch);
    for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
    if (terms.size >= MAX_TERMS) break;
  }
  return [...terms].slice(0, MAX_TERMS);
}
