/**
 * Runs the engine on a message at most once however often WeChat retries it, and within
 * the passive-reply window. WeChat retries a callback it got no answer to (3 tries, about
 * 5 s apart); the first request claims the message's key, later ones reuse its result.
 */
import type { ReplayCache } from './replay-cache.ts';
import type { ReplyDecision } from './reply.ts';

const PROCESSING = 'processing';
const LATE = 'late';
const POLL_MS = 50;
// A claim outlives the budget only by this much: if its owner dies, a retry takes over.
const CLAIM_GRACE_MS = 2_000;

export type ReplyOutcome =
  /** The engine decided in time (now, or for an earlier copy of this message). */
  | { kind: 'decided'; decision: ReplyDecision }
  /** The engine missed the window; `decision` is set only for the copy that ran it. */
  | { kind: 'late'; decision?: Promise<ReplyDecision> }
  /** Another copy is still being processed (on this node or another). */
  | { kind: 'busy' }
  /** The engine failed; the claim is released so WeChat's retry runs it again. */
  | { kind: 'failed'; error: unknown };

export interface ReplyOnceOptions {
  cache: ReplayCache;
  /** Scoped by account, e.g. `wechat:<appId>:msg:<dedupeKey>`. */
  key: string;
  /** Time allowed from now until an answer must be given. */
  budgetMs: number;
  /** How long a decision is remembered for retries and replays. */
  rememberMs: number;
  run: () => Promise<ReplyDecision>;
}

/** Claims `key` and runs, or waits (within the budget) for the copy that did. */
export async function replyOnce(options: ReplyOnceOptions): Promise<ReplyOutcome> {
  const { cache, key, budgetMs } = options;
  const deadline = performance.now() + budgetMs;
  // Bounded even if a cache broke its contract (refusing a claim, then holding nothing).
  for (let round = 0; round < budgetMs / POLL_MS + 10; round++) {
    const remaining = deadline - performance.now();
    if (await cache.addIfAbsent(key, PROCESSING, Math.max(0, remaining) + CLAIM_GRACE_MS)) {
      // Claimed even when the budget is spent: the engine then answers late, not never.
      return runClaimed(options, Math.max(0, remaining));
    }
    const value = await cache.get(key);
    if (value === LATE) return { kind: 'late' };
    if (value === undefined) continue; // released after a failure, or expired: claim it
    if (value !== PROCESSING) {
      return { kind: 'decided', decision: JSON.parse(value) as ReplyDecision };
    }
    if (performance.now() + POLL_MS >= deadline) break;
    await Bun.sleep(POLL_MS);
  }
  return { kind: 'busy' };
}

async function runClaimed(options: ReplyOnceOptions, budgetMs: number): Promise<ReplyOutcome> {
  const { cache, key, rememberMs } = options;
  let decision: Promise<ReplyDecision>;
  try {
    decision = options.run();
  } catch (error) {
    decision = Promise.reject(error);
  }
  decision.catch(() => {}); // a late rejection is the caller's to log, never unhandled
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(resolve, budgetMs, 'timeout');
  });
  let settled: ReplyDecision | 'timeout';
  try {
    settled = await Promise.race([decision, timeout]);
  } catch (error) {
    await cache.delete(key);
    return { kind: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
  // The engine has acted: a cache hiccup now must not turn its answer into an error (the
  // claim then expires early, the one case where a late retry could run it twice).
  const remember = (value: string) => cache.set(key, value, rememberMs).catch(() => {});
  if (settled === 'timeout') {
    await remember(LATE);
    return { kind: 'late', decision };
  }
  await remember(JSON.stringify(settled));
  return { kind: 'decided', decision: settled };
}
