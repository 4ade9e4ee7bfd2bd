/**
 * Throttles guessing of the admin token: per client address, after `maxFailures`
 * wrong tokens within `windowMs` (counted from the first of them) the client
 * waits until the window ends, right token or not. A success clears the client's
 * count. The admin API and the console sign-in share one instance, so switching
 * between them buys no extra guesses. Memory is bounded: past `maxClients`
 * addresses, the one tracked longest is forgotten first.
 */

export interface FailedAttemptsOptions {
  maxFailures?: number;
  windowMs?: number;
  maxClients?: number;
  now?: () => number;
}

interface Tally {
  failures: number;
  since: number;
}

export const DEFAULT_MAX_FAILURES = 10;
export const DEFAULT_FAILURE_WINDOW_MS = 15 * 60_000;

export class FailedAttempts {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;
  private readonly tallies = new Map<string, Tally>();

  constructor(options: FailedAttemptsOptions = {}) {
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
    this.windowMs = options.windowMs ?? DEFAULT_FAILURE_WINDOW_MS;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whole seconds the client must wait before its next try; 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const tally = this.current(client);
    if (!tally || tally.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((tally.since + this.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const tally = this.current(client);
    if (tally) {
      tally.failures += 1;
      return;
    }
    if (this.tallies.size >= this.maxClients) {
      const oldest = this.tallies.keys().next().value;
      if (oldest !== undefined) this.tallies.delete(oldest);
    }
    this.tallies.set(client, { failures: 1, since: this.now() });
  }

  recordSuccess(client: string): void {
    this.tallies.delete(client);
  }

  /** The client's tally while its window is open; an expired one is dropped. */
  private current(client: string): Tally | undefined {
    const tally = this.tallies.get(client);
    if (tally && this.now() - tally.since >= this.windowMs) {
      this.tallies.delete(client);
      return undefined;
    }
    return tally;
  }
}
