/**
 * Hand-drawn inline SVG charts for the self-contained HTML report (no library, no CDN):
 * lines over time, and HdrHistogram-style latency-by-percentile plots (log latency axis, so
 * a 1 ms baseline and a 10 s overload stay readable in one chart).
 */
import { decodeHistogram } from '../histogram.ts';
import type { Chart, ChartLine, HistogramRecord } from '../types.ts';
import { formatNumber } from './table.ts';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const W = 640;
const H = 240;
const M = { left: 60, right: 36, top: 12, bottom: 36 };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An axis: where a value falls (0…1 along it) and its labelled ticks. */
interface Axis {
  pos: (v: number) => number;
  ticks: { at: number; label: string }[];
}

const label = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : formatNumber(v));

/** 0 … a round number ≥ max, in 1-2-5 steps. */
function linearAxis(max: number): Axis {
  const top = max > 0 ? max : 1;
  const step = 10 ** Math.floor(Math.log10(top / 4));
  const unit = [1, 2, 5, 10].map((f) => f * step).find((s) => top / s <= 5) ?? step * 10;
  const count = Math.ceil(top / unit - 1e-9);
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * unit).toPrecision(6)));
  const end = ticks.at(-1)!;
  return { pos: (v) => v / end, ticks: ticks.map((at) => ({ at, label: label(at) })) };
}

/** Decades from below min to above max (values ≤ 0 sit at the bottom). */
function logAxis(min: number, max: number): Axis {
  const lo = Math.floor(Math.log10(Math.max(min, 0.001)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(max, 0.001))));
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) =>
    Number((10 ** (lo + i)).toPrecision(3)),
  );
  const pos = (v: number) => (Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo);
  return { pos, ticks: ticks.map((at) => ({ at, label: label(at) })) };
}

function plot(
  title: string,
  x: Axis,
  y: Axis,
  xLabel: string,
  yLabel: string,
  lines: ChartLine[],
): string {
  const px = (v: number) => M.left + x.pos(v) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - y.pos(v) * (H - M.top - M.bottom);
  const grid = y.ticks
    .map(
      (t) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${py(t.at)}" y2="${py(t.at)}" stroke="#e5e7eb"/><text x="${M.left - 6}" y="${py(t.at) + 4}" text-anchor="end">${t.label}</text>`,
    )
    .join('');
  const xticks = x.ticks
    .map(
      (t) =>
        `<text x="${px(t.at)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`,
    )
    .join('');
  const body = lines
    .map(
      (l, i) =>
        `<polyline fill="none" stroke-width="1.6" stroke="${COLORS[i % COLORS.length]}" points="${l.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ')}"/>`,
    )
    .join('');
  const legend = lines
    .map((l, i) => `<span style="color:${COLORS[i % COLORS.length]}">■</span> ${esc(l.name)}`)
    .join('<br>');
  const axes = `<text x="${W / 2}" y="${H - 4}" text-anchor="middle">${esc(xLabel)}</text><text x="12" y="${H / 2}" transform="rotate(-90 12 ${H / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="11" font-family="sans-serif" role="img" aria-label="${esc(title)}">${grid}${xticks}${body}${axes}</svg><div class="legend">${legend}</div></figure>`;
}

/** A chart of values over time (seconds since the phase started). */
export function lineChart(chart: Chart): string {
  const all = chart.lines.flatMap((l) => l.points);
  if (all.length === 0) return '';
  const x = linearAxis(Math.max(...all.map((p) => p[0])));
  const y = linearAxis(Math.max(...all.map((p) => p[1])));
  return plot(chart.title, x, y, 'seconds', chart.unit, chart.lines);
}

const PERCENTILES = [0, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100];
const X_TICKS = ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%'];

/** Latency (ms, log scale) against percentile on the 1/(1−p) scale, one line per histogram. */
export function percentileChart(title: string, histograms: HistogramRecord[]): string {
  const decoded = histograms
    .map((record) => ({ record, h: decodeHistogram(record.base64) }))
    .filter(({ h }) => h.totalCount > 0);
  const lines: ChartLine[] = decoded.map(({ record, h }) => {
    const points = PERCENTILES.map((p) => {
      const x = p >= 100 ? 5 : Math.min(5, Math.log10(100 / (100 - p)));
      return [x, h.getValueAtPercentile(p) / 1000] as [number, number];
    });
    return { name: record.title, points };
  });
  if (lines.length === 0) return '';
  const x: Axis = { pos: (v) => v / 5, ticks: X_TICKS.map((l, at) => ({ at, label: l })) };
  const values = lines.flatMap((l) => l.points.map((p) => p[1])).filter((v) => v > 0);
  const y = logAxis(Math.min(...values), Math.max(...values));
  return plot(title, x, y, 'percentile', 'ms (log)', lines);
}
