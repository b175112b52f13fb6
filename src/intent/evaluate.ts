/**
 * `evaluate`: scores a runtime on labelled data where the label `oos` marks out-of-scope
 * lines. A declined prediction counts as "oos": right for oos lines, wrong otherwise.
 */
import { classificationReport, type LabelStats } from './metrics.ts';
import type { IntentRuntime } from './runtime.ts';
import { type LabelledUtterance, OOS_LABEL } from './types.ts';

export interface EvaluationReport {
  n: number;
  /** All lines; in-scope right only when not declined, oos right only when declined. */
  accuracy: number;
  macroF1: number;
  /** Lines whose label is not `oos`. */
  inScopeAccuracy: number;
  /** Share of `oos` lines the model declines (null without oos lines). */
  oosRecall: number | null;
  /** Share of in-scope lines answered (not declined), and the precision of those answers. */
  coverage: number;
  answeredPrecision: number;
  threshold: number;
  perIntent: Record<string, LabelStats>;
}

/** Runs every line through `runtime` (micro-batched) and reports the metrics. */
export async function evaluate(
  runtime: IntentRuntime,
  data: readonly LabelledUtterance[],
): Promise<EvaluationReport> {
  const predictions = await runtime.predictBatch(data.map((d) => d.text));
  const gold = data.map((d) => d.label);
  const guessed = predictions.map((p) => (p.declined || p.label === null ? OOS_LABEL : p.label));
  const report = classificationReport(gold, guessed);
  const inScope = gold.flatMap((label, i) => (label === OOS_LABEL ? [] : [i]));
  const oos = gold.flatMap((label, i) => (label === OOS_LABEL ? [i] : []));
  const answered = inScope.filter((i) => guessed[i] !== OOS_LABEL);
  const rightAnswers = answered.filter((i) => guessed[i] === gold[i]).length;
  const share = (part: number, whole: number) => (whole ? part / whole : 0);
  return {
    n: data.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    inScopeAccuracy: share(rightAnswers, inScope.length),
    oosRecall: oos.length
      ? share(oos.filter((i) => guessed[i] === OOS_LABEL).length, oos.length)
      : null,
    coverage: share(answered.length, inScope.length),
    answeredPrecision: share(rightAnswers, answered.length),
    threshold: runtime.meta.threshold,
    perIntent: report.perLabel,
  };
}
