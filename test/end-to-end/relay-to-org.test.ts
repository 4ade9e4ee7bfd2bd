/**
 * The whole relay as `npm start` composes it — webhook in, durable outbox,
 * publisher, org connections — against the Salesforce API double.
 */
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';

// The double accepts only namespaced field names (cardbridge__X__c, as the package defines
// them) and records each accepted event under the names without the prefix.
const ns = (name: string) => name;

function orgConnection(double: SalesforceApiDouble, id: string, accountIds?: string[]) {
  return {
    id,
    name: `Org ${id}`,
    instanceUrl: double.url,
    ...(accountIds ? { accountIds } : {}),
    auth: { flow: 'client_credentials' as const, clientId: double.clientId, clientSecret: double.clientSecret }
  };
}

async function admin(relay: TestRelay, path: string, init: RequestInit = {}) {
  const res = await fetch(`${relay.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers }
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('relay to org, end to end', () => {
  const doubles: SalesforceApiDouble[] = [];
  const relays: TestRelay[] = [];

  async function startDouble(): Promise<SalesforceApiDouble> {
    const double = new SalesforceApiDouble();
    await double.start();
    doubles.push(double);
    return double;
  }

  async function startRelayWith(connections: ReturnType<typeof orgConnection>[]): Promise<TestRelay> {
    // The doubles listen on 127.0.0.1: the operator allows them for connections added at run time.
    const relay = await startTestRelay(
      { connections, extraSalesforceHosts: doubles.map((d) => d.url) },
      { publishing: FAST }
    );
    relays.push(relay);
    return relay;
  }

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(doubles.splice(0).map((d) => d.stop()));
  });

  it('publishes a signed exchange to the org with every field as the package defines it', async () => {
    const double = await startDouble();
    const relay = await startRelayWith([orgConnection(double, 'acme')]);
    const webhook = signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_e2e_1', accountId: 'acc_123' }) });

    const answer = await postWebhook(relay.url, webhook);
    expect(answer.status).toBe(202);
    await waitFor(() => double.eventsFor('exc_e2e_1').length === 1);

    const [event] = double.eventsFor('exc_e2e_1');
    expect(event!.fields).toEqual({
      [ns('ExchangeId__c')]: 'exc_e2e_1',
      [ns('DeliveryId__c')]: webhook.id,
      [ns('AccountId__c')]: 'acc_123',
      [ns('AccountName__c')]: 'Acme Events',
      [ns('CardId__c')]: 'card_42',
      [ns('CardName__c')]: 'Jane Smith - Sales',
      [ns('CardUrl__c')]: 'https://cards.example/jane',
      [ns('CardOwnerEmail__c')]: 'jane@acme.example',
      [ns('CardOwnerName__c')]: 'Jane Smith',
      [ns('CardTags__c')]: '["events","emea"]',
      [ns('OccurredAt__c')]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      [ns('FirstName__c')]: 'John',
      [ns('LastName__c')]: 'Doe',
      [ns('Email__c')]: 'john.doe@example.com',
      [ns('Phone__c')]: '+1 415 555 0100',
      [ns('MobilePhone__c')]: null,
      [ns('Company__c')]: 'Example Inc',
      [ns('Title__c')]: 'CTO',
      [ns('Website__c')]: 'https://example.com',
      [ns('Note__c')]: 'Met at the booth',
      [ns('Street__c')]: '1 Main St',
      [ns('City__c')]: 'Paris',
      [ns('State__c')]: null,
      [ns('PostalCode__c')]: '75001',
      [ns('Country__c')]: 'FR',
      [ns('MarketingConsent__c')]: true,
      [ns('ConsentCapturedAt__c')]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      [ns('ConsentText__c')]: 'I agree to receive emails',
      [ns('SourceChannel__c')]: 'qr',
      [ns('SourceUrl__c')]: 'https://cards.example/jane?src=qr',
      [ns('CustomFields__c')]: '{"Industry":"Software","Badge":1042}',
      [ns('PayloadVersion__c')]: 1,
      [ns('IsTest__c')]: true
    });

    await waitFor(async () => (await admin(relay, '/admin/v1/exchanges/exc_e2e_1')).body.state === 'published');
    const lookup = await admin(relay, '/admin/v1/exchanges/exc_e2e_1');
    expect(JSON.stringify(lookup.body)).toContain(event!.uuid);
  });

  it('routes exchanges of two card accounts to their own orgs', async () => {
    const [north, south] = [await startDouble(), await startDouble()];
    const relay = await startRelayWith([
      orgConnection(north, 'north', ['acc_north']),
      orgConnection(south, 'south', ['acc_south'])
    ]);
    await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_n', accountId: 'acc_north' }) })
    );
    await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_s', accountId: 'acc_south' }) })
    );

    await waitFor(() => north.events.length === 1 && south.events.length === 1);
    expect(north.eventsFor('exc_n')).toHaveLength(1);
    expect(south.eventsFor('exc_s')).toHaveLength(1);
    expect(north.eventsFor('exc_s')).toHaveLength(0);
  });

  it('keeps an exchange unrouted until a connection for its account is added, then publishes it', async () => {
    const double = await startDouble();
    const relay = await startRelayWith([]);
    const answer = await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_wait', accountId: 'acc_new' }) })
    );
    expect(answer.status).toBe(202);
    expect((await admin(relay, '/admin/v1/exchanges/exc_wait')).body.state).toBe('unrouted');

    const added = await admin(relay, '/admin/v1/connections', {
      method: 'POST',
      body: JSON.stringify(orgConnection(double, 'newcomer', ['acc_new']))
    });
    expect(added.status).toBeLessThan(300);

    await waitFor(() => double.eventsFor('exc_wait').length === 1);
    await waitFor(async () => (await admin(relay, '/admin/v1/exchanges/exc_wait')).body.state === 'published');
  });

  it('publishes every accepted exchange once the org recovers from an outage', async () => {
    const double = await startDouble();
    const relay = await startRelayWith([orgConnection(double, 'acme')]);
    double.faults.unavailable = Infinity;
    const ids = Array.from({ length: 30 }, (_, i) => `exc_outage_${i}`);
    for (const exchangeId of ids) {
      const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId }) }));
      expect(answer.status).toBe(202);
    }
    await waitFor(() => double.calls.some((c) => c.status === 503));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(double.events).toHaveLength(0);

    double.resetFaults();
    await waitFor(() => ids.every((id) => double.eventsFor(id).length >= 1), 15_000);
    expect(new Set(double.events.map((e) => e.exchangeId))).toEqual(new Set(ids));
  });

  it('shows the connection state in the admin status while the org refuses the credentials', async () => {
    const double = await startDouble();
    const relay = await startRelayWith([
      {
        ...orgConnection(double, 'acme'),
        auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: 'wrong' }
      }
    ]);
    await postWebhook(relay.url, signedWebhook());
    await waitFor(async () => {
      const status = await admin(relay, '/admin/v1/status');
      return (status.body.connections as { state: string }[])[0]?.state === 'auth_failed';
    });
    expect(double.events).toHaveLength(0);
    expect((await relay.store.counts()).byState.queued).toBe(1);
  });
});
