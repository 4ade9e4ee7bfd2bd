/**
 * The org answers 503 for a whole minute while the card platform keeps sending.
 * With the publisher's real (default) backoff, every exchange the relay accepted is
 * published once the org is back, the connection shows `unreachable` meanwhile and
 * `ok` afterwards, and nothing goes to dead letters.
 */
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';

jest.setTimeout(300_000);

const OUTAGE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an org down for a minute', () => {
  let double: SalesforceApiDouble;
  let relay: TestRelay;

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
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
      // The default publisher: real backoff and pause timings.
      { publishing: {} }
    );
  });

  afterAll(async () => {
    await relay.stop();
    await double.stop();
  });

  const connectionState = async () => {
    const status = await fetch(`${relay.url}/admin/v1/status`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
    });
    return ((await status.json()) as { connections: { state: string }[] }).connections[0]?.state;
  };

  it('publishes every accepted exchange after the org recovers', async () => {
    double.faults.unavailable = Infinity;
    const accepted: string[] = [];
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < OUTAGE_MS) {
      const exchangeId = `exc_outage_${sent}`;
      sent += 1;
      const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId }) }));
      if (answer.status === 202) accepted.push(exchangeId);
      await sleep(2_000);
    }
    expect(accepted).toHaveLength(sent);
    expect(double.events).toHaveLength(0);
    expect(await connectionState()).toBe('unreachable');

    double.resetFaults();
    const recovered = Date.now();
    while (Date.now() - recovered < 150_000 && !accepted.every((id) => double.eventsFor(id).length > 0)) {
      await sleep(500);
    }
    const missing = accepted.filter((id) => double.eventsFor(id).length === 0);
    console.log(
      `org outage: ${accepted.length} accepted during ${OUTAGE_MS / 1000} s of 503s; ` +
        `all published ${((Date.now() - recovered) / 1000).toFixed(1)} s after recovery; missing ${missing.length}`
    );
    expect(missing).toEqual([]);
    expect(await connectionState()).toBe('ok');
    expect((await relay.store.counts()).byState).toMatchObject({ dead: 0, queued: 0 });
  });
});
