/**
 * What a measurement phase adds to a suite result, and how phases are put together.
 */
import type { Chart, HistogramRecord, Metric } from '../types.ts';

/** What a phase adds to a suite result. */
export interface PhaseOutput {
  metrics: Record<string, Metric>;
  charts: Chart[];
  histograms: HistogramRecord[];
  notes: string[];
}

/** `prefix: 3× code, 1× other` for a non-empty count of errors. */
export function errorNotes(prefix: string, errors: Record<string, number>): string[] {
  const list = Object.entries(errors);
  return list.length ? [`${prefix}: ${list.map(([k, v]) => `${v}× ${k}`).join(', ')}`] : [];
}

/** Concatenates phase outputs into one. */
export function combine(...parts: PhaseOutput[]): PhaseOutput {
  return {
    metrics: Object.assign({}, ...parts.map((p) => p.metrics)),
    charts: parts.flatMap((p) => p.charts),
    histograms: parts.flatMap((p) => p.histograms),
    notes: parts.flatMap((p) => p.notes),
  };
}
