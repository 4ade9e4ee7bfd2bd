/**
 * Replaying a dead letter and routing an exchange that waited unrouted give it a
 * fresh `maxAgeHours`: a relay on a real SQLite outbox, the Salesforce API double
 * and the admin API, with exchanges older than the age limit.
 */
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, storedExchange, waitFor } from '../publish/publish-fixtures';

const HOUR = 3_600_000;

describe('dead letters and unrouted exchanges past the age limit', () => {
  let double: SalesforceApiDouble;
  const relays: TestRelay[] = [];

  const connection = (accountIds?: string[]) => ({
    id: 'acme',
    name: 'Acme',
    instanceUrl: double.url,
    ...(accountIds ? { accountIds } : {}),
    auth: { flow: 'client_credentials' as const, clientId: double.clientId, clientSecret: double.clientSecret }
  });

  async function startRelay(config: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
    const relay = await startTestRelay({ connections: [connection()], ...config }, { publishing: FAST });
    relays.push(relay);
    return relay;
  }

  const replay = (relay: TestRelay, webhookId: string) =>
    fetch(`${relay.url}/admin/v1/dead-letters/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ webhookIds: [webhookId] })
    });

  const stateOf = async (relay: TestRelay, webhookId: string) => (await relay.store.getByWebhookId(webhookId))?.state;

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
  });
  afterEach(async () => {
    double.resetFaults();
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(() => double.stop());

  it('publishes a replayed dead letter older than the age limit instead of dead-lettering it again', async () => {
    const relay = await startRelay();
    const old = storedExchange({ connectionId: 'acme', receivedAt: Date.now() - 80 * HOUR });
    await relay.store.insert(old);
    await waitFor(async () => (await stateOf(relay, old.webhookId)) === 'dead');
    expect((await relay.store.getByWebhookId(old.webhookId))?.lastError).toMatch(/^EXPIRED: not published within 72 h/);

    expect(await (await replay(relay, old.webhookId)).json()).toEqual({ replayed: 1 });
    await waitFor(async () => (await stateOf(relay, old.webhookId)) === 'published');
    expect(double.eventsFor(old.exchangeId)).toHaveLength(1);
  });

  it('never nests the previous error in lastError when a replayed exchange expires again', async () => {
    // 2 s of age limit while the org answers 503: the exchange expires, is replayed, expires again.
    const relay = await startRelay({ maxAgeHours: 2 / 3600 });
    double.faults.unavailable = Infinity;
    const exchange = storedExchange({ connectionId: 'acme' });
    await relay.store.insert(exchange);
    const errors: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      await waitFor(async () => (await stateOf(relay, exchange.webhookId)) === 'dead', 15_000);
      errors.push((await relay.store.getByWebhookId(exchange.webhookId))?.lastError ?? '');
      if (round < 2) expect((await replay(relay, exchange.webhookId)).status).toBe(200);
    }
    for (const error of errors) {
      expect(error).toMatch(/^EXPIRED: not published within 2 s after \d+ attempts; last error \S/);
      expect(error.match(/EXPIRED/g)).toHaveLength(1);
    }
    expect(double.eventsFor(exchange.exchangeId)).toHaveLength(0);
  });

  it('publishes an exchange that waited unrouted longer than the age limit once a connection serves it', async () => {
    // Stored unrouted (its account had no connection then); the relay's routing sweep finds it a connection.
    const relay = await startTestRelay(
      { connections: [connection(['acc_late'])] },
      { publishing: { ...FAST, routeSweepMs: 50 } }
    );
    relays.push(relay);
    const waiting = storedExchange({ accountId: 'acc_late', connectionId: null, receivedAt: Date.now() - 80 * HOUR });
    await relay.store.insert(waiting);
    await waitFor(async () => (await stateOf(relay, waiting.webhookId)) === 'published');
    expect(double.eventsFor(waiting.exchangeId)).toHaveLength(1);
  });
});
