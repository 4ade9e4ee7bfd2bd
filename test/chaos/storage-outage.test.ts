/**
 * Chaos: the outbox's storage fails for a while under a steady stream of webhooks.
 * The relay must answer 503 with Retry-After and acknowledge nothing it did not
 * store; the senders' retries then get through, and the ledger balances with
 * nothing lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { startTestRelay, type TestRelay } from '../http/relay-fixture';
import { FAST } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { DeliveryLedger } from './delivery-ledger';

jest.setTimeout(120_000);

/** An outbox whose inserts fail while `failing` is set, like a full or unmounted disk. */
function flakyStore(inner: OutboxStore, failing: { on: boolean }): OutboxStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'insert') {
        return (...args: Parameters<OutboxStore['insert']>) =>
          failing.on ? Promise.reject(new Error('SQLITE_IOERR: disk I/O error')) : target.insert(...args);
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    }
  });
}

describe('relay while its storage fails', () => {
  let double: SalesforceApiDouble;
  let relay: TestRelay;
  let dir: string;
  const failing = { on: false };

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-storage-chaos-'));
    const store = flakyStore(new SqliteOutboxStore({ filename: path.join(dir, 'outbox.sqlite') }), failing);
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
      { store, publishing: FAST }
    );
  });

  afterAll(async () => {
    await relay.stop();
    await double.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges nothing during the failure and loses nothing it acknowledged', async () => {
    const ledger = new DeliveryLedger();
    const deadline = Date.now() + 60_000;
    let remaining = 300;
    const sender = async () => {
      while (remaining > 0) {
        remaining -= 1;
        await ledger.deliver(() => relay.url, ledger.newDelivery(), deadline);
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, sender));
    const count = (test: (entry: (typeof ledger.entries)[number]) => boolean) => ledger.entries.filter(test).length;
    const until = async (condition: () => boolean) => {
      while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // The outage starts once the stream is flowing, whatever this machine's speed, and lasts at
    // least a second and until a dozen answers were 503s, so the test always covers it.
    await until(() => count((e) => e.acknowledged) >= 50);
    failing.on = true;
    const outageEnds = Date.now() + 1_000;
    const refusals = () => ledger.entries.reduce((n, e) => n + e.answers.filter((a) => a === 503).length, 0);
    await until(() => Date.now() >= outageEnds && refusals() >= 12);
    failing.on = false;
    await load;

    const refused = ledger.entries.filter((e) => e.answers.includes(503));
    expect(refused.length).toBeGreaterThan(0);
    await ledger.drain(double.events, 30_000, 100);
    const result = ledger.reconcile(double.events);
    expect(result.balanced).toBe(true);
    expect(result.acknowledged).toBe(300);
    expect(result.lost).toEqual([]);
    expect(result.duplicates).toBe(0);
  });
});
