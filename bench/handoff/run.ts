/**
 * handoff: customer message → agent socket delivery latency at a fixed offered rate, with
 * agents online and their conversations assigned. Skipped with a reason while no
 * conversation gets assigned. See README.md.
 */

import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator } from '../lib/loadgen/driver.ts';
import { combine, connectPhase, openLoopPhase } from '../lib/phases/index.ts';
import { knob, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import { waitForAssignment } from './assign.ts';

/** Runs the handoff suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const customers = knob(ctx, 'customers', 100, 1000);
  const agentCount = knob(ctx, 'agents', 4, 20);
  const rate = knob(ctx, 'rate', 200, 10_000);
  const durationMs = knob(ctx, 'duration_s', 5, 20) * 1000;
  const assignWaitMs = knob(ctx, 'assign_wait_s', 10, 20) * 1000;
  const settings = {
    customers,
    agents: agentCount,
    capacity: Math.ceil(customers / agentCount),
    rate,
    durationMs,
    payloadBytes: 100,
  };
  const capacity = Math.ceil(customers / agentCount);
  const kefu = await setupKefu(ctx, { agents: agentCount, capacity });
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers: 2, onProgress: ctx.progress });
  try {
    const agentUrls = kefu.agentUrls();
    const agents = await connectPhase(lg, {
      prefix: 'agents',
      group: 'agents',
      dialect: 'agent',
      count: agentCount,
      urls: agentUrls,
      ratePerSec: 100,
    });
    const connect = await connectPhase(lg, {
      prefix: 'connect',
      group: 'customers',
      dialect: 'web',
      count: customers,
      urls: kefu.customerUrls('web'),
      ratePerSec: 5000,
    });
    ctx.progress('first messages; waiting for assignment to agents');
    const assignment = await waitForAssignment(lg, customers, assignWaitMs);
    if (assignment.assigned === 0) {
      return skipped(
        `no conversation was assigned to any of ${agentCount} online agents within ${assignWaitMs / 1000} s of ${customers} first messages (assignment not on this branch yet?)`,
        assignment.notes,
      );
    }
    ctx.progress(`open loop ${rate} msg/s to agents`);
    const open = await openLoopPhase(lg, {
      prefix: 'delivery',
      title: `customer → agent at ${rate} msg/s`,
      group: 'customers',
      serverPid: kefu.server.pid,
      kind: 'delivery',
      ratePerSec: rate,
      durationMs,
      warmupMs: 2000,
      drainMs: 3000,
      payloadBytes: 100,
      senders: 'assigned',
    });
    const all = combine(agents, connect, open);
    all.metrics.assigned_customers = {
      value: assignment.assigned,
      unit: 'count',
      label: 'customers whose conversation is assigned (the senders)',
    };
    const echoP99 = ctx.earlier('baseline', 'echo.latency.p99_ms');
    const p99 = all.metrics['delivery.latency.p99_ms']?.value;
    if (echoP99 && p99 !== undefined)
      all.metrics['delivery.p99_vs_baseline'] = {
        value: p99 / echoP99,
        unit: 'ratio',
        label: 'delivery p99 ÷ bare echo p99',
      };
    all.notes.push(...assignment.notes);
    return { status: 'ok', settings, ...all };
  } finally {
    await lg.stop();
    await kefu.stop();
  }
}
