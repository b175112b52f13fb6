/**
 * Calibration splits. Near-duplicates (one wording inside another, e.g. the same
 * sentence with "hi," in front) are kept on the same side, otherwise the held-out part
 * flatters the model and the decline threshold comes out too low.
 */
import { type FeaturizerSettings, tokenize } from './featurizer.ts';
import { createPrng, shuffleInPlace } from './prng.ts';
import type { LabelledUtterance } from './types.ts';

const CONTAINMENT = 1;
const MIN_TOKENS = 3;

/**
 * Calibration folds per example: with `folds` ≥ 2 every example gets a fold 0..folds-1
 * (near-duplicate groups spread evenly per label); with `folds` = 1 a `fraction` of each
 * label is fold 0 and the rest -1 (always trained on). Seeded and deterministic.
 */
export function calibrationFolds(
  data: readonly LabelledUtterance[],
  folds: number,
  fraction: number,
  seed: number,
  settings: FeaturizerSettings,
): Int32Array {
  const foldOf = new Int32Array(data.length).fill(-1);
  const byLabel = new Map<string, number[]>();
  data.forEach((d, i) => {
    byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), i]);
  });
  const rng = createPrng(seed ^ 0x5eed);
  for (const label of [...byLabel.keys()].sort()) {
    const indices = byLabel.get(label)!;
    const groups = nearDuplicateGroups(
      indices.map((i) => data[i]!.text),
      settings,
    );
    shuffleInPlace(groups, rng);
    if (folds >= 2) {
      const sizes = new Array<number>(folds).fill(0);
      for (const group of groups) {
        const fold = sizes.indexOf(Math.min(...sizes));
        for (const member of group) foldOf[indices[member]!] = fold;
        sizes[fold]! += group.length;
      }
      continue;
    }
    const quota = Math.min(indices.length - 1, Math.floor(indices.length * fraction));
    let taken = 0;
    for (const group of groups) {
      if (taken + group.length > quota) continue;
      for (const member of group) foldOf[indices[member]!] = 0;
      taken += group.length;
    }
  }
  return foldOf;
}

/** Groups of positions whose word / CJK-character sets mostly contain one another. */
function nearDuplicateGroups(texts: string[], settings: FeaturizerSettings): number[][] {
  const sets = texts.map(
    (text) => new Set(tokenize(text, { ...settings, cjkNgramMax: 2 }, ['w', 'h'])),
  );
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      const [small, large] =
        sets[a]!.size <= sets[b]!.size ? [sets[a]!, sets[b]!] : [sets[b]!, sets[a]!];
      if (small.size < MIN_TOKENS) continue;
      let shared = 0;
      for (const token of small) if (large.has(token)) shared++;
      if (shared / small.size >= CONTAINMENT) parent[find(a)] = find(b);
    }
  }
  const groups = new Map<number, number[]>();
  parent.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()];
}
