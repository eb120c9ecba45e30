/** How the queue retries: after a failed attempt n (1, 2, …) the next one waits 30 s × 2^(n−1), at most 6 hours. */
export const FIRST_RETRY_MS = 30_000;
export const LONGEST_RETRY_MS = 6 * 60 * 60 * 1000;
/** After this many failed attempts (about 1 day and 8 hours in all) a message is marked failed. */
export const MAX_ATTEMPTS = 12;
/** A claimed message is not claimed again for this long (a worker that died mid-send is retried after it). */
export const CLAIM_LEASE_MS = 5 * 60 * 1000;

export function retryDelayMs(failedAttempts: number): number {
  if (!Number.isSafeInteger(failedAttempts) || failedAttempts < 1) throw new RangeError(`failed attempts must be a whole number ≥ 1: ${failedAttempts}`);
  // 2^20 × 30 s is far past the cap: no need to compute larger powers.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(failedAttempts - 1, 20), LONGEST_RETRY_MS);
}

/** What happens to a message whose attempt number `attempts` just failed. */
export function afterFailure(attempts: number, now: Date): { status: "pending" | "failed"; nextAttemptAt: Date } {
  if (attempts >= MAX_ATTEMPTS) return { status: "failed", nextAttemptAt: now };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
