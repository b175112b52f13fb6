/**
 * The ramp-up phase: open connections at a rate and report how it went.
 */
import { latencyMetrics } from '../histogram.ts';
import type { LoadGenerator } from '../loadgen/driver.ts';
import type { Dialect } from '../loadgen/protocol.ts';
import type { Metric } from '../types.ts';
import { errorNotes, type PhaseOutput } from './output.ts';

/** Opens `count` connections at `ratePerSec`; metrics: opened, failed, ramp time, handshake. */
export async function connectPhase(
  lg: LoadGenerator,
  o: {
    prefix: string;
    group: string;
    dialect: Dialect;
    count: number;
    urls: string[];
    ratePerSec: number;
  },
): Promise<PhaseOutput> {
  const r = await lg.connect(o.group, o.dialect, o.count, {
    urls: o.urls,
    ratePerSec: o.ratePerSec,
  });
  const metrics: Record<string, Metric> = {
    [`${o.prefix}.opened`]: { value: r.opened, unit: 'count' },
    [`${o.prefix}.failed`]: { value: r.failed, unit: 'count' },
    [`${o.prefix}.ramp_s`]: { value: r.elapsedMs / 1000, unit: 's' },
    ...latencyMetrics(`${o.prefix}.handshake`, r.handshake),
  };
  return {
    metrics,
    charts: [],
    histograms: [],
    notes: errorNotes(`${o.prefix} failures`, r.errors),
  };
}
