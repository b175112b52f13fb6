/**
 * The report: what `--json` prints and report.json holds, and what the table and the HTML
 * are drawn from. Metrics are medians over the repeated runs, with their range.
 */
import type { GitInfo, MachineInfo } from '../machine.ts';
import type { Chart, HistogramRecord, SuiteResult } from '../types.ts';

/** A metric over the repeated runs: median, range, every value. */
export interface AggregatedMetric {
  unit: string;
  label?: string;
  median: number;
  min: number;
  max: number;
  /** One value per run, in run order. */
  values: number[];
}

/** One suite in the report. */
export interface SuiteReport {
  name: string;
  describe: string;
  status: SuiteResult['status'];
  reason?: string;
  runs: number;
  durationS: number;
  metrics: Record<string, AggregatedMetric>;
  /** Charts and histograms of the last run. */
  charts: Chart[];
  histograms: HistogramRecord[];
  notes: string[];
  skippedParts: string[];
  settings: Record<string, unknown>;
}

/** One target checked against a run. */
export interface TargetOutcome {
  id: string;
  description: string;
  metric: string;
  op: '>=' | '<=';
  value: number;
  actual?: number;
  status: 'met' | 'missed' | 'unmeasured';
  detail: string;
}

/** The whole report (report.json). */
export interface Report {
  tool: 'kefu bun bench';
  startedAt: string;
  durationS: number;
  command: string;
  options: {
    quick: boolean;
    repeat: number;
    mysql: boolean;
    overrides: Record<string, number>;
    waitQuiet: number;
  };
  machine: MachineInfo;
  git: GitInfo;
  suites: SuiteReport[];
  /** Whether targets decide the exit code (full runs only). */
  enforced: boolean;
  targets: TargetOutcome[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Folds the runs of one suite into medians and ranges (charts from the last ok run). */
export function aggregateRuns(
  name: string,
  describe: string,
  runs: SuiteResult[],
  durationS: number,
): SuiteReport {
  const ok = runs.filter((r) => r.status === 'ok');
  const last = ok.at(-1) ?? runs.at(-1)!;
  const metrics: Record<string, AggregatedMetric> = {};
  for (const key of new Set(ok.flatMap((r) => Object.keys(r.metrics)))) {
    const present = ok.map((r) => r.metrics[key]).filter((m) => m !== undefined);
    const values = present.map((m) => m.value);
    metrics[key] = {
      unit: present[0]!.unit,
      label: present[0]!.label,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      values,
    };
  }
  const failedRuns = runs.filter((r) => r.status === 'failed');
  return {
    name,
    describe,
    status: ok.length > 0 ? 'ok' : last.status,
    reason: ok.length > 0 ? undefined : last.reason,
    runs: runs.length,
    durationS,
    metrics,
    charts: last.charts ?? [],
    histograms: last.histograms ?? [],
    notes: [
      ...new Set([
        ...runs.flatMap((r) => r.notes),
        ...failedRuns.map((r) => `a run failed: ${r.reason}`),
      ]),
    ],
    skippedParts: [...new Set(runs.flatMap((r) => r.skippedParts ?? []))],
    settings: last.settings ?? {},
  };
}
