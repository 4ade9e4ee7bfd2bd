/**
 * SIGTERM within the shutdown budget: a relay process whose org has stopped answering mid-publish exits
 * within RELAY_SHUTDOWN_SECONDS (not after the 30 s publish timeout), hands the in-flight exchanges back to
 * the queue, and publishes every one of them after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook, TEST_SECRET } from '../support/signed-webhook';
import { TEST_ADMIN_TOKEN, TEST_MASTER_KEY } from '../http/relay-fixture';
import { waitFor } from '../publish/publish-fixtures';
import { spawnRelay, type RelayProcess } from './relay-process';

const BUDGET_SECONDS = 4;

describe('graceful shutdown', () => {
  const double = new SalesforceApiDouble();
  let workDir: string;
  let running: RelayProcess | undefined;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    double.resetFaults();
    workDir = mkdtempSync(path.join(os.tmpdir(), 'relay-shutdown-'));
  });
  afterEach(async () => {
    running?.kill('SIGKILL');
    await running?.exited;
    running = undefined;
    rmSync(workDir, { recursive: true, force: true });
  });

  const env = () => ({
    RELAY_DATA_DIR: path.join(workDir, 'data'),
    RELAY_WEBHOOK_SECRET: TEST_SECRET,
    RELAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RELAY_MASTER_KEY: TEST_MASTER_KEY,
    RELAY_SHUTDOWN_SECONDS: String(BUDGET_SECONDS),
    // The default publish timeout (30 s): a shutdown that waited for the org would take that long.
    SF_INSTANCE_URL: double.url,
    SF_CLIENT_ID: double.clientId,
    SF_CLIENT_SECRET: double.clientSecret
  });

  const stateOf = async (relay: RelayProcess, exchangeId: string) => {
    const res = await fetch(`${relay.url}/admin/v1/exchanges/${exchangeId}`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
    });
    return ((await res.json()) as { state?: string }).state;
  };

  it('exits within the budget with a publish in flight and publishes the handed-back exchanges after a restart', async () => {
    running = await spawnRelay(env(), workDir);
    // One exchange through, so the relay holds a token and the next call goes straight to the data API.
    expect(
      (await postWebhook(running.url, signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_first' }) }))).status
    ).toBe(202);
    await waitFor(() => double.eventsFor('exc_first').length === 1);

    // The org stops answering; five more exchanges are acknowledged and go into a publish that hangs.
    double.faults.hang = true;
    const ids = Array.from({ length: 5 }, (_, i) => `exc_inflight_${i}`);
    for (const exchangeId of ids) {
      expect((await postWebhook(running.url, signedWebhook({ body: sampleWith({}, { exchangeId }) }))).status).toBe(
        202
      );
    }
    // Past the publisher's linger (250 ms): the batch is on its way to the org.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const signalled = Date.now();
    running.kill('SIGTERM');
    const code = await running.exited;
    const seconds = (Date.now() - signalled) / 1000;
    expect(seconds).toBeLessThan(BUDGET_SECONDS + 1);
    expect(code).toBe(0);
    const logs = running.logs.join('\n');
    expect(logs).toContain('its exchanges were handed back to the queue');
    expect(logs).toContain('relay stopped');
    expect(ids.every((id) => double.eventsFor(id).length === 0)).toBe(true);

    // The org answers again; the restarted relay publishes every exchange that was in flight.
    double.faults.hang = false;
    running = await spawnRelay(env(), workDir);
    const relay = running;
    await waitFor(
      async () => (await Promise.all(ids.map((id) => stateOf(relay, id)))).every((s) => s === 'published'),
      20_000
    );
    for (const id of ids) expect(double.eventsFor(id).length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
