/**
 * `bun bench [suite…] [--quick] [--json] [--out DIR] [--repeat N] [--mysql [URL]]`
 * Runs the selected suites (each N times), prints a table (stderr with --json), writes
 * report.html and report.json to the out dir, and in a full run exits 1 naming every target
 * that was missed or not shown. Exit 2: a suite crashed; 64: bad command line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, USAGE } from './lib/args.ts';
import { gitInfo, machineInfo, waitForQuiet } from './lib/machine.ts';
import { installCleanup, killAllTracked } from './lib/procs.ts';
import { createProgress } from './lib/progress.ts';
import { SUITES, selectSuites } from './lib/registry.ts';
import { renderHtml } from './lib/report/html.ts';
import { aggregateRuns, type Report, type SuiteReport } from './lib/report/model.ts';
import { renderTable } from './lib/report/table.ts';
import { checkTargets, type Target } from './lib/targets.ts';
import type { SuiteContext, SuiteResult } from './lib/types.ts';
import targetsFile from './targets.json';

const root = resolve(import.meta.dir, '..');

function fail(message: string, code: number): never {
  process.stderr.write(`bun bench: ${message}\n`);
  process.exit(code);
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs(process.argv.slice(2), process.env);
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 64);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.list) {
  for (const s of SUITES) process.stdout.write(`${s.name.padEnd(12)} ${s.describe}\n`);
  process.exit(0);
}
installCleanup();
let suites: ReturnType<typeof selectSuites>;
try {
  suites = selectSuites(args.suites);
} catch (error) {
  fail((error as Error).message, 64);
}

const started = new Date();
// The commit is read before anything runs: the tree may move while a long run goes on.
const git = gitInfo(root);
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)}s`;
let label = '';
const progress = createProgress(() => `[${elapsed()}] ${label}`);
const done: SuiteReport[] = [];
const ctxBase = {
  quick: args.quick,
  root,
  bun: process.execPath,
  mysqlUrl: args.mysqlUrl,
  overrides: args.overrides,
};

for (const suite of suites) {
  const runs: SuiteResult[] = [];
  const s0 = performance.now();
  const repeat = suite.once ? 1 : args.repeat;
  for (let i = 1; i <= repeat; i++) {
    label = `${suite.name}${repeat > 1 ? ` ${i}/${repeat}` : ''}:`;
    const ctx: SuiteContext = {
      ...ctxBase,
      progress: progress.update,
      earlier: (name, metric) => done.find((s) => s.name === name)?.metrics[metric]?.median,
    };
    progress.update(
      args.waitQuiet ? `waiting up to ${args.waitQuiet} s for a quiet machine` : 'starting',
    );
    const before = await waitForQuiet(args.waitQuiet);
    const quietNote = `machine CPU in the second before this run: ${before.busyPct.toFixed(0)} % of one core${before.waitedS > 1.5 ? ` (after waiting ${before.waitedS.toFixed(0)} s)` : ''}`;
    try {
      runs.push(await suite.run(ctx));
      if (runs.at(-1)!.status === 'ok') runs.at(-1)!.notes.push(quietNote);
    } catch (error) {
      runs.push({
        status: 'failed',
        reason: String((error as Error)?.message ?? error),
        metrics: {},
        notes: [],
      });
      killAllTracked();
    }
    const last = runs.at(-1)!;
    progress.line(`${label} ${last.status}${last.reason ? `: ${last.reason}` : ''} (${elapsed()})`);
    if (last.status === 'skipped') break;
  }
  done.push(aggregateRuns(suite.name, suite.describe, runs, (performance.now() - s0) / 1000));
}
progress.done();

const report: Report = {
  tool: 'kefu bun bench',
  startedAt: started.toISOString(),
  durationS: (performance.now() - t0) / 1000,
  command: `bun bench ${process.argv.slice(2).join(' ')}`.trim(),
  options: {
    quick: args.quick,
    repeat: args.repeat,
    mysql: args.mysqlUrl !== undefined,
    overrides: args.overrides,
    waitQuiet: args.waitQuiet,
  },
  machine: machineInfo(),
  git,
  suites: done,
  enforced: !args.quick && Object.keys(args.overrides).length === 0,
  targets: [],
};
report.targets = checkTargets(targetsFile.targets as Target[], report);

const out = resolve(root, args.out);
mkdirSync(out, { recursive: true });
const stamp = started.toISOString().replace(/[:.]/g, '-');
for (const name of [`bench-${stamp}`, 'latest']) {
  writeFileSync(join(out, `${name}.json`), JSON.stringify(report, null, 2));
  writeFileSync(join(out, `${name}.html`), renderHtml(report));
}
const table = `${renderTable(report)}\n\nreport: ${join(out, `bench-${stamp}.html`)}\n`;
if (args.json) {
  process.stderr.write(table);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else process.stdout.write(table);

const crashed = done.filter((s) => s.status === 'failed');
const short = report.targets.filter((t) => t.status !== 'met');
if (crashed.length)
  fail(`suite(s) failed: ${crashed.map((s) => `${s.name} (${s.reason})`).join('; ')}`, 2);
if (report.enforced && short.length) {
  fail(
    `targets not met:\n${short.map((t) => `  ${t.id}: ${t.status} — ${t.detail}`).join('\n')}`,
    1,
  );
}
process.exit(0);
