/**
 * Retry delays. Rows use exponential backoff with full jitter (a delay drawn
 * uniformly from 0 to the exponential ceiling) so a crowd of failed events does
 * not come back in step; a paused connection probes with equal jitter so it
 * never probes in a tight loop.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** The ceiling for the nth attempt (1-based): base * 2^(n-1), at most cap. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** Full jitter: uniform in [0, ceiling]. */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/** Equal jitter: uniform in [ceiling/2, ceiling]. */
export function equalJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, policy);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
