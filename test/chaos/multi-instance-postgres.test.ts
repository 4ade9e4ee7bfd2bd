/**
 * Scale-out: three relay processes share one PostgreSQL outbox behind a
 * round-robin "load balancer"; 10,000 exchanges are spread across them and one
 * instance is SIGKILLed mid-run. Its leased batches are taken over when their
 * lease runs out. Every acknowledged exchange must reach the org, and any
 * duplicate must be another copy of the same ExchangeId.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelayProcess, type ChildService } from '../support/child-service';
import { createTestSchema, describeWithPostgres, testDatabaseUrl } from '../support/postgres-test-schema';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { TEST_SECRET } from '../support/signed-webhook';
import { DeliveryLedger } from './delivery-ledger';

jest.setTimeout(300_000);

const EXCHANGES = 10_000;
const SENDERS = 24;

describeWithPostgres('three relays on one PostgreSQL outbox', () => {
  const double = new SalesforceApiDouble();
  const relays: (ChildService | null)[] = [];
  const dirs: string[] = [];
  let dropSchema: () => Promise<void>;
  let schemaName = '';

  beforeAll(async () => {
    await double.start();
    const { schema, drop } = await createTestSchema();
    dropSchema = drop;
    schemaName = schema;
    const url = new URL(testDatabaseUrl as string);
    url.searchParams.set('options', `-c search_path=${schema}`);
    for (let i = 0; i < 3; i += 1) {
      const dir = mkdtempSync(path.join(tmpdir(), `cardbridge-pg-relay-${i}-`));
      dirs.push(dir);
      relays.push(
        await startRelayProcess({
          PORT: '0',
          RELAY_DATA_DIR: dir,
          RELAY_DATABASE_URL: url.toString(),
          RELAY_WEBHOOK_SECRET: TEST_SECRET,
          RELAY_ADMIN_TOKEN: 'pg-admin-token-0123456789',
          RELAY_MASTER_KEY: Buffer.alloc(32, 4).toString('base64'),
          // A short lease, so the killed instance's batches are taken over quickly; it must outlast
          // the worst publish chain of 4 x RELAY_PUBLISH_TIMEOUT_SECONDS.
          RELAY_PUBLISH_TIMEOUT_SECONDS: '2',
          RELAY_LEASE_SECONDS: '10',
          LOG_LEVEL: 'info',
          SF_INSTANCE_URL: double.url,
          SF_CLIENT_ID: double.clientId,
          SF_CLIENT_SECRET: double.clientSecret
        })
      );
    }
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r?.stop('SIGKILL')));
    await double.stop();
    await dropSchema?.();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('publishes every acknowledged exchange when one instance is killed mid-run', async () => {
    const ledger = new DeliveryLedger();
    let turn = 0;
    // A round-robin balancer that stops sending to an instance once it is gone.
    const nextUrl = () => {
      const alive = relays.filter((r): r is ChildService => r !== null);
      turn += 1;
      return (alive[turn % alive.length] as ChildService).url;
    };
    const deadline = Date.now() + 240_000;
    let remaining = EXCHANGES;
    const sender = async () => {
      while (remaining > 0) {
        remaining -= 1;
        await ledger.deliver(nextUrl, ledger.newDelivery(), deadline);
      }
    };
    const load = Promise.all(Array.from({ length: SENDERS }, sender));
    while (double.events.length < EXCHANGES / 4) await new Promise((resolve) => setTimeout(resolve, 100));
    const victim = relays[1] as ChildService;
    relays[1] = null;
    await victim.stop('SIGKILL');
    await load;

    await ledger.drain(double.events, 120_000);
    const result = ledger.reconcile(double.events);
    console.log(
      `multi-instance ledger: sent ${result.sent}, acknowledged ${result.acknowledged}, published ${result.published}, ` +
        `lost ${result.lost.length}, duplicates ${result.duplicates}`
    );
    expect(result.balanced).toBe(true);
    expect(result.acknowledged).toBe(EXCHANGES);
    // Where the lost exchanges sit in the outbox, so a failure says why, not only which.
    expect(result.lost.length === 0 ? [] : await outboxRowsOf(schemaName, result.lost)).toEqual([]);
    const webhookIdOf = new Map(ledger.entries.map((e) => [e.exchangeId, e.webhookId]));
    const misattributed = double.events.filter((e) => webhookIdOf.get(e.exchangeId ?? '') !== e.fields.DeliveryId__c);
    expect(misattributed).toEqual([]);
  });
});

/** The outbox rows of these exchanges (state, attempts, lease, last error), and any with no row at all. */
async function outboxRowsOf(schema: string, exchangeIds: string[]): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT exchange_id, state, attempts, lease_owner, lease_expires_at, next_attempt_at, last_error, received_at
         FROM ${schema}.relay_exchanges WHERE exchange_id = ANY($1::text[]) ORDER BY received_at`,
      [exchangeIds]
    );
    const found = new Set(rows.map((r) => r.exchange_id));
    return [...rows, ...exchangeIds.filter((id) => !found.has(id)).map((id) => ({ exchange_id: id, state: 'no row' }))];
  } finally {
    await client.end();
  }
}
