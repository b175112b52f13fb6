/** Classification metrics over label strings (fractions, not percentages). */

export interface LabelStats {
  support: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  /** Wrong predictions for this gold label, by predicted label. */
  confusedWith: Record<string, number>;
}

/** Per-label precision/recall/F1 and the macro-F1 over the gold labels present. */
export function classificationReport(
  gold: readonly string[],
  predicted: readonly string[],
): { accuracy: number; macroF1: number; perLabel: Record<string, LabelStats> } {
  const perLabel: Record<string, LabelStats> = {};
  const stats = (label: string): LabelStats => {
    perLabel[label] ??= {
      support: 0,
      predicted: 0,
      correct: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      confusedWith: {},
    };
    return perLabel[label];
  };
  let correct = 0;
  gold.forEach((label, i) => {
    const guess = predicted[i]!;
    stats(label).support++;
    stats(guess).predicted++;
    if (guess === label) {
      correct++;
      stats(label).correct++;
    } else {
      const confused = stats(label).confusedWith;
      confused[guess] = (confused[guess] ?? 0) + 1;
    }
  });
  let f1Sum = 0;
  let f1Count = 0;
  for (const s of Object.values(perLabel)) {
    s.precision = s.predicted ? s.correct / s.predicted : 0;
    s.recall = s.support ? s.correct / s.support : 0;
    s.f1 = s.precision + s.recall ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0;
    if (s.support > 0) {
      f1Sum += s.f1;
      f1Count++;
    }
  }
  return {
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: f1Count ? f1Sum / f1Count : 0,
    perLabel,
  };
}
