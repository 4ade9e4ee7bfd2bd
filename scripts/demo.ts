/**
 * `npm run demo`: the whole flow on one machine, no Salesforce org needed.
 * Starts the Salesforce API double (it answers like the REST API and checks every
 * field against force-app's CardExchange__e), starts the relay connected to it,
 * posts a signed "John Doe" exchange, and prints the event as the org received it.
 *
 *   npm run demo                 run the flow once and exit
 *   npm run demo -- --stay       keep the relay and the double running afterwards
 *   npm run demo -- --console    connect the demo org yourself in the relay console,
 *                                then watch the waiting John Doe arrive
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sampleCardExchange } from '../webhook-relay/src/contract/sample-card-exchange';
import { signedWebhookHeaders } from '../webhook-relay/src/ingest/webhook-signature';
import { relayConfigSchema } from '../webhook-relay/src/config/relay-config';
import { createLogger } from '../webhook-relay/src/log/create-logger';
import { startRelay } from '../webhook-relay/src/relay';
import { SalesforceApiDouble } from '../test/support/salesforce-api-double/salesforce-api-double';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ADMIN_TOKEN = 'demo-admin-token-not-a-secret';
const viaConsole = process.argv.includes('--console');
const stay = viaConsole || process.argv.includes('--stay');
const say = (line = '') => process.stdout.write(`${line}\n`);

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const double = new SalesforceApiDouble();
  const orgUrl = await double.start(Number(process.env.DEMO_ORG_PORT ?? 0));
  say(`1. Salesforce API double (a stand-in org) listening on ${orgUrl}`);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-demo-'));
  const demoOrg = {
    id: 'demo-org',
    name: 'Demo org (API double)',
    instanceUrl: orgUrl,
    auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret }
  };
  const relay = await startRelay({
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
    publishing: { pollIntervalMs: 50 },
    config: relayConfigSchema.parse({
      port: Number(process.env.PORT ?? (viaConsole ? 8787 : 0)),
      host: '127.0.0.1',
      dataDir,
      webhookSecrets: [SECRET],
      adminToken: ADMIN_TOKEN,
      // A throwaway key for the throwaway data directory (encrypts stored connection secrets).
      masterKey: Buffer.alloc(32, 7).toString('base64'),
      // The stand-in org listens on 127.0.0.1, not a Salesforce host: the operator allows it
      // (RELAY_EXTRA_SALESFORCE_HOSTS) so it can be connected in the console.
      extraSalesforceHosts: [orgUrl],
      connections: viaConsole ? [] : [demoOrg]
    })
  });
  say(
    viaConsole
      ? `2. Relay listening on ${relay.url}, not connected to any org yet`
      : `2. Relay listening on ${relay.url}, connected to the demo org with the client credentials flow`
  );

  const body = JSON.stringify(sampleCardExchange({ test: true }));
  const { exchangeId, account } = (JSON.parse(body) as { data: { exchangeId: string; account: { id: string } } }).data;
  const webhookId = `msg_demo_${Date.now()}`;
  const answer = await fetch(`${relay.url}/v1/card-exchanges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signedWebhookHeaders(SECRET, webhookId, Math.floor(Date.now() / 1000), body)
    },
    body
  });
  say(`3. The card platform posted a signed "John Doe" exchange: HTTP ${answer.status} ${await answer.text()}`);

  if (viaConsole) {
    say();
    say(`   John Doe waits, stored, until an org connection serves his card account. Connect one:`);
    say(`   - open ${relay.url}/console and sign in with the admin token: ${ADMIN_TOKEN}`);
    say(`   - "Connect to Salesforce": My Domain URL ${orgUrl}, flow "Client credentials",`);
    say(`     consumer key ${double.clientId}, consumer secret ${double.clientSecret} (demo values),`);
    say(`     card-platform accounts ${account.id}, then Connect`);
    say();
  }
  const event = await waitFor(() => double.eventsFor(exchangeId)[0], viaConsole ? 3_600_000 : 15_000);
  say(`4. The org received ${double.objectName} (event UUID ${event.uuid}):`);
  for (const [field, value] of Object.entries(event.fields)) {
    say(`     ${`${double.namespace}__${field}`.padEnd(34)} ${JSON.stringify(value)}`);
  }
  const lookup = await fetch(`${relay.url}/admin/v1/exchanges/${exchangeId}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` }
  });
  say(`5. The relay's record of it: ${await lookup.text()}`);
  // The package's receipt: what the subscriber did with him, read back from the org (asked now,
  // instead of at the relay's next scheduled look, 60 s after publishing).
  const receipt = await waitFor(async () => {
    const answer = await fetch(`${relay.url}/admin/v1/exchanges/${exchangeId}/receipt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` }
    });
    const body = (await answer.json()) as {
      state: string;
      receipt: { status: string; logs: { status: string; targetObject: string; recordId: string }[] } | null;
    };
    return body.state === 'confirmed' ? body : undefined;
  }, 15_000);
  const made = receipt.receipt?.logs[0];
  say(
    `6. The package's receipt, read back from the org: ${receipt.receipt?.status}, ${JSON.stringify(receipt.receipt?.logs)}`
  );
  if (made?.recordId) {
    say(
      `   John Doe was ${made.status === 'Updated' ? 'updated' : 'created'} as a ${made.targetObject} (${made.recordId}):`
    );
    say(`   ${orgUrl}/lightning/r/${made.targetObject}/${made.recordId}/view`);
  }
  say();
  say('In a real org, the Cardbridge subscriber applies your integrations and logs the outcome in');
  say('Card Exchange Logs; the relay reads that receipt back. See README.md for a scratch org.');

  const shutdown = async () => {
    await relay.close();
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (!stay) return shutdown();
  say();
  say(`Still running (Ctrl-C to stop). Admin token for ${relay.url}/admin/v1/...: ${ADMIN_TOKEN} (a demo value)`);
  const stop = () => void shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
