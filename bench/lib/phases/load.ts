/**
 * The two load phases: open loop at a fixed offered rate (latency from intended send time)
 * and closed loop (the most the server sustains).
 */
import type { LoadGenerator } from '../loadgen/driver.ts';
import type { Kind, ReplyKind } from '../loadgen/protocol.ts';
import { type LoadOptions, measured } from './measured.ts';
import type { PhaseOutput } from './output.ts';

/**
 * Open loop at `ratePerSec` for `durationMs` (the first `warmupMs` not recorded); latency of
 * the `kind` replies from each message's intended send time. Metrics include offered and
 * achieved rate and `unanswered` (sent in the window, no reply within `drainMs`).
 */
export async function openLoopPhase(
  lg: LoadGenerator,
  o: LoadOptions & { kind: Kind; ratePerSec: number; senders: 'all' | 'assigned' },
): Promise<PhaseOutput> {
  let unsent = 0;
  const r = await measured(lg, o, o.kind, 'open', async (startAt) => {
    const result = await lg.openLoop(o.group, {
      ratePerSec: o.ratePerSec,
      startAt,
      durationMs: o.durationMs,
      payloadBytes: o.payloadBytes,
      texts: o.texts,
      senders: o.senders,
    });
    unsent = result.unsent;
  });
  r.metrics[`${o.prefix}.offered_rate`] = { value: r.sentInWindow / r.windowS, unit: 'msg/s' };
  r.metrics[`${o.prefix}.achieved_rate`] = { value: r.count / r.windowS, unit: 'msg/s' };
  r.metrics[`${o.prefix}.unanswered`] = {
    value: Math.max(0, r.sentInWindow - r.count),
    unit: 'count',
  };
  if (unsent > 0) r.notes.push(`${o.prefix}: ${unsent} messages not sent (socket closed)`);
  return r;
}

/** Closed loop: `senders` connections keep `depth` messages in flight; metric: throughput. */
export async function closedLoopPhase(
  lg: LoadGenerator,
  o: LoadOptions & { reply: ReplyKind; senders: number; depth: number },
): Promise<PhaseOutput> {
  const r = await measured(lg, o, o.reply, 'closed', (startAt) =>
    lg.closedLoop(o.group, {
      senders: o.senders,
      depth: o.depth,
      startAt,
      durationMs: o.durationMs,
      payloadBytes: o.payloadBytes,
      texts: o.texts,
      reply: o.reply,
    }),
  );
  r.metrics[`${o.prefix}.throughput`] = {
    value: r.count / r.windowS,
    unit: 'msg/s',
    label: `${o.prefix} sustained ${o.reply}s per second`,
  };
  return r;
}
