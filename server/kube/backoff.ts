// Capped exponential backoff with jitter, and an abortable sleep. Shared by informers, the
// lease loop and write retries, so no loop in server/ ever spins without a pause.

export interface BackoffPolicy {
  /** First delay in ms. */
  baseMs: number;
  /** Upper bound in ms. */
  capMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): base * 2^attempt, capped, then "equal jitter"
 * (half fixed, half random) so many clients that failed together do not retry together.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const random = policy.random ?? Math.random;
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** Resolves after ms, or at once (false) when the signal aborts. True when the full time passed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
