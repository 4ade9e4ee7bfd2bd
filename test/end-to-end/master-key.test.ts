/**
 * The master key across relays and restarts, with real relays: required on PostgreSQL,
 * checked against the fingerprints the database keeps, a connection whose secrets do
 * not open is one broken connection (shown, logged once) while the rest run, rotation
 * by key id re-encrypts at start, and on SQLite a generated key lives outside the data
 * directory.
 */
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { sealSecret } from '../../webhook-relay/src/store/connection-secrets';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, waitFor } from '../publish/publish-fixtures';
import { startRelayProcess } from '../support/child-service';
import { createTestSchema, describeWithPostgres, testDatabaseUrl } from '../support/postgres-test-schema';
import { postWebhook, sampleWith, signedWebhook, TEST_SECRET } from '../support/signed-webhook';

jest.setTimeout(60_000);

const K1 = Buffer.alloc(32, 21).toString('base64');
const K2 = Buffer.alloc(32, 22).toString('base64');
const K3 = Buffer.alloc(32, 23).toString('base64');

const org = (id: string, accountId: string) => ({
  id,
  name: `Org ${id}`,
  instanceUrl: `https://${id}.my.salesforce.com`,
  accountIds: [accountId],
  auth: { flow: 'client_credentials', clientId: `${id}-client`, clientSecret: `${id}-secret-value` }
});

