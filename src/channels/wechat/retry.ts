/**
 * Retries with exponential backoff and jitter, for calls to WeChat's API: only errors
 * marked retryable (network, HTTP 5xx, errcode -1 "system busy") are tried again.
 */

export interface RetryPolicy {
  /** Total tries, the first included (≥ 1). */
  maxAttempts: number;
  /** Delay before the second try; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); `Math.random` in production. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** An error that says whether trying again may help. */
export interface MaybeRetryable {
  retryable: boolean;
}

/**
 * Delay before try `attempt + 1`: "equal jitter", half of the exponential step fixed and
 * half random, so delays grow and retrying clients spread out.
 * @example backoffDelay(1, policy) // in [base/2, base); backoffDelay(2, …) in [base, 2·base)
 */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return step / 2 + (step / 2) * policy.random();
}

/**
 * Calls `tryOnce(attempt)` until it succeeds, throws something not retryable, or the
 * attempts run out; the last error is rethrown.
 */
export async function withRetries<T>(
  tryOnce: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryOnce(attempt);
    } catch (error) {
      const retryable = (error as Partial<MaybeRetryable> | null)?.retryable === true;
      if (!retryable || attempt >= policy.maxAttempts) throw error;
      await policy.sleep(backoffDelay(attempt, policy));
    }
  }
}
