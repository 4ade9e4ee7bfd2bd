/**
 * What on-call reads on a running relay's /metrics: each connection's state, how old the oldest queued and
 * unrouted exchanges are, token failures, prune lag, storage health and webhook answers by status — and
 * every metric the alert rules (config/prometheus/cardbridge-alerts.yaml) name, so the rules cannot drift
 * from the code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { startTestRelay, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';

const RULES = path.resolve(__dirname, '../../config/prometheus/cardbridge-alerts.yaml');
const HOUR_MS = 3_600_000;

/** Every metric a rule's expression names (lines that are not comments). */
function metricsNamedByRules(): string[] {
  const text = readFileSync(RULES, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  return [...new Set(text.match(/\bcardbridge_[a-z0-9_]+/g) ?? [])].sort();
}

/** One sample's value, or undefined when the series is absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('relay metrics for on-call', () => {
  const double = new SalesforceApiDouble();
  let relay: TestRelay | undefined;
  let dataDir: string;
  let shiftMs = 0;
  let storageDown = false;

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(() => {
    shiftMs = 0;
    storageDown = false;
    double.resetFaults();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-metrics-'));
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<TestRelay> {
    const store = openSqliteOutboxStore(dataDir);
    const ping = store.ping.bind(store);
    store.ping = async () => {
      if (storageDown) throw new Error('disk gone');
      await ping();
    };
    const auth = { flow: 'client_credentials' as const, clientId: double.clientId };
    relay = await startTestRelay(
      {
        retentionDays: 1,
        connections: [
          {
            id: 'acme',
            name: 'Acme',
            instanceUrl: double.url,
            accountIds: ['acc_acme'],
            auth: { ...auth, clientSecret: double.clientSecret }
          },
          {
            id: 'globex',
            name: 'Globex',
            instanceUrl: double.url,
            accountIds: ['acc_globex'],
            auth: { ...auth, clientSecret: 'not-the-secret' }
          }
        ]
      },
      // The clock ingest, retention and the scrape read; the publisher keeps its own.
      { publishing: FAST, store, now: () => Date.now() + shiftMs, pruneIntervalMs: 3_600_000 }
    );
    return relay;
  }

  const scrape = async (r: TestRelay) => (await fetch(`${r.url}/metrics`)).text();
  const send = (r: TestRelay, exchangeId: string, accountId: string) =>
    postWebhook(r.url, signedWebhook({ body: sampleWith({}, { exchangeId, accountId }) }));

  it('serves every metric the alert rules name', async () => {
    const r = await start();
    expect((await send(r, 'exc_rules_1', 'acc_acme')).status).toBe(202);
    await waitFor(() => double.eventsFor('exc_rules_1').length === 1);
    const names = metricsNamedByRules();
    expect(names.length).toBeGreaterThanOrEqual(8);
    const metrics = await scrape(r);
    const missing = names.filter((name) => !metrics.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
  });

  it("shows each connection's state, token failures and the age of the oldest queued and unrouted exchanges", async () => {
    const r = await start();
    expect((await send(r, 'exc_ok_1', 'acc_acme')).status).toBe(202);
    expect((await send(r, 'exc_stuck_1', 'acc_globex')).status).toBe(202);
    expect((await send(r, 'exc_nobody_1', 'acc_nobody')).status).toBe(202);
    await waitFor(() => double.eventsFor('exc_ok_1').length === 1);
    await waitFor(() => r.publishing?.publisher.states().find((s) => s.id === 'globex')?.state === 'auth_failed');
    // Twenty minutes later, as the scrape sees it.
    shiftMs = 20 * 60_000;
    const metrics = await scrape(r);

    expect(sample(metrics, 'cardbridge_relay_connection_state{connection="acme",state="ok"}')).toBe(1);
    expect(sample(metrics, 'cardbridge_relay_connection_state{connection="globex",state="ok"}')).toBe(0);
    expect(sample(metrics, 'cardbridge_relay_connection_state{connection="globex",state="auth_failed"}')).toBe(1);
    expect(
      sample(metrics, 'cardbridge_relay_token_failures_total{connection="globex",code="invalid_client"}')
    ).toBeGreaterThanOrEqual(1);
    expect(metrics).not.toContain('cardbridge_relay_token_failures_total{connection="acme"');

    const globexAge = sample(metrics, 'cardbridge_relay_oldest_queued_age_seconds{connection="globex"}');
    expect(globexAge).toBeGreaterThanOrEqual(1_200);
    expect(globexAge).toBeLessThan(1_260);
    // Nothing queued for acme: no series, so no alert.
    expect(sample(metrics, 'cardbridge_relay_oldest_queued_age_seconds{connection="acme"}')).toBeUndefined();
    const unroutedAge = sample(metrics, 'cardbridge_relay_oldest_unrouted_age_seconds');
    expect(unroutedAge).toBeGreaterThanOrEqual(1_200);
    expect(unroutedAge).toBeLessThan(1_260);
    expect(sample(metrics, 'cardbridge_relay_webhook_responses_total{status="202"}')).toBe(3);
  });

  it('shows how far retention is behind and whether storage answers', async () => {
    const r = await start();
    expect((await send(r, 'exc_old_1', 'acc_acme')).status).toBe(202);
    await waitFor(async () => (await r.store.findByExchangeId('exc_old_1'))[0]?.state === 'published');
    const first = await scrape(r);
    expect(sample(first, 'cardbridge_relay_prune_lag_seconds')).toBe(0);
    expect(sample(first, 'cardbridge_relay_storage_up')).toBe(1);

    // Three days on, with a one-day retention and no pruning pass yet: two days behind. (The counts
    // are cached for 5 s; the age is measured at the scrape.)
    shiftMs = 3 * 24 * HOUR_MS;
    storageDown = true;
    const later = await scrape(r);
    const lag = sample(later, 'cardbridge_relay_prune_lag_seconds') as number;
    expect(lag).toBeGreaterThanOrEqual(2 * 24 * 3_600);
    expect(lag).toBeLessThan(2 * 24 * 3_600 + 60);
    expect(sample(later, 'cardbridge_relay_storage_up')).toBe(0);
  });

  it('counts webhook answers by status, 5xx included', async () => {
    const r = await start();
    const bad = signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_bad', accountId: 'acc_acme' }) });
    expect(
      (await postWebhook(r.url, { ...bad, headers: { ...bad.headers, 'webhook-signature': 'v1,AAAA' } })).status
    ).toBe(401);
    // Storage failing on insert: 503, nothing acknowledged.
    const insert = r.store.insert.bind(r.store);
    r.store.insert = () => Promise.reject(new Error('disk full'));
    expect((await send(r, 'exc_503', 'acc_acme')).status).toBe(503);
    r.store.insert = insert;
    const metrics = await scrape(r);
    expect(sample(metrics, 'cardbridge_relay_webhook_responses_total{status="401"}')).toBe(1);
    expect(sample(metrics, 'cardbridge_relay_webhook_responses_total{status="503"}')).toBe(1);
  });
});
