import {
  createPublisher,
  type Publisher,
  type PublisherOptions
} from '../../webhook-relay/src/publish/create-publisher';
import type { PublishMetrics } from '../../webhook-relay/src/publish/publish-metrics';
import type { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { loadEventFields } from '../../webhook-relay/src/salesforce/event-metadata';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { FAST, connectionTo, insertMany, memoryStore, storedExchange, waitFor } from './publish-fixtures';

describe('publisher', () => {
  const double = new SalesforceApiDouble();
  let store: SqliteOutboxStore;
  let publisher: Publisher | null = null;

  const start = async (options: Partial<PublisherOptions> = {}) => {
    publisher = createPublisher({ store, connections: [connectionTo(double)], ...FAST, ...options });
    await publisher.start();
    return publisher;
  };
  const stateOf = (id = 'org_a') => publisher?.states().find((s) => s.id === id)?.state;
  const counts = async () => (await store.counts()).byState;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    store = memoryStore();
    double.resetFaults();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = null;
    await store.close();
  });

  it('publishes 450 queued exchanges in three calls of at most 200', async () => {
    await insertMany(
      store,
      Array.from({ length: 450 }, () => storedExchange())
    );
    const callsBefore = double.calls.length;
    await start();
    await waitFor(async () => (await counts()).published === 450);
    const publishCalls = double.calls.slice(callsBefore).filter((c) => c.path.endsWith('/composite/sobjects'));
    expect(publishCalls).toHaveLength(3);
    expect(publishCalls.map((c) => c.records).sort((a, b) => a - b)).toEqual([50, 200, 200]);
  });

  it('sends exactly the fields force-app declares on CardExchange__e', async () => {
    const exchange = storedExchange();
    await store.insert(exchange);
    await start();
    await waitFor(() => double.eventsFor(exchange.exchangeId).length === 1);
    const sent = Object.keys(double.eventsFor(exchange.exchangeId)[0]?.fields ?? {}).sort();
    expect(sent).toEqual(
      loadEventFields()
        .map((field) => field.name)
        .sort()
    );
  });

  it('keeps the Salesforce event UUID on each published exchange', async () => {
    const exchange = storedExchange();
    await store.insert(exchange);
    await start();
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'published');
    const record = await store.getByWebhookId(exchange.webhookId);
    expect(record?.eventUuid).toBe(double.eventsFor(exchange.exchangeId)[0]?.uuid);
    expect(double.eventsFor(exchange.exchangeId)[0]?.fields).toMatchObject({
      LastName__c: 'Doe',
      DeliveryId__c: exchange.webhookId
    });
  });

  it('dead-letters an exchange the org refuses for a field error, with the reason, and publishes the rest', async () => {
    const bad = storedExchange();
    const good = storedExchange();
    double.failRecords([bad.exchangeId], 'STRING_TOO_LONG', 'Company: data value too large (max length=80)');
    await insertMany(store, [bad, good]);
    await start();
    await waitFor(async () => (await store.getByWebhookId(bad.webhookId))?.state === 'dead');
    expect((await store.getByWebhookId(bad.webhookId))?.lastError).toBe(
      'STRING_TOO_LONG: Company: data value too large (max length=80)'
    );
    await waitFor(async () => (await store.getByWebhookId(good.webhookId))?.state === 'published');
    expect(stateOf()).toBe('ok');
  });

  it('retries an exchange after a transient lock error and then publishes it', async () => {
    const exchange = storedExchange();
    double.failRecords(
      [exchange.exchangeId],
      'UNABLE_TO_LOCK_ROW',
      'unable to obtain exclusive access to this record',
      2
    );
    await store.insert(exchange);
    await start();
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'published');
    expect(double.eventsFor(exchange.exchangeId)).toHaveLength(1);
    expect((await store.getByWebhookId(exchange.webhookId))?.attempts).toBe(3);
    expect(stateOf()).toBe('ok');
  });

  const faultCases: { name: string; inject: (d: SalesforceApiDouble) => void; state: string; timeoutMs?: number }[] = [
    { name: 'a 503 outage', inject: (d) => (d.faults.unavailable = Infinity), state: 'unreachable' },
    { name: 'a hung org', inject: (d) => (d.faults.hang = true), state: 'unreachable', timeoutMs: 150 },
    {
      name: 'spent API requests (REQUEST_LIMIT_EXCEEDED)',
      inject: (d) => (d.faults.requestLimitExceeded = true),
      state: 'throttled'
    },
    {
      name: 'a spent hourly event allocation (LIMIT_EXCEEDED)',
      inject: (d) => (d.faults.publishLimitExceeded = true),
      state: 'throttled'
    },
    { name: 'a missing package', inject: (d) => (d.faults.packageMissing = true), state: 'package_missing' },
    { name: 'a user without the permission set', inject: (d) => (d.faults.createDenied = true), state: 'auth_failed' }
  ];

  it.each(faultCases)(
    'pauses the connection on $name, keeps every exchange, and resumes when it clears',
    async ({ inject, state, timeoutMs }) => {
      const exchanges = Array.from({ length: 5 }, () => storedExchange());
      await insertMany(store, exchanges);
      inject(double);
      publisher = createPublisher({ store, connections: [connectionTo(double, { timeoutMs })], ...FAST });
      await publisher.start();
      await waitFor(() => stateOf() === state);
      const during = await counts();
      expect(during.dead).toBe(0);
      expect(during.queued).toBe(5);
      double.resetFaults();
      await waitFor(async () => (await counts()).published === 5);
      expect(stateOf()).toBe('ok');
      expect(exchanges.every((e) => double.eventsFor(e.exchangeId).length >= 1)).toBe(true);
    }
  );

  it('marks the connection auth_failed when the org refuses its credentials, and keeps the exchanges', async () => {
    await store.insert(storedExchange());
    const wrong = connectionTo(double);
    wrong.org = {
      ...wrong.org,
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: 'rotated-away' }
    };
    publisher = createPublisher({ store, connections: [wrong], ...FAST });
    await publisher.start();
    await waitFor(() => stateOf() === 'auth_failed');
    expect(publisher.states()[0]?.lastError).toContain('invalid_client');
    expect((await counts()).queued).toBe(1);
  });

  it('shows a paused connection as ok again once the org is fixed, even with nothing due to send', async () => {
    const exchange = storedExchange();
    await store.insert(exchange);
    double.faults.packageMissing = true;
    await start();
    await waitFor(() => stateOf() === 'package_missing');
    // Hold the only row ourselves so the worker has nothing to send and must ask the org directly.
    await waitFor(
      async () =>
        (await store.lease({ connectionId: 'org_a', limit: 1, now: Date.now(), leaseMs: 60_000, owner: 'test' }))
          .length === 1
    );
    double.resetFaults();
    await waitFor(() => stateOf() === 'ok');
    expect(double.eventsFor(exchange.exchangeId)).toHaveLength(0);
  });

  it('dead-letters expired exchanges of a paused connection in bulk and stays paused', async () => {
    const wrong = connectionTo(double);
    wrong.org = {
      ...wrong.org,
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: 'rotated-away' }
    };
    publisher = createPublisher({ store, connections: [wrong], ...FAST });
    const fresh = storedExchange();
    await store.insert(fresh);
    await publisher.start();
    await waitFor(() => stateOf() === 'auth_failed');
    await insertMany(
      store,
      Array.from({ length: 250 }, () => storedExchange({ receivedAt: Date.now() - 80 * 3_600_000 }))
    );
    await waitFor(async () => (await counts()).dead === 250);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stateOf()).toBe('auth_failed');
    expect((await store.getByWebhookId(fresh.webhookId))?.state).toBe('queued');
  });

  it('dead-letters an exchange older than the maximum age, saying why', async () => {
    const old = storedExchange({ receivedAt: Date.now() - 73 * 3_600_000 });
    await store.insert(old);
    await start();
    await waitFor(async () => (await store.getByWebhookId(old.webhookId))?.state === 'dead');
    expect((await store.getByWebhookId(old.webhookId))?.lastError).toMatch(/^EXPIRED: not published within 72 h/);
    expect(double.eventsFor(old.exchangeId)).toHaveLength(0);
  });

  it('publishes replayed dead letters once the cause is fixed', async () => {
    const exchange = storedExchange();
    double.failRecords([exchange.exchangeId], 'INVALID_FIELD', 'No such column');
    await store.insert(exchange);
    const running = await start();
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'dead');
    double.resetFaults();
    expect(await store.replayDead([exchange.webhookId])).toBe(1);
    running.wake();
    await waitFor(async () => (await store.getByWebhookId(exchange.webhookId))?.state === 'published');
    expect(double.eventsFor(exchange.exchangeId)).toHaveLength(1);
  });

  it('publishes each account to its own org', async () => {
    const other = new SalesforceApiDouble();
    await other.start();
    try {
      const forA = storedExchange({ accountId: 'acc_a', connectionId: 'org_a' });
      const forB = storedExchange({ accountId: 'acc_b', connectionId: 'org_b' });
      await insertMany(store, [forA, forB]);
      publisher = createPublisher({
        store,
        connections: [
          connectionTo(double, { id: 'org_a', accountIds: ['acc_a'] }),
          connectionTo(other, { id: 'org_b', name: 'Beta org', accountIds: ['acc_b'] })
        ],
        ...FAST
      });
      await publisher.start();
      await waitFor(async () => (await counts()).published === 2);
      expect([double.eventsFor(forA.exchangeId).length, double.eventsFor(forB.exchangeId).length]).toEqual([1, 0]);
      expect([other.eventsFor(forB.exchangeId).length, other.eventsFor(forA.exchangeId).length]).toEqual([1, 0]);
    } finally {
      await publisher?.stop();
      await other.stop();
    }
  });

  it('publishes an exchange that waited unrouted once a connection for its account is added', async () => {
    const waiting = storedExchange({ accountId: 'acc_new', connectionId: null });
    await store.insert(waiting);
    publisher = createPublisher({ store, connections: [], ...FAST });
    await publisher.start();
    expect((await store.getByWebhookId(waiting.webhookId))?.state).toBe('unrouted');
    await publisher.addConnection(connectionTo(double, { id: 'org_new', accountIds: ['acc_new'] }));
    expect(publisher.connections().map((c) => c.id)).toEqual(['org_new']);
    await waitFor(async () => (await store.getByWebhookId(waiting.webhookId))?.state === 'published');
    expect(double.eventsFor(waiting.exchangeId)).toHaveLength(1);
  });

  it('routes waiting exchanges to the connection that lists their account before a catch-all takes the rest', async () => {
    const other = new SalesforceApiDouble();
    await other.start();
    try {
      const listed = storedExchange({ accountId: 'acc_listed', connectionId: null });
      const anyOther = storedExchange({ accountId: 'acc_other', connectionId: null });
      await insertMany(store, [listed, anyOther]);
      publisher = createPublisher({
        store,
        // The catch-all comes first in the configuration on purpose.
        connections: [
          connectionTo(double, { id: 'org_all', accountIds: null }),
          connectionTo(other, { id: 'org_listed', name: 'Listed org', accountIds: ['acc_listed'] })
        ],
        ...FAST
      });
      await publisher.start();
      await waitFor(async () => (await counts()).published === 2);
      expect(other.eventsFor(listed.exchangeId)).toHaveLength(1);
      expect(double.eventsFor(anyOther.exchangeId)).toHaveLength(1);
      expect(double.eventsFor(listed.exchangeId)).toHaveLength(0);
    } finally {
      await publisher?.stop();
      await other.stop();
    }
  });

  it('publishes an exchange stored unrouted after its connection was added (a race with ingest)', async () => {
    await start({ routeSweepMs: 50 });
    const late = storedExchange({ connectionId: null });
    await store.insert(late);
    await waitFor(async () => (await store.getByWebhookId(late.webhookId))?.state === 'published');
    expect(double.eventsFor(late.exchangeId)).toHaveLength(1);
  });

  it('finishes the publish in flight when stopped and leaves nothing leased', async () => {
    double.faults.latencyMs = 300;
    const exchanges = Array.from({ length: 3 }, () => storedExchange());
    await insertMany(store, exchanges);
    const running = await start({ batchSize: 1, maxInFlight: 1 });
    // The first publish is now waiting on the org's 300 ms latency.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await running.stop();
    publisher = null;
    const after = await counts();
    expect([after.published, after.queued]).toEqual([1, 2]);
    const leasable = await store.lease({
      connectionId: 'org_a',
      limit: 10,
      now: Date.now(),
      leaseMs: 1_000,
      owner: 'check'
    });
    expect(leasable).toHaveLength(after.queued);
  });

  it('reports published, retried and dead-lettered counts and latency to the metric hooks', async () => {
    const seen = { published: 0, retried: 0, dead: 0, latencies: 0 };
    const metrics: PublishMetrics = {
      published: (_c, n) => (seen.published += n),
      retried: (_c, _code, n) => (seen.retried += n),
      deadLettered: (_c, _code, n) => (seen.dead += n),
      publishLatency: () => (seen.latencies += 1)
    };
    const retried = storedExchange();
    const dead = storedExchange();
    double.failRecords([retried.exchangeId], 'PLATFORM_EVENT_PUBLISHING_UNAVAILABLE', 'try later', 1);
    double.failRecords([dead.exchangeId], 'REQUIRED_FIELD_MISSING', 'Required fields are missing');
    await insertMany(store, [retried, dead, storedExchange()]);
    await start({ metrics });
    await waitFor(async () => (await counts()).published === 2 && (await counts()).dead === 1);
    expect(seen).toEqual({ published: 2, retried: 1, dead: 1, latencies: 2 });
  });
});
