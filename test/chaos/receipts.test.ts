/**
 * Every exchange accounted for (issue #15's done-when tests), against a real relay on an
 * ephemeral port and the Salesforce API double playing the org and its package:
 *
 * - the org's subscriber loses the first 30 of 100 exchanges: the relay finds no receipt for
 *   them, publishes them again by itself, and all 100 end `confirmed`, each created once in
 *   the org, without anyone replaying anything;
 * - the subscriber never comes back: every exchange ends `unconfirmed` after its re-sends, and
 *   shows so in the admin lookup and CLI `status`, in /metrics (count and age per connection)
 *   and on the console's exchanges page; a replay once the subscriber is back confirms them.
 *
 * Short configured windows (1 s to confirm, 0.2 s between looks); waits poll the relay.
 */
import { statusCommand } from '../../webhook-relay/src/cli/commands/status';
import { signedInAgent } from '../console/console-fixture';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { waitFor } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';

jest.setTimeout(120_000);

interface Lookup {
  state: string;
  resends: number;
  lastError: string | null;
  receipt: { status: string; logs: { status: string; recordId: string | null; targetObject: string }[] } | null;
}

describe('every exchange accounted for', () => {
  let double: SalesforceApiDouble;
  let relay: TestRelay;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${relay.url}/admin/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }
    });
  const lookup = async (exchangeId: string) => (await (await admin(`/exchanges/${exchangeId}`)).json()) as Lookup;
  const send = async (prefix: string, count: number) => {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}_${i}`);
    for (const exchangeId of ids) {
      const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId }) }));
      expect(answer.status).toBe(202);
    }
    return ids;
  };
  const states = async (ids: string[]) => Promise.all(ids.map(async (id) => (await lookup(id)).state));
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    return text.split('\n').find((l) => line.test(l));
  };

  beforeEach(async () => {
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
        ],
        confirmAfterSeconds: 1,
        receiptCheckSeconds: 0.2,
        resendLimit: 2
      },
      { publishing: { pollIntervalMs: 50 } }
    );
  });

  afterEach(async () => {
    await relay.stop();
    expect(double.refusedQueries).toEqual([]);
    await double.stop();
  });

  it('confirms all 100 when the subscriber loses the first 30, re-sending those by itself', async () => {
    double.subscriber.dropNext(30);
    const ids = await send('exc_chaos', 100);
    await waitFor(async () => (await states(ids)).every((s) => s === 'confirmed'), 60_000);

    const lookups = await Promise.all(ids.map(lookup));
    expect(lookups.filter((l) => l.resends === 1)).toHaveLength(30);
    expect(lookups.filter((l) => l.resends === 0)).toHaveLength(70);
    expect(double.subscriber.dropped).toBe(30);
    // Each one is in the org once, with its Lead: the re-sends filled the gap and duplicated nothing.
    for (const [i, id] of ids.entries()) {
      const row = double.subscriber.rows.get(id);
      expect(row?.logs).toHaveLength(1);
      expect(lookups[i]?.receipt?.logs[0]).toMatchObject({
        status: 'Created',
        targetObject: 'Lead',
        recordId: row?.logs[0]?.recordId
      });
    }
    expect(await metric(/^cardbridge_relay_exchanges_resent_total\{connection="acme"\}/)).toMatch(/ 30$/);
    expect(await metric(/^cardbridge_relay_exchanges_confirmed_total\{connection="acme",outcome="Created"\}/)).toMatch(
      / 100$/
    );
    expect(await metric(/^cardbridge_relay_unconfirmed_exchanges\{/)).toBeUndefined();
  });

  it('ends every exchange unconfirmed and visible when the subscriber never comes back, and a replay confirms them', async () => {
    double.subscriber.mode = 'dropping';
    const ids = await send('exc_lost', 5);
    await waitFor(async () => (await states(ids)).every((s) => s === 'unconfirmed'), 60_000);
    // Published once and re-sent twice each.
    expect(ids.map((id) => double.eventsFor(id).length)).toEqual([3, 3, 3, 3, 3]);

    // The admin lookup and CLI status say what happened and what to do.
    const one = await lookup(ids[0] as string);
    expect(one).toMatchObject({ state: 'unconfirmed', resends: 2, receipt: null });
    expect(one.lastError).toMatch(/^NO_RECEIPT: the org had no record of it after 2 re-sends/);
    const out: string[] = [];
    const code = await statusCommand.run([ids[0] as string, '--url', relay.url], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: { RELAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN },
      cwd: relay.dataDir
    });
    expect(code).toBe(0);
    expect(out[1]).toMatch(/^unconfirmed: re-sent 2 time\(s\), the org has no record of it/);

    // /metrics: how many, and how old the oldest is, per connection.
    expect(await metric(/^cardbridge_relay_unconfirmed_exchanges\{connection="acme"\}/)).toMatch(/ 5$/);
    const age = await metric(/^cardbridge_relay_oldest_unconfirmed_age_seconds\{connection="acme"\}/);
    expect(Number(age?.split(' ')[1])).toBeGreaterThan(0);
    expect(await metric(/^cardbridge_relay_queue_depth\{state="unconfirmed"\}/)).toMatch(/ 5$/);

    // The console lists them, with the reason, ready to send again.
    const agent = await signedInAgent(relay.url as never, TEST_ADMIN_TOKEN);
    const page = await agent.get('/console/exchanges');
    for (const id of ids) expect(page.text).toContain(`data-unconfirmed="${id}"`);
    expect(page.text).toContain('NO_RECEIPT: the org had no record of it after 2 re-sends');

    // The subscriber is fixed; an operator replays them (admin API), and the org confirms each.
    double.subscriber.comeBack();
    const replay = await admin('/unconfirmed/replay', { method: 'POST', body: '{}' });
    expect(await replay.json()).toEqual({ replayed: 5 });
    await waitFor(async () => (await states(ids)).every((s) => s === 'confirmed'), 30_000);
    expect(await metric(/^cardbridge_relay_unconfirmed_exchanges\{/)).toBeUndefined();
  });
});
