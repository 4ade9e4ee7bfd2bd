/**
 * The outbox pruner: deletes published exchanges past retention in batches until a
 * batch comes back short, yielding to the event loop between batches; logs and
 * counts what it deleted; survives a failing store and tries again; stops cleanly.
 */
import { createRelayMetrics } from '../../webhook-relay/src/metrics/relay-metrics';
import { createOutboxPruner, type OutboxPruner } from '../../webhook-relay/src/store/outbox-pruner';
import type { NewExchange, OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { newExchange } from './outbox-store-contract';

const DAY = 86_400_000;
const T0 = 1_764_000_000_000;

interface LogLine {
  level: 'info' | 'error';
  details: Record<string, unknown>;
  message: string;
}

/** A logger that keeps its lines and lets a test wait for the next one. */
function recordingLogger() {
  const lines: LogLine[] = [];
  let waiters: (() => void)[] = [];
  const write = (level: LogLine['level']) => (details: object, message: string) => {
    lines.push({ level, details: details as Record<string, unknown>, message });
    for (const wake of waiters) wake();
    waiters = [];
  };
  return {
    lines,
    info: write('info'),
    error: write('error'),
    /** Resolves once `count` lines have been written. */
    async linesWritten(count: number): Promise<void> {
      while (lines.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
}

/** A store answering prunePublished from a script: a count, or an error to throw; 0 once the script is done. */
function scriptedStore(script: (number | Error)[]) {
  const calls: { olderThan: number; limit: number }[] = [];
  const store: Pick<OutboxStore, 'prunePublished'> = {
    async prunePublished(olderThan, limit) {
      calls.push({ olderThan, limit });
      const next = script.shift() ?? 0;
      if (next instanceof Error) throw next;
      return next;
    }
  };
  return { store, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const exchange = (overrides: Partial<NewExchange> = {}): NewExchange =>
  newExchange({ receivedAt: T0, payload: '{}', ...overrides });

describe('outbox pruner', () => {
  let pruner: OutboxPruner | undefined;
  afterEach(async () => {
    await pruner?.stop();
    pruner = undefined;
  });

  it('deletes old published exchanges in batches of 1,000 until one comes back short, yielding between batches', async () => {
    let clock = T0;
    const store = new SqliteOutboxStore({ filename: ':memory:', now: () => clock });
    try {
      const old = Array.from({ length: 2_500 }, () => exchange());
      const recent = exchange();
      const others = [exchange(), exchange({ connectionId: null }), exchange()];
      await Promise.all([...old, recent, ...others].map((e) => store.insert(e)));
      await store.markPublished(old.map((e) => ({ webhookId: e.webhookId, eventUuid: null })));
      await store.markDead([{ webhookId: others[2]!.webhookId, error: 'STRING_TOO_LONG: Company' }]);
      clock = T0 + 11 * DAY;
      await store.markPublished([{ webhookId: recent.webhookId, eventUuid: null }]);

      // What happened, in order: each batch, and other work queued on the event loop meanwhile.
      const events: string[] = [];
      const calls: { olderThan: number; limit: number }[] = [];
      const spy: Pick<OutboxStore, 'prunePublished'> = {
        async prunePublished(olderThan, limit) {
          calls.push({ olderThan, limit });
          const deleted = await store.prunePublished(olderThan, limit);
          events.push(`batch ${deleted}`);
          if (calls.length === 1) setImmediate(() => events.push('other work'));
          return deleted;
        }
      };
      const logger = recordingLogger();
      const metrics = createRelayMetrics();
      pruner = createOutboxPruner({
        store: spy,
        retentionDays: 30,
        logger,
        onPruned: (count) => metrics.pruned.inc(count),
        intervalMs: 5,
        now: () => T0 + 40 * DAY
      });
      pruner.start();
      await logger.linesWritten(1);

      expect(events.slice(0, 4)).toEqual(['batch 1000', 'other work', 'batch 1000', 'batch 500']);
      expect(calls.slice(0, 3)).toEqual(Array(3).fill({ olderThan: T0 + 10 * DAY, limit: 1_000 }));
      expect(logger.lines).toEqual([
        {
          level: 'info',
          details: { pruned: 2_500, retentionDays: 30 },
          message: 'outbox: pruned 2500 published exchanges older than 30 days'
        }
      ]);
      expect(await metrics.registry.metrics()).toContain('cardbridge_relay_pruned_total 2500');
      expect((await store.counts()).byState).toEqual({
        queued: 1,
        published: 1,
        confirmed: 0,
        unconfirmed: 0,
        dead: 1,
        unrouted: 1
      });
      expect(await store.getByWebhookId(recent.webhookId)).toMatchObject({ state: 'published' });

      // Later passes find nothing to delete and log nothing.
      const callsSoFar = calls.length;
      while (calls.length < callsSoFar + 3) await sleep(5);
      await pruner.stop();
      expect(logger.lines).toHaveLength(1);
    } finally {
      await pruner?.stop();
      await store.close();
    }
  });

  it('logs a failing pass, counts what it deleted before failing, and tries again at the next pass', async () => {
    const { store, calls } = scriptedStore([
      new Error('SQLITE_BUSY: database is locked'),
      1_000,
      new Error('connection terminated unexpectedly'),
      3
    ]);
    const logger = recordingLogger();
    let counted = 0;
    pruner = createOutboxPruner({
      store,
      retentionDays: 7,
      logger,
      onPruned: (count) => (counted += count),
      intervalMs: 5,
      now: () => T0
    });
    pruner.start();
    await logger.linesWritten(4);
    await pruner.stop();

    expect(logger.lines.map((l) => [l.level, l.message, l.details.err, l.details.pruned])).toEqual([
      [
        'error',
        'outbox: pruning published exchanges failed; trying again next pass',
        'SQLITE_BUSY: database is locked',
        0
      ],
      [
        'error',
        'outbox: pruning published exchanges failed; trying again next pass',
        'connection terminated unexpectedly',
        1_000
      ],
      ['info', 'outbox: pruned 1000 published exchanges older than 7 days', undefined, 1_000],
      ['info', 'outbox: pruned 3 published exchanges older than 7 days', undefined, 3]
    ]);
    expect(counted).toBe(1_003);
    expect(calls.slice(0, 4).every((c) => c.olderThan === T0 - 7 * DAY)).toBe(true);
  });

  it('runs no pass once stopped, and runs its first pass one interval after start', async () => {
    const { store, calls } = scriptedStore([]);
    pruner = createOutboxPruner({ store, retentionDays: 30, logger: recordingLogger(), intervalMs: 40 });
    pruner.start();
    await sleep(10);
    expect(calls).toHaveLength(0);
    await pruner.stop();
    await sleep(80);
    expect(calls).toHaveLength(0);
  });

  it('lets a pass in flight finish its batch, then abandons the rest: stop resolves only after that batch', async () => {
    let finishBatch: (deleted: number) => void = () => undefined;
    const calls: number[] = [];
    const store: Pick<OutboxStore, 'prunePublished'> = {
      prunePublished: () => {
        calls.push(Date.now());
        return new Promise<number>((resolve) => (finishBatch = resolve));
      }
    };
    const logger = recordingLogger();
    pruner = createOutboxPruner({ store, retentionDays: 30, logger, intervalMs: 5 });
    pruner.start();
    while (calls.length === 0) await sleep(2);

    let stopped = false;
    const stopping = pruner.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);

    // A full batch would normally be followed by another one; stopping ends the pass here.
    finishBatch(1_000);
    await stopping;
    await sleep(30);
    expect(calls).toHaveLength(1);
    expect(logger.lines.map((l) => l.message)).toEqual(['outbox: pruned 1000 published exchanges older than 30 days']);
  });
});
