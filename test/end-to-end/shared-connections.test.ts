/**
 * Two relays on one PostgreSQL database: a connection added through one relay's
 * admin API is used by the other, which routes and publishes its own deliveries to it.
 */
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { createTestSchema, describeWithPostgres, testDatabaseUrl } from '../support/postgres-test-schema';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';

describeWithPostgres('org connections shared by relays on one database', () => {
  let double: SalesforceApiDouble;
  let relays: TestRelay[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
    const created = await createTestSchema();
    drop = created.drop;
    const url = new URL(testDatabaseUrl as string);
    url.searchParams.set('options', `-c search_path=${created.schema}`);
    const shared = { databaseUrl: url.toString(), masterKey: Buffer.alloc(32, 6).toString('base64') };
    relays = [
      await startTestRelay(shared, { publishing: { ...FAST, connectionSyncMs: 100 } }),
      await startTestRelay(shared, { publishing: { ...FAST, connectionSyncMs: 100 } })
    ];
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await double.stop();
    await drop();
  });

  it('publishes through a connection another relay added', async () => {
    const [a, b] = relays as [TestRelay, TestRelay];
    const added = await fetch(`${a.url}/admin/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'shared-org',
        name: 'Shared org',
        instanceUrl: double.url,
        accountIds: ['acc_shared'],
        auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret }
      })
    });
    expect(added.status).toBeLessThan(300);
    await waitFor(() => b.publishing?.publisher.connections().some((c) => c.id === 'shared-org') ?? false);

    const answer = await postWebhook(
      b.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_via_b', accountId: 'acc_shared' }) })
    );
    expect(answer.body.status).toBe('queued');
    await waitFor(() => double.eventsFor('exc_via_b').length === 1);

    await fetch(`${a.url}/admin/v1/connections/shared-org`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
    });
    await waitFor(() => !(b.publishing?.publisher.connections().some((c) => c.id === 'shared-org') ?? true));
  });
});
