/**
 * The relay's trust boundaries as `npm start` composes it (SQLite): credentials go to
 * Salesforce only, whatever an older relay saved; configured and run-time connections
 * never share an account; nothing acknowledged is stuck with a connection nobody
 * serves; an org that cannot encrypt platform events holds its exchanges; and the data
 * directory is the owner's alone.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { startRelay } from '../../webhook-relay/src/relay';
import { sealSecret } from '../../webhook-relay/src/store/connection-secrets';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { startAttackerHost, type AttackerHost } from '../support/attacker-host';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { postWebhook, sampleWith, signedWebhook, TEST_SECRET } from '../support/signed-webhook';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { FAST, storedExchange, waitFor } from '../publish/publish-fixtures';

const MASTER_KEY = Buffer.alloc(32, 9);

describe('relay trust boundaries, end to end', () => {
  const double = new SalesforceApiDouble();
  let attacker: AttackerHost;
  const relays: TestRelay[] = [];
  const dirs: string[] = [];

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    double.resetFaults();
    attacker = await startAttackerHost();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await attacker.stop();
  });

  const configured = (overrides: Record<string, unknown> = {}) => ({
    id: 'acme',
    name: 'Acme',
    instanceUrl: double.url,
    accountIds: ['acc_1'],
    auth: { flow: 'client_credentials' as const, clientId: double.clientId, clientSecret: double.clientSecret },
    ...overrides
  });

  /** A data directory as an older relay left it: connections.sqlite with these connections. */
  function olderDataDir(connections: { id: string; instanceUrl: string; accountIds: string[] | null }[]): string {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-older-'));
    dirs.push(dataDir);
    const db = new Database(path.join(dataDir, 'connections.sqlite'));
    db.exec(`CREATE TABLE org_connections (id TEXT PRIMARY KEY, name TEXT NOT NULL, instance_url TEXT NOT NULL,
      api_version TEXT NOT NULL, namespace TEXT NOT NULL, account_ids TEXT, auth_sealed TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
    for (const c of connections) {
      const auth = JSON.stringify({
        flow: 'client_credentials',
        clientId: double.clientId,
        clientSecret: 'stored-secret'
      });
      db.prepare('INSERT INTO org_connections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        c.id,
        c.id,
        c.instanceUrl,
        '65.0',
        'cardbridge',
        c.accountIds ? JSON.stringify(c.accountIds) : null,
        sealSecret(MASTER_KEY, auth, c.id),
        1,
        1
      );
    }
    db.close();
    return dataDir;
  }

  async function startOn(dataDir: string, config: Record<string, unknown> = {}): Promise<TestRelay> {
    const relay = await startTestRelay(
      { dataDir, masterKey: MASTER_KEY.toString('base64'), ...config },
      { publishing: FAST }
    );
    relays.push(relay);
    return relay;
  }

  it('never calls a connection an older relay saved with a URL that is not Salesforce', async () => {
    const dataDir = olderDataDir([{ id: 'legacy', instanceUrl: attacker.url, accountIds: ['acc_legacy'] }]);
    const relay = await startOn(dataDir);
    await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_legacy', accountId: 'acc_legacy' }) })
    );
    await waitFor(
      () => relay.publishing?.publisher.states().some((s) => s.id === 'legacy' && s.state === 'auth_failed') ?? false
    );
    const test = await fetch(`${relay.url}/admin/v1/connections/legacy/test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
    });
    expect(await test.json()).toMatchObject({ ok: false, code: 'host_not_allowed' });
    expect(attacker.received).toEqual([]);
    expect((await relay.store.findByExchangeId('exc_legacy'))[0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('sends the access token nowhere but the org when a token answer names another instance_url', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-instance-'));
    dirs.push(dataDir);
    double.faults.instanceUrl = attacker.url;
    const relay = await startOn(dataDir, { connections: [configured()] });
    await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_instance', accountId: 'acc_1' }) })
    );
    await waitFor(() => relay.publishing?.publisher.states()[0]?.lastError?.startsWith('HOST_NOT_ALLOWED') ?? false);
    expect(attacker.received).toEqual([]);
    double.faults.instanceUrl = null;
    await waitFor(() => double.eventsFor('exc_instance').length === 1);
  });

  it('puts exchanges queued for a connection nobody serves any more back to unrouted at start', async () => {
    const dataDir = olderDataDir([{ id: 'everyone', instanceUrl: double.url, accountIds: null }]);
    const outbox = new SqliteOutboxStore({ filename: path.join(dataDir, 'outbox.sqlite') });
    const forGone = storedExchange({ accountId: 'acc_9', connectionId: 'gone' });
    const forCatchAll = storedExchange({ accountId: 'acc_8', connectionId: 'everyone' });
    await outbox.insert(forGone);
    await outbox.insert(forCatchAll);
    await outbox.close();
    const relay = await startOn(dataDir);
    expect(await relay.store.getByWebhookId(forGone.webhookId)).toMatchObject({
      state: 'unrouted',
      connectionId: null
    });
    // The old catch-all (saved without accounts) serves nobody's exchanges until it is edited to name them.
    expect(await relay.store.getByWebhookId(forCatchAll.webhookId)).toMatchObject({ state: 'unrouted' });
    expect(relay.publishing?.publisher.connections()).toEqual([]);
  });

  it('refuses to start when a configured connection lists an account a run-time connection serves, saying what to do', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-overlap-'));
    dirs.push(dataDir);
    const store = new SqliteConnectionStore({
      database: path.join(dataDir, 'connections.sqlite'),
      masterKey: MASTER_KEY
    });
    await store.create({
      id: 'runtime-org',
      name: 'Run-time org',
      instanceUrl: 'https://runtime.my.salesforce.com',
      accountIds: ['acc_1'],
      auth: { flow: 'client_credentials', clientId: 'k', clientSecret: 's' }
    });
    await store.close();
    await expect(startOn(dataDir, { connections: [configured()] })).rejects.toThrow(
      /configured connection "acme" lists account acc_1, which connection “Run-time org” \(runtime-org\), added at run time, serves/
    );
  });

  it('holds exchanges while the org cannot encrypt platform events, showing it in the detailed status', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-encryption-'));
    dirs.push(dataDir);
    double.faults.encryptionError = true;
    const relay = await startOn(dataDir, { connections: [configured()] });
    await postWebhook(
      relay.url,
      signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_shield', accountId: 'acc_1' }) })
    );
    await waitFor(async () => {
      const status = await fetch(`${relay.url}/admin/v1/status`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
      });
      const body = (await status.json()) as { connections: { state: string; lastError: string | null }[] | null };
      return body.connections?.[0]?.state === 'encryption_failed';
    });
    expect((await relay.store.findByExchangeId('exc_shield'))[0]).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await relay.store.counts()).byState.dead).toBe(0);
    double.faults.encryptionError = false;
    await waitFor(() => double.eventsFor('exc_shield').length === 1, 15_000);
  });

  describe('files', () => {
    const modeOf = (file: string) => statSync(file).mode & 0o777;

    it('keeps the data directory 0700 and every file in it 0600, with secrets from the environment', async () => {
      const parent = mkdtempSync(path.join(os.tmpdir(), 'relay-modes-'));
      dirs.push(parent);
      const dataDir = path.join(parent, 'data');
      const relay = await startRelay({
        env: {
          PORT: '0',
          RELAY_HOST: '127.0.0.1',
          RELAY_DATA_DIR: dataDir,
          RELAY_WEBHOOK_SECRET: TEST_SECRET,
          RELAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          RELAY_MASTER_KEY: MASTER_KEY.toString('base64'),
          LOG_LEVEL: 'silent'
        },
        cwd: parent,
        logger: createLogger({ level: 'silent' }),
        publishing: FAST
      });
      try {
        await postWebhook(relay.url, signedWebhook());
        expect(modeOf(dataDir)).toBe(0o700);
        for (const file of ['outbox.sqlite', 'outbox.sqlite-wal', 'connections.sqlite']) {
          expect(existsSync(path.join(dataDir, file))).toBe(true);
        }
        // Every file there (databases, their -wal and -shm journals): the owner's alone.
        const files = readdirSync(dataDir);
        expect(files.map((file) => [file, modeOf(path.join(dataDir, file))])).toEqual(
          files.map((file) => [file, 0o600])
        );
      } finally {
        await relay.close();
      }
    });

    it('tightens a data directory an older relay left readable to others', async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-loose-'));
      dirs.push(dataDir);
      chmodSync(dataDir, 0o755);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(path.join(dataDir, 'master-key'), `${MASTER_KEY.toString('base64')}\n`, { mode: 0o644 });
      const outbox = new SqliteOutboxStore({ filename: path.join(dataDir, 'outbox.sqlite') });
      await outbox.close();
      chmodSync(path.join(dataDir, 'outbox.sqlite'), 0o644);
      const relay = await startTestRelay({ dataDir }, { publishing: FAST });
      relays.push(relay);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'master-key'))).toBe(0o600);
      expect(modeOf(path.join(dataDir, 'outbox.sqlite'))).toBe(0o600);
    });
  });
});
