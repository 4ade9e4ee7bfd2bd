/**
 * What an idle connection costs: a look at its queue that backs off while there is
 * nothing to do, no routing query per connection, and still no wait once there is
 * work — a webhook stored on this relay, or a retry whose backoff ended, is looked at
 * at once. Real SQLite outbox files, the Salesforce API double, real relays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { startTestRelay, type TestRelay } from '../http/relay-fixture';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { connectionTo, storedExchange, waitFor } from './publish-fixtures';

/** The store with a count of every call, by method. */
function counted(store: OutboxStore): { store: OutboxStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    }
  });
  return { store: proxy, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an idle connection', () => {
  const double = new SalesforceApiDouble();
  let dir: string;
  let sqlite: SqliteOutboxStore;
  let publisher: Publisher | undefined;
  let relay: TestRelay | undefined;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-idle-'));
    sqlite = new SqliteOutboxStore({ filename: path.join(dir, 'outbox.sqlite') });
    double.resetFaults();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    await relay?.stop();
    relay = undefined;
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks at its queue less and less often while nothing is due, and never routes per connection', async () => {
    const { store, calls } = counted(sqlite);
    const connections = Array.from({ length: 50 }, (_, i) =>
      connectionTo(double, { id: `org-${i}`, name: `Org ${i}`, accountIds: [`acc_${i}`] })
    );
    publisher = createPublisher({ store, connections, pollIntervalMs: 20, idlePollMaxMs: 1_000, routeSweepMs: 100 });
    await publisher.start();
    await sleep(3_000);
    const leases = calls.get('lease') ?? 0;
    // 4 lanes polling every 20 ms would be 600 leases per connection in 3 s; backing off
    // from 20 ms to 1 s, one lane for all four, makes about a dozen.
    expect(leases / connections.length).toBeLessThanOrEqual(15);
    // 30 sweeps: one query each to learn that nothing waits, instead of one per connection.
    expect(calls.get('routeUnrouted') ?? 0).toBe(0);
    expect(calls.get('unroutedAccounts') ?? 0).toBeLessThanOrEqual(31);
  });

  it('stops at once even when its lanes were looking at the queue as it was told to stop', async () => {
    // Every lease takes 100 ms: stop() comes while all four lanes are in one, and they find nothing.
    const slow: OutboxStore = Object.create(sqlite);
    slow.lease = async (request) => {
      await sleep(100);
      return sqlite.lease(request);
    };
    const running = createPublisher({ store: slow, connections: [connectionTo(double)], pollIntervalMs: 20 });
    await running.start();
    await sleep(10);
    const stopped = running.stop().then(() => 'stopped');
    expect(await Promise.race([stopped, sleep(2_000).then(() => 'still running')])).toBe('stopped');
  });

  it('publishes a retried exchange when its backoff ends, not at the next idle look', async () => {
    const exchange = storedExchange({ connectionId: 'org_a' });
    double.failRecords([exchange.exchangeId], 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access', 1);
    await sqlite.insert(exchange);
    publisher = createPublisher({
      store: sqlite,
      connections: [connectionTo(double)],
      // Idle looks 10 s apart: only the retry's own due time can bring it back within a second.
      pollIntervalMs: 10_000,
      idlePollMaxMs: 10_000,
      retry: { baseMs: 300, capMs: 300 },
      random: () => 0.99,
      lingerMs: 0
    });
    await publisher.start();
    await waitFor(async () => (await sqlite.getByWebhookId(exchange.webhookId))?.attempts === 1, 5_000);
    const retriedAt = Date.now();
    await waitFor(async () => (await sqlite.getByWebhookId(exchange.webhookId))?.state === 'published', 3_000);
    expect(Date.now() - retriedAt).toBeLessThan(2_000);
  });

  it('publishes a retried exchange when its backoff ends even when the timer fires before the clock says so', async () => {
    // A clock at half speed: every timer fires "early", as one scheduled after synchronous
    // work does (Node counts timers from the loop's cached time).
    const origin = Date.now();
    const clock = { now: () => origin + Math.floor((Date.now() - origin) / 2) };
    const exchange = storedExchange({ connectionId: 'org_a', receivedAt: origin - 1_000 });
    double.failRecords([exchange.exchangeId], 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access', 1);
    await sqlite.insert(exchange);
    publisher = createPublisher({
      store: sqlite,
      connections: [connectionTo(double)],
      clock,
      pollIntervalMs: 10_000,
      idlePollMaxMs: 10_000,
      retry: { baseMs: 300, capMs: 300 },
      random: () => 0.99,
      lingerMs: 0,
      receipts: false
    });
    await publisher.start();
    await waitFor(async () => (await sqlite.getByWebhookId(exchange.webhookId))?.attempts === 1, 5_000);
    const retriedAt = Date.now();
    await waitFor(async () => (await sqlite.getByWebhookId(exchange.webhookId))?.state === 'published', 3_000);
    // Due 297 clock-ms later: about 600 real ms at half speed, far from the next idle look (10 s).
    expect(Date.now() - retriedAt).toBeLessThan(2_500);
  });

  it('publishes a webhook stored on this relay at once, however long its connection was idle', async () => {
    relay = await startTestRelay(
      {
        connections: [
          {
            id: 'acme',
            name: 'Acme',
            instanceUrl: double.url,
            auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret }
          }
        ]
      },
      // Idle looks a minute apart: only ingest telling the publisher brings the exchange out quickly.
      { publishing: { pollIntervalMs: 60_000, idlePollMaxMs: 60_000, lingerMs: 0 } }
    );
    await sleep(500);
    const posted = Date.now();
    const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_idle_1' }) }));
    expect(answer.status).toBe(202);
    await waitFor(() => double.eventsFor('exc_idle_1').length === 1, 5_000);
    expect(Date.now() - posted).toBeLessThan(3_000);
  });
});
