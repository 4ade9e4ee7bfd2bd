/**
 * `relay send-test --wait` follows John Doe from the webhook to the org's receipt: the Lead the
 * package created with its Lightning link, or the org's error (exit 1). A real relay, the API
 * double as the org.
 */
import { sendTestCommand } from '../../webhook-relay/src/cli/commands/send-test';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { TEST_SECRET } from '../support/signed-webhook';

describe('relay send-test --wait', () => {
  const double = new SalesforceApiDouble();
  let relay: TestRelay;

  beforeAll(async () => {
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
      { publishing: { pollIntervalMs: 50 } }
    );
  });
  afterAll(async () => {
    await relay.stop();
    await double.stop();
  });
  afterEach(() => double.resetFaults());

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await sendTestCommand.run([...args, '--url', relay.url], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { RELAY_WEBHOOK_SECRET: TEST_SECRET, RELAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN },
      cwd: relay.dataDir
    });
    return { code, out, err };
  };

  it('ends on the Lead the org created, with a link to open it', async () => {
    const { code, out } = await run(['--wait', '20']);
    expect(code).toBe(0);
    const leadId = [...double.subscriber.rows.values()].at(-1)?.logs[0]?.recordId as string;
    expect(out.at(-1)).toBe(
      `John Doe was created as a Lead (${leadId}) in Acme — open it in Salesforce: ${double.url}/lightning/r/Lead/${leadId}/view`
    );
    expect(out).toContain('… confirmed');
  });

  it('says what went wrong in the org, and exits 1', async () => {
    double.subscriber.failExchanges(['*'], 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Company]');
    const { code, err } = await run(['--wait', '20']);
    expect(code).toBe(1);
    expect(err.at(-1)).toBe(
      'Acme received John Doe, but its integration failed: REQUIRED_FIELD_MISSING: Required fields are missing: [Company]'
    );
  });

  it('gives up after the wait it was given when the org never answers, pointing to status', async () => {
    double.subscriber.mode = 'dropping';
    const { code, err } = await run(['--wait', '2']);
    expect(code).toBe(1);
    expect(err.at(-1)).toMatch(
      /^No word from the org after 2 s\. The exchange keeps going: npm run relay -- status exc_test_/
    );
  });
});
