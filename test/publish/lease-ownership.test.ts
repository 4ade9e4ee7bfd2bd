/**
 * Leases between relays sharing one PostgreSQL outbox: expiry on the database's
 * clock, results checked against the lease owner, and a lease renewed while a slow
 * org keeps a batch in flight. Two stores on one schema stand for two relays.
 */
import { Client } from 'pg';
import { createRelayMetrics } from '../../webhook-relay/src/metrics/relay-metrics';
import { createPublisher, type Publisher } from '../../webhook-relay/src/publish/create-publisher';
import { publishMetricsFrom } from '../../webhook-relay/src/publish/publish-metrics';
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { FAST, connectionTo, insertMany, storedExchange, waitFor } from './publish-fixtures';

describeWithPostgres('leases across relays on one PostgreSQL outbox', () => {
  const double = new SalesforceApiDouble();
  let schema: string;
  let drop: () => Promise<void>;
  let relayA: PostgresOutboxStore;
  let relayB: PostgresOutboxStore;
  let publisher: Publisher | undefined;
  const warnings: string[] = [];
  const logger = { info: () => undefined, error: () => undefined, warn: (_d: object, m: string) => warnings.push(m) };

  /** The double's URL is not a Salesforce host: allow it, as a connection from the relay's own file would be. */
  const org = (timeoutMs = 2_000) => {
    const connection = connectionTo(double, { timeoutMs });
    return { ...connection, org: { ...connection.org, allowedOrigins: [double.url] } };
  };
  const open = (now?: () => number) =>
    PostgresOutboxStore.open({ connectionString: testDatabaseUrl as string, pool: inSchema(schema), now });
  const sql = async (text: string) => {
    const client = new Client({ connectionString: testDatabaseUrl as string, ...inSchema(schema) });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };
  const leasedBy = async (owner: string) =>
    Number((await sql(`SELECT count(*) AS n FROM relay_exchanges WHERE lease_owner = '${owner}'`))[0].n);

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    ({ schema, drop } = await createTestSchema());
    relayA = await open();
    relayB = await open();
    warnings.length = 0;
    double.resetFaults();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    await Promise.all([relayA.close(), relayB.close()]);
    await drop();
  });

  it('keeps a lease from a relay whose clock runs ten minutes ahead', async () => {
    const row = storedExchange({ connectionId: 'org_a' });
    await relayA.insert(row);
    const now = Date.now();
    expect(
      await relayA.lease({ connectionId: 'org_a', limit: 10, now, leaseMs: 30_000, owner: 'relay-a' })
    ).toHaveLength(1);
    const ahead = now + 10 * 60_000;
    expect(
      await relayB.lease({ connectionId: 'org_a', limit: 10, now: ahead, leaseMs: 30_000, owner: 'relay-b' })
    ).toEqual([]);
    expect(await leasedBy('relay-a')).toBe(1);
  });

  it('rejects and logs the results of a relay whose lease was taken over mid-publish', async () => {
    const rows = Array.from({ length: 3 }, () => storedExchange({ connectionId: 'org_a' }));
    await insertMany(relayA, rows);
    double.faults.latencyMs = 800;
    const metrics = createRelayMetrics();
    publisher = createPublisher({
      store: relayA,
      connections: [org()],
      ...FAST,
      // One lane, busy with the batch: no idle lane of relay A races relay B for the expired rows.
      maxInFlight: 1,
      lingerMs: 0,
      leaseMs: 60_000,
      logger,
      metrics: publishMetricsFrom(metrics)
    });
    await publisher.start();
    const ownerA = async () => (await sql(`SELECT DISTINCT lease_owner FROM relay_exchanges`))[0]?.lease_owner;
    await waitFor(async () => (await leasedBy((await ownerA()) ?? '-')) === 3);

    // Relay A freezes past its lease (as a paused VM would); relay B takes the batch over.
    await sql(`UPDATE relay_exchanges SET lease_expires_at = 0`);
    const taken = await relayB.lease({
      connectionId: 'org_a',
      limit: 10,
      now: Date.now(),
      leaseMs: 60_000,
      owner: 'relay-b'
    });
    expect(taken).toHaveLength(3);

    await waitFor(() => warnings.some((m) => m.startsWith('lease taken over by another worker')));
    // On-call sees it too: the alert CardbridgeLeaseTakeovers reads this counter.
    expect(await metrics.registry.getSingleMetricAsString('cardbridge_relay_lease_takeovers_total')).toContain(
      'cardbridge_relay_lease_takeovers_total{connection="org_a"} 3'
    );
    for (const row of rows) {
      expect(await relayB.getByWebhookId(row.webhookId)).toMatchObject({ state: 'queued', attempts: 0 });
    }
    expect(await leasedBy('relay-b')).toBe(3);
    expect(
      await relayB.markPublished(
        taken.map((r) => ({ webhookId: r.webhookId, eventUuid: null })),
        'relay-b'
      )
    ).toEqual([]);
  });

  it('renews the lease while a slow org keeps the batch in flight, so no other relay takes it', async () => {
    const rows = Array.from({ length: 3 }, () => storedExchange({ connectionId: 'org_a' }));
    await insertMany(relayA, rows);
    double.faults.latencyMs = 1_500;
    publisher = createPublisher({
      store: relayA,
      connections: [org(5_000)],
      ...FAST,
      lingerMs: 0,
      leaseMs: 1_000,
      logger
    });
    await publisher.start();
    await waitFor(
      async () => (await sql(`SELECT count(*) AS n FROM relay_exchanges WHERE lease_owner IS NOT NULL`))[0].n === '3'
    );
    const stolen: string[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const counts = (await relayA.counts()).byState;
      if (counts.published === 3) break;
      const got = await relayB.lease({
        connectionId: 'org_a',
        limit: 10,
        now: Date.now(),
        leaseMs: 60_000,
        owner: 'relay-b'
      });
      stolen.push(...got.map((r) => r.webhookId));
      await relayB.release(
        got.map((r) => r.webhookId),
        'relay-b'
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stolen).toEqual([]);
    expect((await relayA.counts()).byState.published).toBe(3);
    expect(rows.every((row) => double.eventsFor(row.exchangeId).length === 1)).toBe(true);
    expect(warnings.filter((m) => m.startsWith('lease taken over'))).toEqual([]);
  });
});
