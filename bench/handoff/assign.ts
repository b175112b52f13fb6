/**
 * Gets conversations in front of agents: each customer sends a first message asking for a
 * human, then we poll until the number of customers whose conversation is `assigned` stops
 * growing (or all are), at most `waitMs`.
 */
import type { LoadGenerator } from '../lib/loadgen/driver.ts';

/** Sends the first messages and waits for assignment; returns how many got assigned. */
export async function waitForAssignment(
  lg: LoadGenerator,
  customers: number,
  waitMs: number,
): Promise<{ assigned: number; notes: string[] }> {
  const sent = await lg.sendOne('customers', 'I want to talk to a human agent please', 1000);
  const deadline = performance.now() + waitMs;
  let assigned = 0;
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    await Bun.sleep(500);
    const count = await lg.count('customers');
    if (count.assigned !== assigned) stableSince = performance.now();
    assigned = count.assigned;
    if (assigned >= customers || (assigned > 0 && performance.now() - stableSince > 3000)) break;
  }
  return {
    assigned,
    notes: [
      `${sent} first messages; ${assigned} of ${customers} conversations assigned to an agent`,
    ],
  };
}