async function admin(relay: TestRelay, route: string, init: RequestInit = {}) {
  const res = await fetch(`${relay.url}/admin/v1${route}`, {
    ...init,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers }
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Status = { connections: { id: string; state: string; lastError?: string | null }[] };
const stateOf = async (relay: TestRelay, id: string) =>
  ((await admin(relay, '/status')).body as unknown as Status).connections.find((c) => c.id === id);

describeWithPostgres('the master key on PostgreSQL', () => {
  let url: string;
  let schema: string;
  let drop: () => Promise<void>;
  const relays: TestRelay[] = [];

  const sql = async (text: string, values: unknown[] = []) => {
    const client = new Client({ connectionString: testDatabaseUrl as string, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Record<string, string>[];
    } finally {
      await client.end();
    }
  };

  async function start(
    masterKey: string,
    extra: Record<string, unknown> = {},
    logger?: ReturnType<typeof createLogger>
  ) {
    const relay = await startTestRelay(
      { databaseUrl: url, masterKey, ...extra },
      { publishing: { ...FAST, connectionSyncMs: 100 }, ...(logger ? { logger } : {}) }
    );
    relays.push(relay);
    return relay;
  }
  const stop = async (relay: TestRelay) => {
    relays.splice(relays.indexOf(relay), 1);
    await relay.stop();
  };

  beforeEach(async () => {
    ({ schema, drop } = await createTestSchema());
    const u = new URL(testDatabaseUrl as string);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await drop();
  });

  it('refuses to start a relay without RELAY_MASTER_KEY, naming it, instead of generating a key of its own', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-nokey-'));
    try {
      await expect(
        startRelayProcess({
          RELAY_DATA_DIR: dataDir,
          RELAY_DATABASE_URL: url,
          RELAY_WEBHOOK_SECRET: TEST_SECRET,
          RELAY_ADMIN_TOKEN: 'nokey-admin-token-0123456789'
        })
      ).rejects.toThrow(/masterKey: required with a database URL: set RELAY_MASTER_KEY/);
      expect(readdirSync(dataDir)).not.toContain('master-key');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start a relay whose key differs from the one the database knows', async () => {
    await start(K1);
    await expect(start(K2)).rejects.toThrow(/^RELAY_MASTER_KEY \(key id "fp-\w+", fingerprint \w+…\) is not a key/);
  });

  it('runs the other connections when one cannot be decrypted, shows it broken and logs it once', async () => {
    const first = await start(K1);
    expect(
      (await admin(first, '/connections', { method: 'POST', body: JSON.stringify(org('good', 'acc_good')) })).status
    ).toBe(201);
    expect(
      (await admin(first, '/connections', { method: 'POST', body: JSON.stringify(org('broken', 'acc_broken')) })).status
    ).toBe(201);
    await stop(first);
    // Its secret sealed with a key no relay holds (a key lost, a row restored from elsewhere).
    const sealed = sealSecret(Buffer.from(K3, 'base64'), JSON.stringify(org('broken', 'acc_broken').auth), 'broken');
    await sql(`UPDATE relay_connections SET auth_sealed = $1 WHERE id = 'broken'`, [sealed]);

    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      }
    });
    const relay = await start(K1, {}, createLogger({ level: 'info', destination }));
    await waitFor(async () => (await stateOf(relay, 'broken'))?.state === 'auth_failed');
    expect((await stateOf(relay, 'broken'))?.lastError).toMatch(
      /^SECRET_UNREADABLE: cannot decrypt a connection secret sealed with master key "fp-/
    );
    expect((await stateOf(relay, 'good'))?.state).toBe('ok');
    // Its exchanges wait for it, queued; no other org gets them.
    const answer = await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_broken', accountId: 'acc_broken' }) })
    );
    expect(answer.status).toBe(202);
    expect((await relay.store.findByExchangeId('exc_broken'))[0]).toMatchObject({
      state: 'queued',
      connectionId: 'broken'
    });
    // Many connection syncs later (every 100 ms), still one line about it.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(lines.filter((line) => line.includes('org connection broken is unusable'))).toHaveLength(1);
  });

  it('lists a connection it cannot decrypt, refuses to test it, and takes it back only with every secret', async () => {
    const first = await start(K1);
    expect(
      (await admin(first, '/connections', { method: 'POST', body: JSON.stringify(org('broken', 'acc_broken')) })).status
    ).toBe(201);
    await stop(first);
    const sealed = sealSecret(Buffer.from(K3, 'base64'), JSON.stringify(org('broken', 'acc_broken').auth), 'broken');
    await sql(`UPDATE relay_connections SET auth_sealed = $1 WHERE id = 'broken'`, [sealed]);
    const relay = await start(K1);
    await waitFor(async () => (await stateOf(relay, 'broken'))?.state === 'auth_failed');

    const listed = (await admin(relay, '/connections')).body.connections as Record<string, unknown>[];
    expect(listed).toEqual([
      expect.objectContaining({ id: 'broken', name: 'Org broken', accountIds: ['acc_broken'], unreadable: true })
    ]);
    expect(JSON.stringify(listed)).not.toContain('secret-value');
    const tested = await admin(relay, '/connections/broken/test', { method: 'POST' });
    expect(tested.status).toBe(409);
    expect(tested.body.detail).toContain('SECRET_UNREADABLE');

    // Its saved secret cannot be merged into an edit: the edit must bring it.
    const { clientSecret: _left, ...withoutSecret } = org('broken', 'acc_broken').auth;
    const partial = await admin(relay, '/connections/broken', {
      method: 'PUT',
      body: JSON.stringify({ ...org('broken', 'acc_broken'), auth: withoutSecret })
    });
    expect(partial.status).toBe(400);
    expect(JSON.stringify(partial.body.errors)).toContain('auth.clientSecret');
    const whole = await admin(relay, '/connections/broken', {
      method: 'PUT',
      body: JSON.stringify(org('broken', 'acc_broken'))
    });
    expect(whole.status).toBe(200);
    const after = (await admin(relay, '/connections')).body.connections as Record<string, unknown>[];
    expect(after).toEqual([expect.objectContaining({ id: 'broken', flow: 'client_credentials' })]);
    expect(after[0]).not.toHaveProperty('unreadable');
    await waitFor(
      async () => !String((await stateOf(relay, 'broken'))?.lastError ?? '').startsWith('SECRET_UNREADABLE')
    );
  });

  it('rotates the key by id: the new key with the old one re-encrypts at start, then the new key alone suffices', async () => {
    const first = await start(`k1:${K1}`);
    expect(
      (await admin(first, '/connections', { method: 'POST', body: JSON.stringify(org('acme', 'acc_acme')) })).status
    ).toBe(201);
    await stop(first);
    expect((await sql(`SELECT auth_sealed FROM relay_connections`))[0]?.auth_sealed).toMatch(/^v2:k1:/);

    const rotating = await start(`k2:${K2}`, { previousMasterKeys: [`k1:${K1}`] });
    expect((await sql(`SELECT auth_sealed FROM relay_connections`))[0]?.auth_sealed).toMatch(/^v2:k2:/);
    expect((await stateOf(rotating, 'acme'))?.state).toBe('ok');
    await stop(rotating);

    const rotated = await start(`k2:${K2}`);
    expect((await stateOf(rotated, 'acme'))?.state).toBe('ok');
    expect(((await admin(rotated, '/connections')).body.connections as { id: string }[]).map((c) => c.id)).toContain(
      'acme'
    );
    await stop(rotated);

    // The retired key is still known (it starts), but no longer opens what was resealed.
    const retired = await start(`k1:${K1}`);
    await waitFor(async () => (await stateOf(retired, 'acme'))?.state === 'auth_failed');
  });
});

describe('the master key of a relay on SQLite', () => {
  it('is generated outside the data directory', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cardbridge-keyhome-'));
    const dataDir = path.join(root, 'data');
    const relay = await startRelayProcess({
      RELAY_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: path.join(root, 'config'),
      RELAY_WEBHOOK_SECRET: TEST_SECRET,
      RELAY_ADMIN_TOKEN: 'keyhome-admin-token-0123456789'
    });
    try {
      expect(existsSync(path.join(root, 'config', 'cardbridge', 'master-key'))).toBe(true);
      expect(readdirSync(dataDir)).not.toContain('master-key');
    } finally {
      await relay.stop('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
