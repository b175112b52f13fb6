/**
 * The shapes every suite and the runner share: what a suite gets (`SuiteContext`) and what it
 * returns (`SuiteResult`). Latency histograms travel as compressed base64 HdrHistograms in µs.
 */

/** One measured number with its unit (`ms`, `msg/s`, `KB`, `%`, `count`, `ratio`, …). */
export interface Metric {
  value: number;
  unit: string;
  /** Human wording for the report table; defaults to the metric key. */
  label?: string;
}

/** One line of a time chart: `[seconds since phase start, value]` points. */
export interface ChartLine {
  name: string;
  points: [number, number][];
}

/** A throughput / resource chart drawn over time in the HTML report. */
export interface Chart {
  title: string;
  unit: string;
  lines: ChartLine[];
}

/** A latency histogram: HdrHistogram compressed base64, values recorded in microseconds. */
export interface HistogramRecord {
  name: string;
  title: string;
  base64: string;
  /** `open`: open-loop latency from intended send time (comparable across suites). */
  loop: 'open' | 'closed' | 'other';
}

/** What a suite returns for one run. */
export interface SuiteResult {
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed (shown as `skipped: <reason>`). */
  reason?: string;
  metrics: Record<string, Metric>;
  charts?: Chart[];
  histograms?: HistogramRecord[];
  notes: string[];
  /** Parts of the suite that could not be measured yet, each `what: why` (e.g. the bot). */
  skippedParts?: string[];
  /** The knobs this run used (customers, rates, durations) for the report. */
  settings?: Record<string, unknown>;
}

/** What the runner hands to a suite. */
export interface SuiteContext {
  quick: boolean;
  /** Repository root (the worktree), where `src/cli.ts` and `node_modules` live. */
  root: string;
  /** Absolute path of the bun binary used for every child process. */
  bun: string;
  /** `mysql://…` when the run should also (or only) use MySQL; undefined for SQLite only. */
  mysqlUrl: string | undefined;
  /** Free-form overrides from the command line (`--set customers=5000`). */
  overrides: Record<string, number>;
  /** Rewrites the live progress line. */
  progress: (text: string) => void;
  /** Median value of a metric of a suite already run in this invocation (for ratios). */
  earlier: (suite: string, metric: string) => number | undefined;
}

/** A registered suite. `needs` are suites that must run first in the same invocation. */
export interface Suite {
  name: string;
  describe: string;
  needs?: string[];
  /** Runs once whatever `--repeat` says (the suite repeats inside itself). */
  once?: boolean;
  run: (ctx: SuiteContext) => Promise<SuiteResult>;
}

/** Reads a numeric override or falls back to the quick / full default. */
export function knob(ctx: SuiteContext, name: string, quick: number, full: number): number {
  return ctx.overrides[name] ?? (ctx.quick ? quick : full);
}

/** A result that says why a suite could not produce honest numbers. */
export function skipped(reason: string, notes: string[] = []): SuiteResult {
  return { status: 'skipped', reason, metrics: {}, notes };
}
