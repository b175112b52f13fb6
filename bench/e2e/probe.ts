/**
 * Does the bot answer yet? Every customer sends its first message (which also stores the
 * conversation); once they are acked we wait a few seconds more for `msg` frames with
 * `author.kind = bot`.
 */
import type { LoadGenerator } from '../lib/loadgen/driver.ts';
import { type PhaseOutput, primePhase } from '../lib/phases/index.ts';

/**
 * Questions the shipped model answers confidently (order status, zh + en): gibberish would
 * get a fallback, then a handoff to a human, and no more bot replies.
 */
export const BOT_QUESTIONS = [
  'where is my order?',
  '我的快递到哪了',
  'my package has not arrived yet, where is it',
  '我的订单到哪里了',
];

/** Primes every customer (at most `rate`/s) and counts the bot replies. */
export async function probeBot(
  lg: LoadGenerator,
  customers: number,
  rate: number,
  waitMs = 3000,
): Promise<PhaseOutput & { botReplies: number; note: string }> {
  const prime = await primePhase(lg, {
    prefix: 'first',
    group: 'customers',
    text: 'hello, where is my order?',
    spreadMs: (customers / rate) * 1000,
    maxWaitMs: 60_000,
  });
  await Bun.sleep(waitMs);
  const seen = await lg.collect();
  const acks = seen.kinds.ack?.count ?? 0;
  const botReplies = seen.kinds.bot?.count ?? 0;
  const note =
    botReplies > 0
      ? `probe: ${prime.sent} first messages → ${acks} acks, ${botReplies} bot replies`
      : `skipped: no msg with author.kind=bot within ${waitMs / 1000} s after ${acks} of ${prime.sent} first messages were acked: bot not on this branch yet`;
  return { ...prime, botReplies, note };
}
