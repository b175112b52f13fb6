/**
 * Deterministic, Unicode-aware featurizer for Chinese and English (and mixed) text.
 *
 * Units are Latin-script words and single CJK characters. Features are
 *   w: words, b: word bigrams, c: character n-grams of `<word>` (typos still share most
 *   grams), h: CJK character 1..n-grams inside a run of CJK characters (Chinese has no
 *   spaces; character n-grams need no dictionary, so they do not depend on the ICU
 *   version the way `Intl.Segmenter` does).
 * Each feature string is hashed (FNV-1a) into `buckets` slots; counts are weighted per
 * kind and damped sublinearly.
 */
import { fnv1a32 } from './hash.ts';
import { normalizeText } from './normalize.ts';

export interface FeaturizerSettings {
  /** Number of hash slots, a power of two. */
  buckets: number;
  /** Longest word n-gram (1 = words only, 2 = + bigrams, 3 = + trigrams). */
  wordNgramMax: number;
  /** Character n-gram lengths for Latin words, taken over `<word>`; 0 disables. */
  charNgramMin: number;
  charNgramMax: number;
  /**
   * Character n-grams across word boundaries (over " the whole text "), 0 = off. They
   * see word pairs and morphology at once; they roughly double the features per text.
   */
  spanNgramMin: number;
  spanNgramMax: number;
  /** Longest CJK character n-gram. */
  cjkNgramMax: number;
  /** Replace every digit by 0, so order numbers look alike. */
  mapDigits: boolean;
  /** Per-kind multipliers: w word, b word n-gram, c char n-gram, h CJK n-gram, s span n-gram. */
  kindWeights: { w: number; b: number; c: number; h: number; s: number };
}

export const DEFAULT_FEATURIZER: FeaturizerSettings = {
  buckets: 1 << 18,
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 5,
  spanNgramMin: 0,
  spanNgramMax: 0,
  cjkNgramMax: 3,
  mapDigits: true,
  kindWeights: { w: 1, b: 1, c: 1, h: 1, s: 1 },
};

export type FeatureKind = 'w' | 'b' | 'c' | 'h' | 's';

const CJK_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]';
// A unit is one CJK character or a run of other letters/digits (which stops at CJK).
const UNIT = new RegExp(`${CJK_CLASS}|(?:(?!${CJK_CLASS})[\\p{L}\\p{M}\\p{N}])+`, 'gu');
const CJK = new RegExp(`^${CJK_CLASS}$`, 'u');

/**
 * Calls `emit(kind, token)` for every feature of `text`, in a fixed order.
 * @example forEachToken('where is my order', s, (k, t) => console.log(k, t))
 */
export function forEachToken(
  text: string,
  settings: FeaturizerSettings,
  emit: (kind: FeatureKind, token: string) => void,
): void {
  const normalized = normalizeText(text, settings.mapDigits).replace(/['’`]/g, '');
  const units = normalized.match(UNIT) ?? [];
  let words: string[] = [];
  let cjkRun = '';
  const flushWords = () => {
    for (let n = 2; n <= settings.wordNgramMax; n++) {
      for (let i = 0; i + n <= words.length; i++) emit('b', words.slice(i, i + n).join(' '));
    }
    words = [];
  };
  const flushCjk = () => {
    const chars = Array.from(cjkRun);
    for (let n = 1; n <= settings.cjkNgramMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) emit('h', chars.slice(i, i + n).join(''));
    }
    cjkRun = '';
  };
  for (const unit of units) {
    if (CJK.test(unit)) {
      flushWords();
      cjkRun += unit;
      continue;
    }
    flushCjk();
    words.push(unit);
    emit('w', unit);
    if (settings.charNgramMax > 0) {
      const padded = Array.from(`<${unit}>`);
      for (let n = settings.charNgramMin; n <= settings.charNgramMax; n++) {
        // The whole padded word is already the `w` feature.
        if (n >= padded.length) break;
        for (let i = 0; i + n <= padded.length; i++) emit('c', padded.slice(i, i + n).join(''));
      }
    }
  }
  flushWords();
  flushCjk();
  if (settings.spanNgramMax > 0) {
    const chars = Array.from(` ${normalized} `);
    for (let n = settings.spanNgramMin; n <= settings.spanNgramMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) emit('s', chars.slice(i, i + n).join(''));
    }
  }
}

/** The feature strings of `text` (kind-prefixed, with repeats), e.g. for BM25 search. */
export function tokenize(
  text: string,
  settings: FeaturizerSettings,
  kinds: readonly FeatureKind[] = ['w', 'b', 'c', 'h', 's'],
): string[] {
  const out: string[] = [];
  forEachToken(text, settings, (kind, token) => {
    if (kinds.includes(kind)) out.push(`${kind}:${token}`);
  });
  return out;
}

/** Sparse hashed features of one text: bucket ids and their damped weighted counts. */
export interface HashedFeatures {
  ids: Int32Array;
  values: Float32Array;
}

/** Hashes `text` into buckets. Empty or symbol-only text gives zero features. */
export function featurize(text: string, settings: FeaturizerSettings): HashedFeatures {
  const counts = new Map<number, number>();
  const mask = settings.buckets - 1;
  forEachToken(text, settings, (kind, token) => {
    const weight = settings.kindWeights[kind];
    if (weight === 0) return;
    const id = fnv1a32(`${kind}\u0001${token}`) & mask;
    counts.set(id, (counts.get(id) ?? 0) + weight);
  });
  const ids = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let i = 0;
  for (const [id, count] of counts) {
    ids[i] = id;
    values[i] = count <= 1 ? count : 1 + Math.log(count);
    i++;
  }
  return { ids, values };
}

/** Throws unless `settings` is usable (buckets a power of two, sane n-gram ranges). */
export function checkFeaturizerSettings(settings: FeaturizerSettings): string | null {
  const { buckets, wordNgramMax, charNgramMin, charNgramMax, cjkNgramMax } = settings;
  if (!Number.isInteger(buckets) || buckets < 16 || buckets > 1 << 24 || buckets & (buckets - 1))
    return 'buckets must be a power of two between 16 and 2^24';
  if (!(wordNgramMax >= 1 && wordNgramMax <= 4)) return 'wordNgramMax must be 1..4';
  if (
    charNgramMax !== 0 &&
    !(charNgramMin >= 1 && charNgramMin <= charNgramMax && charNgramMax <= 8)
  )
    return 'charNgramMin..charNgramMax must be within 1..8';
  const { spanNgramMin, spanNgramMax } = settings;
  if (
    spanNgramMax !== 0 &&
    !(spanNgramMin >= 1 && spanNgramMin <= spanNgramMax && spanNgramMax <= 8)
  )
    return 'spanNgramMin..spanNgramMax must be within 1..8';
  if (!(cjkNgramMax >= 1 && cjkNgramMax <= 4)) return 'cjkNgramMax must be 1..4';
  return null;
}
