/**
 * Chaos: the relay runs as a real process under a steady stream of webhooks while
 * it is SIGKILLed three times and restarted, the org answers 503 and then hangs
 * (timeouts), and the org revokes every token. Afterwards the ledger of what the
 * card platform sent is reconciled against what the org received: nothing
 * acknowledged may be missing, and every duplicate must be a second copy of one
 * ExchangeId. A ledger that does not balance voids (fails) the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelayProcess, type ChildService } from '../support/child-service';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { TEST_SECRET } from '../support/signed-webhook';
import { DeliveryLedger } from './delivery-ledger';

jest.setTimeout(180_000);

const DELIVERIES = 600;
const SENDERS = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('relay under chaos', () => {
  const double = new SalesforceApiDouble();
  let dataDir: string;
  let relay: ChildService | undefined;
  let port: number;

  async function startChaosRelay(): Promise<ChildService> {
    return startRelayProcess({
      PORT: String(port),
      RELAY_DATA_DIR: dataDir,
      RELAY_WEBHOOK_SECRET: TEST_SECRET,
      RELAY_ADMIN_TOKEN: 'chaos-admin-token-0123456789',
      RELAY_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      RELAY_PUBLISH_TIMEOUT_SECONDS: '2',
      LOG_LEVEL: 'info',
      SF_INSTANCE_URL: double.url,
      SF_CLIENT_ID: double.clientId,
      SF_CLIENT_SECRET: double.clientSecret
    });
  }

  async function killAndRestart(): Promise<void> {
    await relay?.stop('SIGKILL');
    await sleep(200);
    relay = await startChaosRelay();
  }

  beforeAll(async () => {
    await double.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-chaos-'));
    port = await freePort();
    relay = await startChaosRelay();
  });

  afterAll(async () => {
    await relay?.stop('SIGKILL');
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged exchange through kills, an outage, timeouts and revoked tokens', async () => {
    const ledger = new DeliveryLedger();
    const url = () => `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    let remaining = DELIVERIES;
    const sender = async () => {
      while (remaining > 0) {
        remaining -= 1;
        await ledger.deliver(url, ledger.newDelivery(), deadline);
        await sleep(15);
      }
    };
    const load = Promise.all(Array.from({ length: SENDERS }, sender));

    const chaos = (async () => {
      await sleep(1_500);
      await killAndRestart(); // 1st kill, mid-ingest and mid-publish
      double.faults.unavailable = Infinity; // the org is down: 503s
      await sleep(2_000);
      double.resetFaults();
      await killAndRestart(); // 2nd kill
      double.revokeTokens(); // every access token stops working
      await sleep(1_000);
      double.faults.hang = true; // the org accepts connections and never answers
      await sleep(2_500);
      double.resetFaults();
      await killAndRestart(); // 3rd kill
    })();

    await Promise.all([load, chaos]);
    await ledger.drain(double.events, 90_000);

    const result = ledger.reconcile(double.events);
    // Printed so a failing or suspicious run can be read from the CI log.
    console.log(
      `chaos ledger: sent ${result.sent}, acknowledged ${result.acknowledged}, published ${result.published}, ` +
        `lost ${result.lost.length}, duplicates ${result.duplicates}, unexplained ${result.unexplained.length}, ` +
        `unanswered ${result.unanswered.length}`
    );
    expect(result.balanced).toBe(true);
    expect(result.sent).toBe(DELIVERIES);
    expect(result.acknowledged).toBe(DELIVERIES);
    expect(result.lost).toEqual([]);
    for (const event of double.events) {
      const entry = ledger.entries.find((e) => e.exchangeId === event.exchangeId);
      expect(event.fields.DeliveryId__c).toBe(entry?.webhookId);
    }
  });
});
