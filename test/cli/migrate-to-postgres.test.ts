/**
 * `relay migrate-to-postgres`: a SQLite relay's queue (queued, unrouted, published, confirmed
 * and dead rows, with attempts, errors and receipts) and its run-time connection (account
 * claim, rotated refresh token) move into PostgreSQL; a relay started there publishes what
 * was queued and finds every exchange in its state. It refuses while a relay runs on the
 * directory, and a target that holds rows it did not write; running it again is harmless. A
 * SQLite relay will not start on a directory whose outbox was moved.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { runCli } from '../../webhook-relay/src/cli/main';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { createTestSchema, describeWithPostgres, testDatabaseUrl } from '../support/postgres-test-schema';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { EXCHANGE_COLUMNS } from '../../webhook-relay/src/store/exchange-row';
import { MOVED_MARK_FILE } from '../../webhook-relay/src/store/moved-outbox';

function terminal(env: Record<string, string>, cwd: string): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), env, cwd };
}

const COLUMNS = EXCHANGE_COLUMNS;
type Row = Record<string, string | number | null>;
const normalised = (row: Row) =>
  Object.fromEntries(COLUMNS.map((c) => [c, typeof row[c] === 'string' && /_at$/.test(c) ? Number(row[c]) : row[c]]));

describeWithPostgres('relay migrate-to-postgres', () => {
  const SQLITE_KEY = Buffer.alloc(32, 11).toString('base64');
  const POSTGRES_KEY = Buffer.alloc(32, 22).toString('base64');
  let double: SalesforceApiDouble;
  let work: string;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  const relays: TestRelay[] = [];

  const admin = (relay: TestRelay, route: string, init: RequestInit = {}) =>
    fetch(`${relay.url}/admin/v1${route}`, {
      ...init,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }
    });
  const post = (relay: TestRelay, exchangeId: string, accountId: string) =>
    postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId, accountId }) }));
  const migrate = (dataDir: string, extra: string[] = []) => {
    const cli = terminal({ RELAY_MASTER_KEY: POSTGRES_KEY, HOME: work, XDG_CONFIG_HOME: path.join(work, 'xdg') }, work);
    const args = ['migrate-to-postgres', '--data-dir', dataDir, '--database-url', databaseUrl, ...extra];
    return runCli(args, cli).then((code) => ({ code, text: cli.lines.join('\n') }));
  };
  const query = async (sql: string): Promise<Row[]> => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<Row>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    double = new SalesforceApiDouble();
    await double.start();
  });
  afterAll(() => double.stop());

  beforeEach(async () => {
    double.resetFaults();
    work = mkdtempSync(path.join(os.tmpdir(), 'relay-migrate-'));
    const created = await createTestSchema();
    drop = created.drop;
    const url = new URL(testDatabaseUrl as string);
    url.searchParams.set('options', `-c search_path=${created.schema}`);
    databaseUrl = url.toString();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('moves every exchange in its state and the run-time connection, and a PostgreSQL relay carries on', async () => {
    const dataDir = path.join(work, 'sqlite-relay');
    mkdirSync(dataDir);
    // The SQLite relay used a key file of its own (as a generated key would be), not the PostgreSQL key.
    const keyFile = path.join(work, 'sqlite-master-key');
    writeFileSync(keyFile, `${SQLITE_KEY}\n`, { mode: 0o600 });
    const receipts = { receiptCheckSeconds: 0.2, extraSalesforceHosts: [double.url] };
    const sqlite = await startTestRelay(
      { dataDir, masterKey: undefined, masterKeyFile: keyFile, ...receipts },
      { publishing: FAST }
    );
    relays.push(sqlite);

    // A run-time web-server connection whose app rotates refresh tokens: the seed dies at the first refresh.
    double.rotateRefreshTokens();
    const seed = double.addRefreshToken();
    const created = await admin(sqlite, '/connections', {
      method: 'POST',
      body: JSON.stringify({
        id: 'runtime-org',
        name: 'Runtime org',
        instanceUrl: double.url,
        accountIds: ['acc_rt'],
        auth: { flow: 'web_server', clientId: double.clientId, clientSecret: double.clientSecret, refreshToken: seed }
      })
    });
    expect(created.status).toBe(201);
    await waitFor(() => sqlite.publishing?.publisher.connections().some((c) => c.id === 'runtime-org') ?? false);
    expect(await (await admin(sqlite, '/connections/runtime-org/test', { method: 'POST' })).json()).toMatchObject({
      ok: true
    });
    expect(double.hasRefreshToken(seed)).toBe(false);

    const confirmed = ['exc_conf_1', 'exc_conf_2'];
    const queued = ['exc_q_1', 'exc_q_2', 'exc_q_3'];
    double.failRecords(['exc_dead'], 'STRING_TOO_LONG', 'Company: data value too large');
    double.failRecords(queued, 'PLATFORM_EVENT_PUBLISHING_UNAVAILABLE', 'try again later');
    for (const id of [...confirmed, 'exc_dead', ...queued]) expect((await post(sqlite, id, 'acc_rt')).status).toBe(202);
    expect((await post(sqlite, 'exc_unrouted', 'acc_nobody')).body.status).toBe('unrouted');
    const stateOf = async (relay: TestRelay, id: string) => (await relay.store.findByExchangeId(id))[0];
    await waitFor(async () => {
      const rows = await Promise.all([...confirmed, 'exc_dead', ...queued].map((id) => stateOf(sqlite, id)));
      return rows.every((r, i) =>
        i < 2 ? r?.state === 'confirmed' : i === 2 ? r?.state === 'dead' : r && r.attempts >= 2
      );
    });

    // While the SQLite relay runs, the command refuses and writes nothing.
    const refused = await migrate(dataDir, ['--sqlite-master-key-file', keyFile]);
    expect(refused).toMatchObject({ code: 1, text: expect.stringContaining('a relay is running on') });
    expect(await query(`SELECT to_regclass('relay_exchanges')::text AS t`)).toEqual([{ t: null }]);

    await sqlite.stop();
    relays.splice(relays.indexOf(sqlite), 1);
    const source = new Database(path.join(dataDir, 'outbox.sqlite'), { readonly: true });
    const before = source
      .prepare<[], Row>('SELECT * FROM exchanges LEFT JOIN exchange_payloads USING (seq) ORDER BY webhook_id')
      .all();
    source.close();
    expect(before).toHaveLength(7);

    // Without the SQLite relay's key the connection cannot be opened: refused, nothing written.
    const keyless = await migrate(dataDir);
    expect(keyless).toMatchObject({ code: 1, text: expect.stringContaining('connection "runtime-org"') });
    expect(await query('SELECT count(*)::int AS n FROM relay_exchanges')).toEqual([{ n: 0 }]);

    const moved = await migrate(dataDir, ['--sqlite-master-key-file', keyFile]);
    expect(moved.code).toBe(0);
    expect(moved.text).toContain('copied 7 exchanges in one transaction');
    expect(moved.text).toMatch(
      /queued\s+3\n\s+published\s+0\n\s+confirmed\s+2\n\s+unconfirmed\s+0\n\s+dead\s+1\n\s+unrouted\s+1/
    );
    expect(moved.text).toContain('run-time connections 1 (1 account claims, 1 rotated refresh tokens)');
    expect(moved.text).not.toContain(POSTGRES_KEY);

    // Every column as it was in SQLite; no lease.
    const after = await query('SELECT * FROM relay_exchanges ORDER BY webhook_id');
    expect(after.map(normalised)).toEqual(before.map(normalised));
    expect(after.filter((r) => r.lease_owner !== null || r.lease_expires_at !== null)).toEqual([]);
    expect(after.find((r) => r.exchange_id === 'exc_dead')?.last_error).toContain('STRING_TOO_LONG');
    expect(after.find((r) => r.exchange_id === 'exc_conf_1')?.receipt).toEqual(expect.any(String));

    // Again on the same files: nothing written, the earlier copy reported.
    const again = await migrate(dataDir, ['--sqlite-master-key-file', keyFile]);
    expect(again.code).toBe(0);
    expect(again.text).toContain('already copied at');
    expect(await query('SELECT count(*)::int AS n FROM relay_exchanges')).toEqual([{ n: 7 }]);

    // The move is marked in the directory, and a SQLite relay refuses to start there: it would publish the queue twice.
    const mark = path.join(dataDir, MOVED_MARK_FILE);
    expect(statSync(mark).mode & 0o777).toBe(0o600);
    const recorded = JSON.parse(readFileSync(mark, 'utf8')) as Record<string, unknown>;
    expect(recorded).toMatchObject({ exchanges: { queued: 3, confirmed: 2, dead: 1, unrouted: 1 } });
    expect(recorded.database).toBe(`${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`);
    const outboxBefore = readFileSync(path.join(dataDir, 'outbox.sqlite'));
    await expect(startTestRelay({ dataDir, masterKeyFile: keyFile, masterKey: undefined })).rejects.toThrow(
      /copied into PostgreSQL at .*RELAY_DATABASE_URL.*delete .*moved-to-postgres\.json/s
    );
    expect(readFileSync(path.join(dataDir, 'outbox.sqlite')).equals(outboxBefore)).toBe(true);

    // A PostgreSQL relay with its own key: the connection opens, signs in with the rotated token, publishes the queue.
    double.failRecords(queued, 'PLATFORM_EVENT_PUBLISHING_UNAVAILABLE', 'try again later', 0);
    const grantsBefore = double.refreshGrants.length;
    const postgres = await startTestRelay({ databaseUrl, masterKey: POSTGRES_KEY, ...receipts }, { publishing: FAST });
    relays.push(postgres);
    await waitFor(() => queued.every((id) => double.eventsFor(id).length === 1));
    expect(double.refreshGrants.slice(grantsBefore).filter((g) => !g.accepted)).toEqual([]);
    expect(double.refreshGrants.length).toBeGreaterThan(grantsBefore);
    const expected: Record<string, string[]> = {
      exc_conf_1: ['confirmed'],
      exc_conf_2: ['confirmed'],
      exc_dead: ['dead'],
      exc_unrouted: ['unrouted'],
      exc_q_1: ['published', 'confirmed'],
      exc_q_2: ['published', 'confirmed'],
      exc_q_3: ['published', 'confirmed']
    };
    for (const [exchangeId, states] of Object.entries(expected)) {
      const lookup = await admin(postgres, `/exchanges/${exchangeId}`);
      expect(lookup.status).toBe(200);
      const body = (await lookup.json()) as { state: string };
      expect({ exchangeId, state: states.includes(body.state) }).toEqual({ exchangeId, state: true });
    }
    expect(double.eventsFor('exc_conf_1')).toHaveLength(1);

    // A move abandoned on purpose: with the mark deleted, the SQLite relay starts on its directory again.
    rmSync(mark);
    const reopened = await startTestRelay({ dataDir, masterKeyFile: keyFile, masterKey: undefined });
    relays.push(reopened);
    expect((await reopened.store.findByExchangeId('exc_q_1')).length).toBe(1);
  }, 60_000);

  it('refuses a target that holds exchanges it did not write', async () => {
    const taken = await startTestRelay({ databaseUrl, masterKey: POSTGRES_KEY });
    relays.push(taken);
    expect((await post(taken, 'exc_already_there', 'acc_1')).status).toBe(202);

    const dataDir = path.join(work, 'sqlite-relay');
    mkdirSync(dataDir);
    const sqlite = await startTestRelay({ dataDir });
    expect((await post(sqlite, 'exc_from_sqlite', 'acc_1')).status).toBe(202);
    await sqlite.stop();

    const refused = await migrate(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('the target already holds 1 exchanges and 0 run-time connections');
    expect((await taken.store.findByExchangeId('exc_from_sqlite')).length).toBe(0);
  });

  it('refuses a target whose relays use another master key, writing nothing', async () => {
    // Relays already ran on this database with their own key: what we seal with RELAY_MASTER_KEY they could not open.
    const other = await startTestRelay(
      { databaseUrl, masterKey: Buffer.alloc(32, 33).toString('base64') },
      { publishing: FAST }
    );
    await other.stop();
    expect((await query('SELECT key_id FROM relay_master_keys')).length).toBeGreaterThan(0);

    const dataDir = path.join(work, 'sqlite-relay');
    mkdirSync(dataDir);
    const sqlite = await startTestRelay({ dataDir });
    expect((await post(sqlite, 'exc_key_mismatch', 'acc_1')).status).toBe(202);
    await sqlite.stop();

    const refused = await migrate(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('is not a key this database knows');
    expect(await query(`SELECT webhook_id FROM relay_exchanges`)).toEqual([]);
  });
});
