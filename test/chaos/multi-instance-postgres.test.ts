/**
 * Scale-out: three relay processes share one PostgreSQL outbox behind a
 * round-robin "load balancer"; 10,000 exchanges are spread across them and one
 * instance is SIGKILLed mid-run. Its leased batches are taken over when their
 * lease runs out. Every acknowledged exchange must reach the org, and any
 * duplicate must be another copy of the same ExchangeId.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

  beforeAll(async () => {
    await double.start();
    const { schema, drop } = await createTestSchema();
    dropSchema = drop;
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

    const acknowledged = ledger.entries.filter((e) => e.acknowledged).map((e) => e.exchangeId);
    const drainDeadline = Date.now() + 120_000;
    const published = () => new Set(double.events.map((e) => e.exchangeId));
    while (Date.now() < drainDeadline && !acknowledged.every((id) => published().has(id))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const result = ledger.reconcile(double.events);
    console.log(
      `multi-instance ledger: sent ${result.sent}, acknowledged ${result.acknowledged}, published ${result.published}, ` +
        `lost ${result.lost.length}, duplicates ${result.duplicates}`
    );
    expect(result.balanced).toBe(true);
    expect(result.acknowledged).toBe(EXCHANGES);
    expect(result.lost).toEqual([]);
    for (const event of double.events) {
      expect(ledger.entries.find((e) => e.exchangeId === event.exchangeId)?.webhookId).toBe(event.fields.DeliveryId__c);
    }
  });
});
