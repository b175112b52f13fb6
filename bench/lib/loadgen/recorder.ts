/**
 * Worker-side recording of one measurement window: latency histograms per kind (from the
 * intended send time, so a stalled sender or server is charged in full: coordinated-omission
 * correction), per-second counts, the largest gap between replies (pause detection), the
 * worker's own event-loop stalls and error frames by code.
 */
import { encodeHistogram, type Histogram, newHistogram, nowMicros } from '../histogram.ts';
import type { CollectResult, Kind, KindRecord, WindowCommand } from './protocol.ts';

interface KindState {
  histogram: Histogram;
  count: number;
  lastAt: number;
  maxGap: number;
  perSecond: number[];
}

/** Longest per-second series kept (one hour); later seconds are not charted. */
const MAX_SECONDS = 3600;

function bump(series: number[], index: number): void {
  if (index < 0 || index >= MAX_SECONDS) return;
  while (series.length <= index) series.push(0);
  series[index] = (series[index] ?? 0) + 1;
}

/** Records samples for the current window; `setWindow` starts a new one. */
export class Recorder {
  private from = Number.POSITIVE_INFINITY;
  private until = Number.POSITIVE_INFINITY;
  private seriesStart = nowMicros();
  private kinds = new Map<Kind, KindState>();
  private sent = 0;
  private sentInWindow = 0;
  private sentPerSecond: number[] = [];
  private stall = 0;
  private errors: Record<string, number> = {};
  private lastTick = performance.now();
  private lastReply = 0;

  constructor() {
    // A 10 ms ticker: any lateness beyond that is time the worker itself was not running.
    setInterval(() => {
      const now = performance.now();
      const late = now - this.lastTick - 10;
      this.lastTick = now;
      const t = now + performance.timeOrigin;
      if (t >= this.from / 1000 && t < this.until / 1000 + 1000) {
        this.stall = Math.max(this.stall, late);
      }
    }, 10);
  }

  /** Starts a new window and forgets everything recorded before. */
  setWindow(window: WindowCommand): void {
    this.from = window.measureFrom * 1000;
    this.until = window.measureUntil * 1000;
    this.seriesStart = window.seriesStart * 1000;
    this.kinds.clear();
    this.sent = 0;
    this.sentInWindow = 0;
    this.sentPerSecond = [];
    this.stall = 0;
    this.errors = {};
  }

  /** Counts one message sent with the given intended time (epoch µs). */
  sentOne(intended: number): void {
    this.sent++;
    if (intended >= this.from && intended < this.until) this.sentInWindow++;
    bump(this.sentPerSecond, Math.floor((intended - this.seriesStart) / 1e6));
  }

  /** Records a reply of `kind` to a message whose intended send time was `intended` (µs). */
  record(kind: Kind, intended: number): void {
    const now = nowMicros();
    this.lastReply = performance.now();
    let state = this.kinds.get(kind);
    if (!state) {
      state = { histogram: newHistogram(), count: 0, lastAt: 0, maxGap: 0, perSecond: [] };
      this.kinds.set(kind, state);
    }
    bump(state.perSecond, Math.floor((now - this.seriesStart) / 1e6));
    if (intended < this.from || intended >= this.until) return;
    state.histogram.recordValue(Math.max(1, now - intended));
    state.count++;
    if (state.lastAt > 0) state.maxGap = Math.max(state.maxGap, now - state.lastAt);
    state.lastAt = now;
  }

  /** Milliseconds since the last reply of any kind (Infinity if none yet). */
  quietMs(): number {
    return this.lastReply ? performance.now() - this.lastReply : Number.POSITIVE_INFINITY;
  }

  /** Counts an error frame by its code. */
  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  /** Everything recorded in the current window, ready for IPC. */
  collect(): CollectResult {
    const kinds: Partial<Record<Kind, KindRecord>> = {};
    for (const [kind, state] of this.kinds) {
      kinds[kind] = {
        histogram: encodeHistogram(state.histogram),
        count: state.count,
        maxGapMs: state.maxGap / 1000,
        perSecond: state.perSecond,
      };
    }
    return {
      kinds,
      sent: this.sent,
      sentInWindow: this.sentInWindow,
      sentPerSecond: this.sentPerSecond,
      stallMs: this.stall,
      errors: this.errors,
    };
  }
}
