/**
 * The self-contained HTML report: machine, commit, settings, targets, and per suite its
 * metrics (median and range), notes, latency percentile plots and charts over time.
 */
import type { Report, SuiteReport } from './model.ts';
import { lineChart, percentileChart } from './svg.ts';
import { formatNumber } from './table.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1340px;color:#111}
table{border-collapse:collapse;margin:8px 0}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.met{color:#15803d}.missed{color:#b91c1c}
.unmeasured{color:#a16207}.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}
figcaption{font-weight:600;font-size:12px}.legend{font-size:12px;max-width:640px}h2{border-top:2px solid #ddd;padding-top:12px}
.skipped,.failed{color:#a16207}code{background:#f3f4f6;padding:0 4px}`;

function keyValue(rows: [string, unknown][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`).join('')}</table>`;
}

function suiteSection(suite: SuiteReport): string {
  const head = `<h2 id="${suite.name}">${esc(suite.name)}</h2><p>${esc(suite.describe)}</p>`;
  if (suite.status !== 'ok')
    return `${head}<p class="${suite.status}">${suite.status}: ${esc(suite.reason ?? '')}</p>`;
  const rows = Object.entries(suite.metrics)
    .map(([key, m]) => {
      const range = m.values.length > 1 ? `${formatNumber(m.min)} … ${formatNumber(m.max)}` : '';
      return `<tr><td>${esc(m.label ?? key)}</td><td class="n">${formatNumber(m.median)}</td><td>${esc(m.unit)}</td><td class="n">${range}</td><td><code>${esc(key)}</code></td></tr>`;
    })
    .join('');
  const notes = [
    ...suite.skippedParts.map((p) => `<li class="skipped">skipped part — ${esc(p)}</li>`),
    ...suite.notes.map((n) => `<li>${esc(n)}</li>`),
  ].join('');
  const latency = suite.histograms.map((h) => percentileChart(h.title, [h])).join('');
  const charts = suite.charts.map(lineChart).join('');
  return `${head}<p>${suite.runs} run(s), ${suite.durationS.toFixed(0)} s. Settings: <code>${esc(JSON.stringify(suite.settings))}</code></p>
<table><tr><th>metric</th><th>median</th><th>unit</th><th>range</th><th>key</th></tr>${rows}</table>
<ul>${notes}</ul><div class="charts">${latency}${charts}</div>`;
}

/** Renders the whole report as one HTML document. */
export function renderHtml(report: Report): string {
  const { machine, git } = report;
  const targets = report.targets
    .map(
      (t) =>
        `<tr><td>${esc(t.id)}</td><td>${esc(t.description)}</td><td class="${t.status}">${t.status}</td><td>${esc(t.detail)}</td></tr>`,
    )
    .join('');
  const comparison = percentileChart(
    'open-loop latency, all suites (from intended send time)',
    report.suites.flatMap((s) =>
      s.histograms
        .filter((h) => h.loop === 'open')
        .map((h) => ({ ...h, title: `${s.name}: ${h.title}` })),
    ),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>kefu bench ${esc(report.startedAt)}</title><style>${STYLE}</style></head><body>
<h1>kefu bench</h1>
${keyValue([
  ['started', report.startedAt],
  ['duration', `${report.durationS.toFixed(0)} s`],
  ['command', report.command],
  ['commit', `${git.commit}${git.dirty ? ' (dirty)' : ''} on ${git.branch}`],
  [
    'machine',
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}`,
  ],
  ['bun', machine.bun],
  ['load average at start', machine.loadAverage.join(' ')],
  ['open files limit', machine.openFileLimit],
  ['options', JSON.stringify(report.options)],
])}
<h2>targets${report.enforced ? '' : ' (not enforced in this run)'}</h2>
<table><tr><th>target</th><th>what</th><th>status</th><th>detail</th></tr>${targets}</table>
<div class="charts">${comparison}</div>
${report.suites.map(suiteSection).join('\n')}
</body></html>`;
}
