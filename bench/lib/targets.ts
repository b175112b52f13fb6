/**
 * Targets (bench/targets.json) checked against the medians of a run. A target counts only if
 * its suite ran; `at` conditions say under which load it holds (e.g. offered rate ≥ 9,900
 * msg/s with ≥ 19,000 customers): a run that did not reach them has not shown the target.
 */
import type { Report, TargetOutcome } from './report/model.ts';

interface Condition {
  metric: string;
  op: '>=' | '<=';
  value: number;
}

/** A target from targets.json. */
export interface Target extends Condition {
  id: string;
  description: string;
  at?: Condition[];
}

function lookup(report: Report, metric: string): number | undefined {
  const [suite, ...rest] = metric.split('.');
  return report.suites.find((s) => s.name === suite)?.metrics[rest.join('.')]?.median;
}

const holds = (actual: number, c: Condition) =>
  c.op === '>=' ? actual >= c.value : actual <= c.value;

/** Checks every target whose suite is in the report. */
export function checkTargets(targets: Target[], report: Report): TargetOutcome[] {
  const ran = new Set(report.suites.map((s) => s.name));
  return targets
    .filter((t) => ran.has(t.metric.split('.')[0]!))
    .map((t) => {
      const base = {
        id: t.id,
        description: t.description,
        metric: t.metric,
        op: t.op,
        value: t.value,
      };
      const suite = report.suites.find((s) => s.name === t.metric.split('.')[0]);
      const actual = lookup(report, t.metric);
      if (actual === undefined) {
        const parts = suite?.skippedParts.length ? ` (${suite.skippedParts.join('; ')})` : '';
        const why =
          suite?.status === 'ok'
            ? `metric not produced${parts}`
            : `${suite?.status}: ${suite?.reason}`;
        return { ...base, status: 'unmeasured', detail: why } satisfies TargetOutcome;
      }
      for (const c of t.at ?? []) {
        const got = lookup(report, c.metric);
        if (got === undefined || !holds(got, c)) {
          const detail = `not at target load: ${c.metric} = ${got?.toFixed(0) ?? 'n/a'}, needs ${c.op} ${c.value}`;
          return { ...base, actual, status: 'unmeasured', detail } satisfies TargetOutcome;
        }
      }
      const met = holds(actual, t);
      const detail = `${actual.toPrecision(4)} ${met ? 'meets' : 'misses'} ${t.op} ${t.value}`;
      return { ...base, actual, status: met ? 'met' : 'missed', detail } satisfies TargetOutcome;
    });
}
