/**
 * The report lines of the timed loads: per measure its median (`p50_ms`) and worst
 * (`max_ms`) over the runs, for `/app` and the demo page, cold and warm.
 */
import type { Metric } from '../lib/types.ts';
import type { LoadTiming } from './page-load.ts';

/** One page opened in a fresh context (cold), then reloaded (warm). */
export interface ColdWarm {
  cold: LoadTiming;
  warm: LoadTiming;
  errors: string[];
}

type Pick = (t: LoadTiming) => number;

/** What the agent app's loads report: key, wording, value. */
const APP_TIMES: [string, string, Pick][] = [
  ['response_end', 'HTML responseEnd', (t) => t.responseEndMs],
  ['dcl', 'DOMContentLoaded', (t) => t.domContentLoadedMs],
  ['load', 'load event', (t) => t.loadMs],
  ['fcp', 'first contentful paint', (t) => t.firstContentfulPaintMs],
  ['login_visible', 'login form visible', (t) => t.readyMs],
];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `<key>.p50_ms` and `<key>.max_ms` over the runs. */
function times(metrics: Record<string, Metric>, key: string, label: string, values: number[]) {
  metrics[`${key}.p50_ms`] = { value: median(values), unit: 'ms', label: `${label} p50` };
  metrics[`${key}.max_ms`] = { value: Math.max(...values), unit: 'ms', label: `${label} max` };
}

/** `app.{cold,warm}.*` and `widget.{cold,warm}.*` from the runs of each page. */
export function loadMetrics(appRuns: ColdWarm[], widgetRuns: ColdWarm[]): Record<string, Metric> {
  const metrics: Record<string, Metric> = {};
  for (const phase of ['cold', 'warm'] as const) {
    const loads = appRuns.map((r) => r[phase]);
    for (const [key, label, pick] of APP_TIMES) {
      times(metrics, `app.${phase}.${key}`, `/app ${phase}: ${label}`, loads.map(pick));
    }
    metrics[`app.${phase}.requests`] = {
      value: median(loads.map((t) => t.requests)),
      unit: 'count',
      label: `/app ${phase}: requests (navigation + resources)`,
    };
    metrics[`app.${phase}.transfer_bytes`] = {
      value: median(loads.map((t) => t.transferBytes)),
      unit: 'B',
      label: `/app ${phase}: bytes transferred (Resource Timing, headers included)`,
    };
  }
  const scriptEnd = widgetRuns.map((r) => r.cold.resourceEndMs ?? Number.NaN);
  times(metrics, 'widget.cold.script_end', 'demo cold: /widget.js responseEnd', scriptEnd);
  for (const phase of ['cold', 'warm'] as const) {
    const ready = widgetRuns.map((r) => r[phase].readyMs);
    times(metrics, `widget.${phase}.launcher_visible`, `demo ${phase}: launcher visible`, ready);
  }
  return metrics;
}

/** The headline times of every load, in run order (a max alone cannot say how many were slow). */
export function perLoadNote(appRuns: ColdWarm[], widgetRuns: ColdWarm[]): string {
  const list = (runs: ColdWarm[], phase: 'cold' | 'warm') =>
    runs.map((r) => r[phase].readyMs.toFixed(0)).join(' ');
  return `per load (ms): /app login visible cold [${list(appRuns, 'cold')}] warm [${list(appRuns, 'warm')}]; widget launcher visible cold [${list(widgetRuns, 'cold')}] warm [${list(widgetRuns, 'warm')}]`;
}
