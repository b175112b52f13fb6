/**
 * Priming: every connection of a group sends its first message (for kefu this stores the
 * conversation, a heavier path than later messages) and we wait until all are acked, at most
 * `maxWaitMs`. Steady-state phases then do not measure this transient; its own cost is
 * reported as `<prefix>.acked` and `<prefix>.seconds`.
 */
import type { LoadGenerator } from '../loadgen/driver.ts';
import type { Merged } from '../loadgen/merge.ts';
import type { Metric } from '../types.ts';
import { errorNotes, type PhaseOutput } from './output.ts';

const epochMs = () => performance.timeOrigin + performance.now();

/** Sends one message per connection (spread over `spreadMs`) and waits for the acks. */
export async function primePhase(
  lg: LoadGenerator,
  o: { prefix: string; group: string; text: string; spreadMs: number; maxWaitMs: number },
): Promise<PhaseOutput & { sent: number; seen: Merged }> {
  const t0 = epochMs();
  await lg.window(t0, t0 + 3_600_000, t0);
  const sent = await lg.sendOne(o.group, o.text, o.spreadMs);
  let seen = await lg.collect();
  while ((seen.kinds.ack?.count ?? 0) < sent && epochMs() - t0 < o.maxWaitMs) {
    await Bun.sleep(500);
    seen = await lg.collect();
  }
  const acked = seen.kinds.ack?.count ?? 0;
  const seconds = (epochMs() - t0) / 1000;
  const metrics: Record<string, Metric> = {
    [`${o.prefix}.sent`]: { value: sent, unit: 'count', label: `${o.prefix}: first messages sent` },
    [`${o.prefix}.acked`]: {
      value: acked,
      unit: 'count',
      label: `${o.prefix}: first messages acked`,
    },
    [`${o.prefix}.seconds`]: {
      value: seconds,
      unit: 's',
      label: `${o.prefix}: time until all first messages were acked (or gave up)`,
    },
  };
  const notes = errorNotes(`${o.prefix} error frames`, seen.errors);
  if (acked < sent)
    notes.push(
      `${o.prefix}: only ${acked} of ${sent} first messages acked within ${o.maxWaitMs / 1000} s`,
    );
  return { metrics, charts: [], histograms: [], notes, sent, seen };
}
