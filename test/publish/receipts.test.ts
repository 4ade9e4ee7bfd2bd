/**
 * Receipts through the publisher: each published exchange is confirmed with the package's
 * outcome, an exchange the org never recorded is published again after its window and
 * confirmed once the subscriber takes it, or ends `unconfirmed` after the re-sends; an org
 * whose receipts cannot be read gets nothing re-sent; and nothing looks while nothing waits.
 * Real SQLite, the Salesforce API double over HTTP, short configured windows.
 */
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { connectionTo, insertMany, memoryStore, storedExchange, waitFor } from './publish-fixtures';

const receipts = { checkDelayMs: 50, confirmAfterMs: 300, resendLimit: 2 };

describe('receipts', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let publisher: Publisher | undefined;
  const start = async (options: Partial<Parameters<typeof createPublisher>[0]> = {}) => {
    publisher = createPublisher({
      store,
      connections: [connectionTo(double)],
      pollIntervalMs: 20,
      lingerMs: 0,
      receipts,
      ...options
    });
    await publisher.start();
  };
  const stateOf = async (webhookId: string) => (await store.getByWebhookId(webhookId))?.state;
  const allIn = (ids: string[], state: string) => async () =>
    (await Promise.all(ids.map(stateOf))).every((s) => s === state);

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    store = memoryStore();
    double.resetFaults();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    expect(double.refusedQueries).toEqual([]);
    await store.close();
  });

  it('confirms published exchanges with the Lead the package created, in one receipt call for the batch', async () => {
    const rows = Array.from({ length: 30 }, () => storedExchange());
    await insertMany(store, rows);
    const before = double.calls.length;
    await start();
    await waitFor(
      allIn(
        rows.map((r) => r.webhookId),
        'confirmed'
      )
    );
    const confirmed = await store.getByWebhookId(rows[0]!.webhookId);
    expect(confirmed?.receipt).toMatchObject({
      status: 'Processed',
      logs: [{ status: 'Created', targetObject: 'Lead' }]
    });
    expect(confirmed?.receipt?.logs[0]?.recordId).toBe(
      double.subscriber.rows.get(rows[0]!.exchangeId)?.logs[0]?.recordId
    );
    const receiptCalls = double.calls.slice(before).filter((c) => c.path.endsWith('/composite'));
    expect(receiptCalls).toHaveLength(1);
  });

  it('publishes again what the org has no record of, and confirms it once the subscriber takes it', async () => {
    const rows = Array.from({ length: 5 }, () => storedExchange());
    double.subscriber.dropNext(3);
    await insertMany(store, rows);
    await start();
    await waitFor(
      allIn(
        rows.map((r) => r.webhookId),
        'confirmed'
      ),
      10_000
    );
    const records = await Promise.all(rows.map((r) => store.getByWebhookId(r.webhookId)));
    expect(records.map((r) => r?.resends).sort()).toEqual([0, 0, 1, 1, 1]);
    // Published twice, created once: the subscriber skipped nothing it had, and had nothing twice.
    expect(rows.map((r) => double.eventsFor(r.exchangeId).length).sort()).toEqual([1, 1, 2, 2, 2]);
    expect([...double.subscriber.rows.values()].every((row) => row.logs.length === 1)).toBe(true);
  });

  it('ends unconfirmed, with why, when the org never records it after every re-send', async () => {
    const [row] = [storedExchange()];
    double.subscriber.mode = 'dropping';
    await insertMany(store, [row!]);
    await start();
    await waitFor(async () => (await stateOf(row!.webhookId)) === 'unconfirmed', 10_000);
    const record = await store.getByWebhookId(row!.webhookId);
    expect(record).toMatchObject({ resends: 2, receipt: null });
    expect(record?.lastError).toMatch(/^NO_RECEIPT: the org had no record of it after 2 re-sends/);
    expect(double.eventsFor(row!.exchangeId)).toHaveLength(3);
    expect(await store.unconfirmedByConnection()).toEqual({ org_a: { count: 1, oldestReceivedAt: row!.receivedAt } });
  });

  it('confirms an exchange the integration failed, with the org error code', async () => {
    const row = storedExchange();
    double.subscriber.failExchanges([row.exchangeId], 'INSUFFICIENT_ACCESS_OR_READONLY', 'cannot create Lead');
    await insertMany(store, [row]);
    await start();
    await waitFor(allIn([row.webhookId], 'confirmed'));
    expect((await store.getByWebhookId(row.webhookId))?.receipt?.logs).toEqual([
      expect.objectContaining({ status: 'Failed', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', recordId: null })
    ]);
  });

  it('re-sends nothing while the org refuses to show its receipts: it cannot know what is missing', async () => {
    const row = storedExchange();
    double.faults.receiptsDenied = true;
    await insertMany(store, [row]);
    const before = double.calls.length;
    await start();
    // Ten looks 50 ms apart: well past the 300 ms window after which it would otherwise be re-sent.
    await waitFor(() => double.calls.slice(before).filter((c) => c.path.endsWith('/composite')).length >= 10, 10_000);
    expect(await stateOf(row.webhookId)).toBe('published');
    expect(double.eventsFor(row.exchangeId)).toHaveLength(1);
  });

  it('does not spin on due receipts another relay holds leased, and checks them once the lease ends', async () => {
    const row = storedExchange();
    await insertMany(store, [row]);
    await store.lease({ connectionId: 'org_a', limit: 1, now: Date.now(), leaseMs: 10_000, owner: 'w' });
    await store.markPublished([{ webhookId: row.webhookId, eventUuid: 'u', receiptCheckAt: Date.now() }]);
    // Another relay is checking it: its lease holds for 1.5 s.
    expect(
      await store.leaseReceiptChecks({ now: Date.now(), limit: 10, leaseMs: 1_500, owner: 'other-relay' })
    ).toHaveLength(1);
    let leases = 0;
    const counted = Object.create(store) as OutboxStore;
    counted.leaseReceiptChecks = (request) => {
      leases += 1;
      return store.leaseReceiptChecks(request);
    };
    await start({ store: counted, receipts: { ...receipts, checkDelayMs: 200, gatherMs: 0 } });
    await waitFor(async () => (await stateOf(row.webhookId)) !== 'published', 10_000);
    // The other relay never settled it: this one took over after the lease and (no record in
    // the org, the double never saw it) looked again, not in a loop meanwhile.
    expect(leases).toBeLessThan(20);
  });

  it('stops within the shutdown budget while a receipt read hangs, the exchange still published and awaited', async () => {
    const row = storedExchange();
    await insertMany(store, [row]);
    await store.lease({ connectionId: 'org_a', limit: 1, now: Date.now(), leaseMs: 10_000, owner: 'w' });
    await store.markPublished([{ webhookId: row.webhookId, eventUuid: 'u', receiptCheckAt: Date.now() }]);
    let leased = false;
    const counted = Object.create(store) as OutboxStore;
    counted.leaseReceiptChecks = async (request) => {
      const rows = await store.leaseReceiptChecks(request);
      if (rows.length > 0) leased = true;
      return rows;
    };
    // The org takes the receipt read and never answers (each call's own timeout is 20 s).
    double.faults.hang = true;
    await start({
      store: counted,
      connections: [connectionTo(double, { timeoutMs: 20_000 })],
      receipts: { ...receipts, gatherMs: 0 }
    });
    await waitFor(() => leased);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = Date.now();
    await publisher?.stop(Date.now() + 300);
    publisher = undefined;
    expect(Date.now() - stopping).toBeLessThan(3_000);
    // Given up, not settled: it is checked again once its lease runs out.
    expect(await stateOf(row.webhookId)).toBe('published');
  });

  it('does not look for receipts while none is awaited', async () => {
    const calls = new Map<string, number>();
    const counted = new Proxy(store as OutboxStore, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
    });
    const before = double.calls.length;
    await start({ store: counted });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // One look at start; no timer, no receipt lease, no API call.
    expect(calls.get('nextReceiptCheckAt')).toBe(1);
    expect(calls.get('leaseReceiptChecks') ?? 0).toBe(0);
    expect(double.calls.length).toBe(before);
  });
});
