/**
 * The terminal summary: per suite its status and metrics (median, and the range when the
 * suite ran more than once), then the targets.
 */
import type { Report } from './model.ts';

/** Formats a number for people: 3 significant digits, thousands separated. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
}

/** Metrics too detailed for the terminal (they are in the HTML and JSON). */
const hidden = (key: string) => key.endsWith('.samples') || key.includes('handshake.p');

/** Renders the summary table as text. */
export function renderTable(report: Report): string {
  const lines: string[] = [];
  const git = `${report.git.commit.slice(0, 10)}${report.git.dirty ? ' (dirty)' : ''}`;
  lines.push(
    `kefu bench — ${report.startedAt} — ${git} — ${report.machine.cpuModel}, ${report.machine.cores} cores`,
  );
  for (const suite of report.suites) {
    const head =
      suite.status === 'ok'
        ? `${suite.runs} run(s), ${suite.durationS.toFixed(0)} s`
        : `${suite.status}: ${suite.reason}`;
    lines.push('', `■ ${suite.name} — ${head}`);
    for (const [key, m] of Object.entries(suite.metrics)) {
      if (hidden(key)) continue;
      const range =
        m.values.length > 1 ? `  [${formatNumber(m.min)} … ${formatNumber(m.max)}]` : '';
      lines.push(
        `  ${key.padEnd(40)} ${formatNumber(m.median).padStart(10)} ${m.unit.padEnd(6)}${range}`,
      );
    }
    for (const part of suite.skippedParts) lines.push(`  skipped part — ${part}`);
    for (const note of suite.notes) lines.push(`  · ${note}`);
  }
  if (report.targets.length) {
    lines.push(
      '',
      `targets${report.enforced ? '' : ' (not enforced: --quick or partial settings)'}:`,
    );
    for (const t of report.targets) {
      const mark = t.status === 'met' ? '✓' : t.status === 'missed' ? '✗' : '?';
      lines.push(`  ${mark} ${t.id.padEnd(28)} ${t.status.padEnd(10)} ${t.detail}`);
    }
  }
  return lines.join('\n');
}
