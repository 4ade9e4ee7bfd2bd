/**
 * Relays on one PostgreSQL database: a connection added through one relay's admin API
 * is used by the other; both route alike because they register the same configured
 * connections (a relay whose configuration disagrees refuses to start); an account goes
 * to one connection whichever relay is asked; and a web-server connection whose app
 * rotates refresh tokens survives both relays refreshing at once, and a restart.
 */
import { ConfiguredConnectionsConflict } from '../../webhook-relay/src/store/connection-store';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { createTestSchema, describeWithPostgres, testDatabaseUrl } from '../support/postgres-test-schema';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';

describeWithPostgres('org connections shared by relays on one database', () => {
  let double: SalesforceApiDouble;
  let relays: TestRelay[];
  let drop: () => Promise<void>;
  let shared: Record<string, unknown>;
  const start = async (config: Record<string, unknown> = {}) => {
    const relay = await startTestRelay({ ...shared, ...config }, { publishing: { ...FAST, connectionSyncMs: 100 } });
    relays.push(relay);
    return relay;
  };
  const admin = (relay: TestRelay, path: string, init: RequestInit = {}) =>
    fetch(`${relay.url}/admin/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }
    });
  const configured = (accountIds: string[]) => ({
    id: 'default',
    name: 'Default org',
    instanceUrl: double.url,
    accountIds,
    auth: { flow: 'client_credentials' as const, clientId: double.clientId, clientSecret: double.clientSecret }
  });

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
  });
  afterAll(() => double.stop());

  beforeEach(async () => {
    double.resetFaults();
    relays = [];
    const created = await createTestSchema();
    drop = created.drop;
    const url = new URL(testDatabaseUrl as string);
    url.searchParams.set('options', `-c search_path=${created.schema}`);
    shared = {
      databaseUrl: url.toString(),
      masterKey: Buffer.alloc(32, 6).toString('base64'),
      // The double listens on 127.0.0.1: the operator allows it for connections added at run time.
      extraSalesforceHosts: [double.url]
    };
  });

  afterEach(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await drop();
  });

  it('publishes through a connection another relay added', async () => {
    const [a, b] = [await start(), await start()];
    const added = await admin(a, '/connections', {
      method: 'POST',
      body: JSON.stringify({
        id: 'shared-org',
        name: 'Shared org',
        instanceUrl: double.url,
        accountIds: ['acc_shared'],
        auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret }
      })
    });
    expect(added.status).toBe(201);
    await waitFor(() => b.publishing?.publisher.connections().some((c) => c.id === 'shared-org') ?? false);

    const answer = await postWebhook(
      b.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_via_b', accountId: 'acc_shared' }) })
    );
    expect(answer.body.status).toBe('queued');
    await waitFor(() => double.eventsFor('exc_via_b').length === 1);

    await admin(a, '/connections/shared-org', { method: 'DELETE' });
    await waitFor(() => !(b.publishing?.publisher.connections().some((c) => c.id === 'shared-org') ?? true));
  });

  it('refuses to start a relay whose configured connections differ from a running relay’s, and says how', async () => {
    await start({ connections: [configured(['acc_1'])] });
    const differing = start({ connections: [configured(['acc_1', 'acc_2'])] });
    await expect(differing).rejects.toThrow(ConfiguredConnectionsConflict);
    await expect(differing).rejects.toThrow(
      /"default" differs from the one a running relay registered: accountIds \["acc_1","acc_2"\] here, \["acc_1"\] registered/
    );
    await expect(start({ connections: [] })).rejects.toThrow(/a running relay serves configured connection "default"/);
    // The same configuration joins, and routes alike: a webhook to either relay goes to "default".
    const b = await start({ connections: [configured(['acc_1'])] });
    const answer = await postWebhook(
      b.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_cfg', accountId: 'acc_1' }) })
    );
    expect(answer.body.status).toBe('queued');
    expect((await b.store.findByExchangeId('exc_cfg'))[0]?.connectionId).toBe('default');
  });

  it('gives an account to one connection whichever relay is asked, configured or added at run time', async () => {
    const a = await start({ connections: [configured(['acc_cfg'])] });
    const b = await start({ connections: [configured(['acc_cfg'])] });
    const connection = (id: string, accountIds: string[]) =>
      JSON.stringify({
        id,
        name: id,
        instanceUrl: double.url,
        accountIds,
        auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret }
      });
    const taken = await admin(b, '/connections', { method: 'POST', body: connection('greedy', ['acc_cfg']) });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { detail: string }).detail).toContain('connection “Default org” (default)');
    const [first, second] = await Promise.all([
      admin(a, '/connections', { method: 'POST', body: connection('org-a', ['acc_x']) }),
      admin(b, '/connections', { method: 'POST', body: connection('org-b', ['acc_x']) })
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
  });

  it('keeps a web-server connection signed in while both relays refresh at once with rotating refresh tokens, and after a restart', async () => {
    double.rotateRefreshTokens();
    const seed = double.addRefreshToken();
    const grantsBefore = double.refreshGrants.length;
    const a = await start();
    const b = await start();
    const created = await admin(a, '/connections', {
      method: 'POST',
      body: JSON.stringify({
        id: 'web-org',
        name: 'Web org',
        instanceUrl: double.url,
        accountIds: ['acc_web'],
        auth: { flow: 'web_server', clientId: double.clientId, clientSecret: double.clientSecret, refreshToken: seed }
      })
    });
    expect(created.status).toBe(201);
    await waitFor(() => b.publishing?.publisher.connections().some((c) => c.id === 'web-org') ?? false);
    // Every test signs in afresh with the newest refresh token; four at once, two per relay.
    const tests = await Promise.all(
      [a, b, a, b].map(async (relay) => (await admin(relay, '/connections/web-org/test', { method: 'POST' })).json())
    );
    expect(tests).toEqual([0, 1, 2, 3].map(() => expect.objectContaining({ ok: true })));
    for (const relay of [a, b]) {
      const exchangeId = `exc_web_${relay.port}`;
      await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId, accountId: 'acc_web' }) }));
      await waitFor(() => double.eventsFor(exchangeId).length === 1);
    }
    // A relay that starts later signs in with the token the others rotated to, not the seed.
    await a.stop();
    relays.splice(relays.indexOf(a), 1);
    const c = await start();
    double.revokeTokens();
    expect(await (await admin(c, '/connections/web-org/test', { method: 'POST' })).json()).toMatchObject({ ok: true });
    await postWebhook(
      c.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_web_later', accountId: 'acc_web' }) })
    );
    await waitFor(() => double.eventsFor('exc_web_later').length === 1);
    const grants = double.refreshGrants.slice(grantsBefore);
    expect(grants.length).toBeGreaterThanOrEqual(5);
    expect(grants.filter((grant) => !grant.accepted)).toEqual([]);
  });
});
