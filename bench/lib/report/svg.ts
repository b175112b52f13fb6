/**
 * Hand-drawn inline SVG charts for the self-contained HTML report (no library, no CDN):
 * lines over time, and HdrHistogram-style latency-by-percentile plots.
 */
import { decodeHistogram } from '../histogram.ts';
import type { Chart, ChartLine, HistogramRecord } from '../types.ts';
import { formatNumber } from './table.ts';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const W = 640;
const H = 240;
const M = { left: 60, right: 36, top: 12, bottom: 36 };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface Axis {
  min: number;
  max: number;
  ticks: { at: number; label: string }[];
}

function niceAxis(max: number): Axis {
  const top = max > 0 ? max * 1.05 : 1;
  const step = 10 ** Math.floor(Math.log10(top / 4));
  const unit = [1, 2, 5, 10].map((f) => f * step).find((s) => top / s <= 5) ?? step * 10;
  const ticks = [];
  for (let i = 0; i * unit <= top + 1e-9; i++) {
    const v = Number((i * unit).toPrecision(6));
    ticks.push({ at: v, label: Number.isInteger(v) ? v.toLocaleString('en-US') : formatNumber(v) });
  }
  return { min: 0, max: ticks.at(-1)!.at || 1, ticks };
}

function frame(
  title: string,
  x: Axis,
  y: Axis,
  xLabel: string,
  yLabel: string,
  body: string,
  lines: { name: string }[],
): string {
  const px = (v: number) => M.left + ((v - x.min) / (x.max - x.min || 1)) * (W - M.left - M.right);
  const py = (v: number) =>
    H - M.bottom - ((v - y.min) / (y.max - y.min || 1)) * (H - M.top - M.bottom);
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
  const legend = lines
    .map((l, i) => `<span style="color:${COLORS[i % COLORS.length]}">■</span> ${esc(l.name)}`)
    .join('<br>');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="11" font-family="sans-serif" role="img" aria-label="${esc(title)}">${grid}${xticks}${body}<text x="${W / 2}" y="${H - 4}" text-anchor="middle">${esc(xLabel)}</text><text x="12" y="${H / 2}" transform="rotate(-90 12 ${H / 2})" text-anchor="middle">${esc(yLabel)}</text></svg><div class="legend">${legend}</div></figure>`;
}

function polylines(lines: ChartLine[], x: Axis, y: Axis): string {
  const px = (v: number) => M.left + ((v - x.min) / (x.max - x.min || 1)) * (W - M.left - M.right);
  const py = (v: number) =>
    H - M.bottom - ((v - y.min) / (y.max - y.min || 1)) * (H - M.top - M.bottom);
  return lines
    .map(
      (l, i) =>
        `<polyline fill="none" stroke-width="1.6" stroke="${COLORS[i % COLORS.length]}" points="${l.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ')}"/>`,
    )
    .join('');
}

/** A chart of values over time (seconds since the phase started). */
export function lineChart(chart: Chart): string {
  const all = chart.lines.flatMap((l) => l.points);
  if (all.length === 0) return '';
  const x = niceAxis(Math.max(...all.map((p) => p[0])));
  const y = niceAxis(Math.max(...all.map((p) => p[1])));
  return frame(chart.title, x, y, 'seconds', chart.unit, polylines(chart.lines, x, y), chart.lines);
}

const PERCENTILES = [0, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100];
const X_TICKS: [number, string][] = [
  [0, '0%'],
  [1, '90%'],
  [2, '99%'],
  [3, '99.9%'],
  [4, '99.99%'],
  [5, '99.999%'],
];

/** Latency (ms) against percentile on the 1/(1−p) scale, one line per histogram. */
export function percentileChart(title: string, histograms: HistogramRecord[]): string {
  const lines: ChartLine[] = histograms.map((record) => {
    const h = decodeHistogram(record.base64);
    const points = PERCENTILES.map((p) => {
      const x = p >= 100 ? 5 : Math.min(5, Math.log10(100 / (100 - p)));
      return [x, h.getValueAtPercentile(p) / 1000] as [number, number];
    });
    return { name: record.title, points };
  });
  if (lines.length === 0) return '';
  const x: Axis = { min: 0, max: 5, ticks: X_TICKS.map(([at, label]) => ({ at, label })) };
  const y = niceAxis(Math.max(...lines.flatMap((l) => l.points.map((p) => p[1]))));
  return frame(title, x, y, 'percentile', 'ms', polylines(lines, x, y), lines);
}
