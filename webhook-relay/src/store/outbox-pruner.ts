/**
 * Retention of the outbox: a background loop that deletes published exchanges once
 * they are older than the retention period, so storage stays bounded. Queued,
 * unrouted and dead exchanges are never touched (the store's `prunePublished`
 * guarantees it).
 *
 * One pass per interval (default every minute, the first one interval after start):
 * batches of 1,000 until a batch comes back short, yielding to the event loop
 * between batches so ingest is never stalled behind a long backlog. A failing pass
 * is logged and tried again at the next interval; it never throws. `stop()` cancels
 * the next pass and waits for one in flight to end after its current batch, so the
 * store can be closed right after.
 */
import type { OutboxStore } from './outbox-store';

const DAY_MS = 86_400_000;

export const DEFAULT_PRUNE_INTERVAL_MS = 60_000;
export const DEFAULT_PRUNE_BATCH_SIZE = 1_000;

export interface PrunerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OutboxPrunerOptions {
  store: Pick<OutboxStore, 'prunePublished'>;
  /** Published exchanges older than this many days are deleted. */
  retentionDays: number;
  logger: PrunerLogger;
  /** Told how many rows each batch deleted (the relay feeds `cardbridge_relay_pruned_total`). */
  onPruned?: (count: number) => void;
  /** Time between the end of one pass and the start of the next. */
  intervalMs?: number;
  batchSize?: number;
  now?: () => number;
}

export interface OutboxPruner {
  start(): void;
  /** Cancels the next pass and resolves once a pass in flight has ended. */
  stop(): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createOutboxPruner(options: OutboxPrunerOptions): OutboxPruner {
  const { store, retentionDays, logger } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  const batchSize = options.batchSize ?? DEFAULT_PRUNE_BATCH_SIZE;
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = true;

  async function pass(): Promise<void> {
    // Clamped at 0: a retention longer than the epoch deletes nothing rather than failing.
    const olderThan = Math.max(0, now() - retentionDays * DAY_MS);
    let total = 0;
    try {
      for (;;) {
        const deleted = await store.prunePublished(olderThan, batchSize);
        total += deleted;
        if (deleted > 0) options.onPruned?.(deleted);
        if (deleted < batchSize) break;
        await nextTurn();
        // Stopping: the batch just done was the last; the store is about to close.
        if (stopped) break;
      }
    } catch (error) {
      logger.error(
        { err: (error as Error).message, pruned: total },
        'outbox: pruning published exchanges failed; trying again next pass'
      );
    }
    if (total > 0) {
      logger.info(
        { pruned: total, retentionDays },
        `outbox: pruned ${total} published exchanges older than ${retentionDays} days`
      );
    }
  }

  function scheduleNext(): void {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = pass()
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined;
          scheduleNext();
        });
    }, intervalMs);
    // Never what keeps the process alive; stop() clears it anyway.
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      scheduleNext();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
    }
  };
}
