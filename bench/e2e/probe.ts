/**
 * Does the bot answer yet? Every customer sends its first message (which also stores the
 * conversation); we wait a few seconds for `msg` frames with `author.kind = bot`.
 */
import type { LoadGenerator } from '../lib/loadgen/driver.ts';

const epochMs = () => performance.timeOrigin + performance.now();

/** Sends one message per customer (at most `rate`/s) and counts acks and bot replies. */
export async function probeBot(
  lg: LoadGenerator,
  customers: number,
  rate: number,
  waitMs = 3000,
): Promise<{ botReplies: number; acks: number; note: string }> {
  const now = epochMs();
  await lg.window(now, now + 3_600_000, now);
  const sent = await lg.sendOne(
    'customers',
    'hello, where is my order?',
    (customers / rate) * 1000,
  );
  await Bun.sleep(waitMs);
  await lg.drain(1000, 30_000);
  const seen = await lg.collect();
  const acks = seen.kinds.ack?.count ?? 0;
  const botReplies = seen.kinds.bot?.count ?? 0;
  const errors = Object.entries(seen.errors)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ');
  const note =
    botReplies > 0
      ? `probe: ${sent} first messages → ${acks} acks, ${botReplies} bot replies`
      : `skipped: no msg with author.kind=bot within ${waitMs / 1000} s of ${sent} first messages (${acks} acked${errors ? `; errors ${errors}` : ''}): bot not on this branch yet`;
  return { botReplies, acks, note };
}
