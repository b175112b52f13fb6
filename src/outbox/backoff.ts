/**
 * Retry delays: exponential, capped, with "equal jitter" (half fixed, half random), so
 * retries of many failed deliveries spread out but never come back sooner than half the
 * nominal delay.
 * @example retryDelay(3, { baseMs: 1000, maxMs: 60_000 }) // 2000–4000 ms
 */
export function retryDelay(
  attempt: number,
  policy: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
