/**
 * Queue counts for scrapes and status pages, read from the store at most once per
 * `ttlMs` however often they are asked for: counting is a walk over the outbox (24 ms
 * of blocked event loop at 500,000 rows on SQLite; a 30-day outbox holds millions), and
 * a monitoring system scrapes every few seconds, often from several places. One refresh
 * runs at a time; every caller during it shares its answer. A failed refresh is not
 * kept: the next caller tries again.
 */
import type { QueueCounts } from './outbox-store';

export const DEFAULT_COUNTS_TTL_MS = 5_000;

export interface CachedQueueCountsOptions {
  /** How long one count is served (default 5 s). */
  ttlMs?: number;
  now?: () => number;
}

export function cachedQueueCounts(
  count: () => Promise<QueueCounts>,
  options: CachedQueueCountsOptions = {}
): () => Promise<QueueCounts> {
  const ttlMs = options.ttlMs ?? DEFAULT_COUNTS_TTL_MS;
  const now = options.now ?? Date.now;
  let last: { counts: QueueCounts; at: number } | undefined;
  let refreshing: Promise<QueueCounts> | undefined;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.counts);
    refreshing ??= count()
      .then((counts) => {
        last = { counts, at: now() };
        return counts;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };
}
