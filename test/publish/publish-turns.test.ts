/**
 * The publisher's SQLite work runs on the event loop that takes webhooks: between one
 * batch's write (its published marks) and the next batch's read (its lease) the loop
 * turns, so requests that arrived meanwhile are answered in between. The receipt checker
 * reads and settles a turn's rows 200 at a time, turning between its store calls.
 */
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { RECEIPT_STORE_CHUNK } from '../../webhook-relay/src/publish/receipt-checker';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { FAST, connectionTo, insertMany, memoryStore, storedExchange, waitFor } from './publish-fixtures';

describe('publisher and the event loop', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let publisher: Publisher | null = null;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = null;
    await store.close();
  });

  it('lets the event loop turn between marking one batch published and leasing the next', async () => {
    await insertMany(
      store,
      Array.from({ length: 600 }, () => storedExchange())
    );
    const events: string[] = [];
    // What a webhook arriving during the write would be: work queued for the loop's next turn.
    const observed: OutboxStore = Object.create(store, {
      lease: { value: (request: Parameters<OutboxStore['lease']>[0]) => (events.push('lease'), store.lease(request)) },
      markPublished: {
        value: async (...args: Parameters<OutboxStore['markPublished']>) => {
          const taken = await store.markPublished(...args);
          events.push('marked');
          setImmediate(() => events.push('other work'));
          return taken;
        }
      }
    }) as OutboxStore;
    publisher = createPublisher({
      store: observed,
      connections: [connectionTo(double)],
      ...FAST,
      maxInFlight: 1,
      lingerMs: 0
    });
    await publisher.start();
    await waitFor(async () => (await store.counts()).byState.published === 600);
    const afterMarks = events.flatMap((event, i) => (event === 'marked' ? [events.slice(i + 1, i + 3)] : []));
    expect(afterMarks.length).toBeGreaterThanOrEqual(3);
    // Each mark followed by the other work before the next lease (the last mark may end the run).
    for (const next of afterMarks.slice(0, -1)) expect(next).toEqual(['other work', 'lease']);
  });

  it('reads and settles due receipts 200 rows a store call, letting the loop turn between calls', async () => {
    await insertMany(
      store,
      Array.from({ length: 700 }, () => storedExchange())
    );
    const calls: { kind: string; size: number }[] = [];
    const events: string[] = [];
    const observe = (kind: string, size: number) => {
      calls.push({ kind, size });
      events.push(kind);
      setImmediate(() => events.push('other work'));
    };
    const observed: OutboxStore = Object.create(store, {
      leaseReceiptChecks: {
        value: async (...args: Parameters<OutboxStore['leaseReceiptChecks']>) => {
          const rows = await store.leaseReceiptChecks(...args);
          observe('lease receipts', rows.length);
          return rows;
        }
      },
      settleReceipts: {
        value: async (...args: Parameters<OutboxStore['settleReceipts']>) => {
          const late = await store.settleReceipts(...args);
          observe('settle', args[0].length);
          return late;
        }
      }
    }) as OutboxStore;
    publisher = createPublisher({
      store: observed,
      connections: [connectionTo(double)],
      ...FAST,
      lingerMs: 0,
      // Every row comes due in one turn: 700 rows, one composite call, several store calls.
      receipts: { checkDelayMs: 300, gatherMs: 300, confirmAfterMs: 60_000 }
    });
    await publisher.start();
    await waitFor(async () => (await store.counts()).byState.confirmed === 700, 10_000);
    expect(Math.max(...calls.map((c) => c.size))).toBeLessThanOrEqual(RECEIPT_STORE_CHUNK);
    expect(calls.filter((c) => c.kind === 'settle').reduce((n, c) => n + c.size, 0)).toBe(700);
    // Every receipt store call but the last is followed by other work before the next one.
    const storeCalls = events.flatMap((event, i) => (event === 'other work' ? [] : [i]));
    expect(storeCalls.length).toBeGreaterThanOrEqual(7);
    for (const [n, at] of storeCalls.slice(0, -1).entries()) {
      expect(events.slice(at + 1, storeCalls[n + 1])).toContain('other work');
    }
  });
});
