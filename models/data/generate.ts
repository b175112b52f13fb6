/**
 * Expands `templates.ts` into `train.jsonl`, deterministically (seeded):
 *   bun models/data/generate.ts
 * Each template yields the plain wording plus variants with a polite prefix, an ending,
 * other slot values, and for English sometimes a typo or different casing.
 */
import { join } from 'node:path';
import { createPrng, type Prng } from '../../src/intent/prng.ts';
import {
  ITEMS_EN,
  ITEMS_ZH,
  PREFIX_EN,
  PREFIX_ZH,
  SUFFIX_EN,
  SUFFIX_ZH,
  TEMPLATES,
} from './templates.ts';

const VARIANTS = 3;

function pick<T>(list: readonly T[], rng: Prng): T {
  return list[rng.int(list.length)]!;
}

function fill(template: string, lang: 'zh' | 'en', rng: Prng): string {
  return template
    .replace('{item}', pick(lang === 'zh' ? ITEMS_ZH : ITEMS_EN, rng))
    .replace('{n}', String(100000 + rng.int(900000000)));
}

/** Swaps two neighbouring letters or drops one in a longer word. */
function typo(text: string, rng: Prng): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{4,}$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return text;
  const index = pick(candidates, rng);
  const word = words[index]!;
  const at = 1 + rng.int(word.length - 2);
  words[index] =
    rng.next() < 0.5
      ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
      : word.slice(0, at) + word.slice(at + 1);
  return words.join(' ');
}

function variant(template: string, lang: 'zh' | 'en', bare: boolean, first: boolean, rng: Prng): string {
  let text = fill(template, lang, rng);
  if (first) return text;
  if (!bare) {
    text = pick(lang === 'zh' ? PREFIX_ZH : PREFIX_EN, rng) + text + pick(lang === 'zh' ? SUFFIX_ZH : SUFFIX_EN, rng);
  } else {
    text += pick(lang === 'zh' ? ['', '！', '~', '呀', '。'] : ['', '!', '.', ' :)', '!!'], rng);
  }
  if (lang === 'en') {
    if (rng.next() < 0.2) text = typo(text, rng);
    const casing = rng.next();
    if (casing < 0.3) text = text.charAt(0).toUpperCase() + text.slice(1);
    else if (casing < 0.35) text = text.toUpperCase();
  }
  return text;
}

/** All generated lines, in a fixed order. */
export function generateTrainingLines(seed = 2024): { text: string; label: string }[] {
  const rng = createPrng(seed);
  const seen = new Set<string>();
  const lines: { text: string; label: string }[] = [];
  for (const [label, templates] of Object.entries(TEMPLATES)) {
    for (const lang of ['zh', 'en'] as const) {
      for (const template of templates[lang]) {
        for (let v = 0; v < VARIANTS; v++) {
          const text = variant(template, lang, templates.bare ?? false, v === 0, rng);
          if (seen.has(text)) continue;
          seen.add(text);
          lines.push({ text, label });
        }
      }
    }
  }
  return lines;
}

if (import.meta.main) {
  const lines = generateTrainingLines();
  const out = join(import.meta.dir, 'train.jsonl');
  await Bun.write(out, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  console.log(`wrote ${lines.length} lines to ${out}`);
}
