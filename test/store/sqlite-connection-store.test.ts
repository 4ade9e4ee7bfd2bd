import { DEFAULT_API_VERSION } from '../../webhook-relay/src/config/relay-config';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { loadMasterKey, MASTER_KEY_FILE, sealSecret } from '../../webhook-relay/src/store/connection-secrets';
import { configuredConnectionOf } from '../../webhook-relay/src/store/configured-connections';
import {
  ConfiguredConnectionsConflict,
  summarizeConnection,
  type NewConnection
} from '../../webhook-relay/src/store/connection-store';
import { SqliteConnectionStore } from '../../webhook-relay/src/store/sqlite-connection-store';

const SECRET = 'consumer-secret-that-must-never-be-stored-plain';

const acme = (overrides: Partial<NewConnection> = {}): NewConnection => ({
  id: 'acme',
  name: 'Acme production',
  instanceUrl: 'https://acme.my.salesforce.com/',
  accountIds: ['acc_1', 'acc_2'],
  auth: { flow: 'client_credentials', clientId: '3MVG9-key', clientSecret: SECRET },
  ...overrides
});

describe('SQLite connection store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-connections-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a connection with its secret across reopening', async () => {
    const key = randomBytes(32);
    const file = path.join(dir, 'relay.sqlite');
    const first = new SqliteConnectionStore({ database: file, masterKey: key });
    await first.create(acme());
    await first.close();
    const reopened = new SqliteConnectionStore({ database: file, masterKey: key });
    const stored = await reopened.get('acme');
    await reopened.close();
    expect(stored).toMatchObject({
      name: 'Acme production',
      instanceUrl: 'https://acme.my.salesforce.com',
      apiVersion: DEFAULT_API_VERSION,
      namespace: 'cardbridge',
      accountIds: ['acc_1', 'acc_2'],
      auth: { flow: 'client_credentials', clientSecret: SECRET }
    });
  });

  it('never writes the secret to disk in plain text', async () => {
    const file = path.join(dir, 'relay.sqlite');
    const store = new SqliteConnectionStore({ database: file, masterKey: randomBytes(32) });
    await store.create(acme());
    await store.close();
    const bytes = [file, `${file}-wal`]
      .map((f) => {
        try {
          return readFileSync(f).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(bytes).toContain('acme.my.salesforce.com');
    expect(bytes).not.toContain(SECRET);
  });

  it('sets aside a connection whose secrets another master key sealed, saying why', async () => {
    const db = new Database(':memory:');
    await new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) }).create(acme());
    const other = new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) });
    expect(await other.list()).toEqual([]);
    expect(other.unreadable()).toMatchObject([
      { id: 'acme', reason: expect.stringMatching(/^cannot decrypt a connection secret sealed with master key "fp-/) }
    ]);
    db.close();
  });

  it('shares a database handle with other tables and changes a connection only through update', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE exchanges (id TEXT)');
    const store = new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) });
    expect((await store.create(acme())).ok).toBe(true);
    expect(await store.create(acme({ name: 'Acme again' }))).toEqual({
      ok: false,
      refusal: { code: 'exists', id: 'acme', configured: false }
    });
    expect((await store.update(acme({ name: 'Acme renamed', accountIds: ['acc_3'] }))).ok).toBe(true);
    expect(await store.update(acme({ id: 'nobody' }))).toEqual({
      ok: false,
      refusal: { code: 'not_found', id: 'nobody' }
    });
    const all = await store.list();
    expect(all.map((c) => [c.id, c.name, c.accountIds])).toEqual([['acme', 'Acme renamed', ['acc_3']]]);
    expect(await store.remove('acme')).toBe(true);
    expect(await store.remove('acme')).toBe(false);
    await store.close();
    expect(db.open).toBe(true);
    db.close();
  });

  it('rejects a connection without a usable My Domain URL, naming the field', async () => {
    const store = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    await expect(store.create(acme({ instanceUrl: 'acme' }))).rejects.toThrow(/instanceUrl/);
    await expect(store.create(acme({ accountIds: [] }))).rejects.toThrow(/accountIds/);
    await store.close();
  });

  it('summarizes a connection for operators without its secret', async () => {
    const store = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    const created = await store.create(acme());
    if (!created.ok) throw new Error('not created');
    const summary = summarizeConnection(created.connection);
    expect(JSON.stringify(summary)).not.toContain(SECRET);
    expect(summary).toMatchObject({ id: 'acme', flow: 'client_credentials', clientId: '3MVG9-key' });
    await store.close();
  });
});

describe('SQLite connection store: tenancy', () => {
  const open = (db = new Database(':memory:')) =>
    new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) });

  it('refuses a second connection for an account, naming the one that serves it, and saves nothing', async () => {
    const store = open();
    await store.create(acme());
    const other = await store.create(acme({ id: 'globex', name: 'Globex', accountIds: ['acc_9', 'acc_2'] }));
    expect(other).toEqual({
      ok: false,
      refusal: { code: 'account_taken', accountId: 'acc_2', connectionId: 'acme', connectionName: 'Acme production' }
    });
    expect(await store.get('globex')).toBeUndefined();
    // Nor can an edit take it: acme keeps acc_2.
    await store.create(acme({ id: 'globex', name: 'Globex', accountIds: ['acc_9'] }));
    expect(await store.update(acme({ id: 'globex', name: 'Globex', accountIds: ['acc_1'] }))).toMatchObject({
      ok: false,
      refusal: { code: 'account_taken', accountId: 'acc_1', connectionId: 'acme' }
    });
    expect((await store.get('globex'))?.accountIds).toEqual(['acc_9']);
    // Once acme lets it go, it is free.
    await store.update(acme({ accountIds: ['acc_1'] }));
    expect((await store.update(acme({ id: 'globex', name: 'Globex', accountIds: ['acc_2'] }))).ok).toBe(true);
    await store.close();
  });

  it('refuses accounts and ids of the configured connections, and configured ones that collide at start', async () => {
    const store = open();
    await store.registerConfigured([
      configuredConnectionOf({
        id: 'default',
        name: 'Default org',
        instanceUrl: 'https://one.my.salesforce.com',
        apiVersion: '65.0',
        namespace: 'cardbridge',
        accountIds: ['acc_cfg'],
        auth: { flow: 'client_credentials', clientId: 'k' }
      })
    ]);
    expect(await store.create(acme({ id: 'default' }))).toEqual({
      ok: false,
      refusal: { code: 'exists', id: 'default', configured: true }
    });
    expect(await store.create(acme({ accountIds: ['acc_cfg'] }))).toMatchObject({
      ok: false,
      refusal: { code: 'account_taken', accountId: 'acc_cfg', connectionId: 'default', connectionName: 'Default org' }
    });
    expect(await store.update(acme({ id: 'default' }))).toEqual({
      ok: false,
      refusal: { code: 'configured', id: 'default' }
    });
    await store.create(acme());
    const clash = configuredConnectionOf({
      id: 'cfg-b',
      name: 'B',
      instanceUrl: 'https://b.my.salesforce.com',
      apiVersion: '65.0',
      namespace: 'cardbridge',
      accountIds: ['acc_1'],
      auth: { flow: 'client_credentials', clientId: 'k' }
    });
    await expect(store.registerConfigured([clash])).rejects.toThrow(ConfiguredConnectionsConflict);
    await expect(store.registerConfigured([clash])).rejects.toThrow(/acc_1.*Acme production/);
    await expect(store.registerConfigured([{ ...clash, id: 'acme', accountIds: ['acc_x'] }])).rejects.toThrow(
      /id of a connection added at run time/
    );
    // A refused registration changes nothing; dropping the configured connection frees its accounts.
    expect((await store.configured()).map((c) => c.id)).toEqual(['default']);
    expect(await store.registerConfigured([])).toEqual({ dropped: ['default'] });
    expect((await store.create(acme({ id: 'x', name: 'X', accountIds: ['acc_cfg'] }))).ok).toBe(true);
    await store.close();
  });

  it('keeps what a connection saved by an older relay claims, oldest first, and none for one without accounts', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE org_connections (id TEXT PRIMARY KEY, name TEXT NOT NULL, instance_url TEXT NOT NULL,
      api_version TEXT NOT NULL, namespace TEXT NOT NULL, account_ids TEXT, auth_sealed TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
    const key = randomBytes(32);
    const insert = db.prepare('INSERT INTO org_connections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const auth = (id: string) =>
      sealSecret(key, JSON.stringify({ flow: 'client_credentials', clientId: 'k', clientSecret: 's' }), id);
    insert.run(
      'first',
      'First',
      'https://first.my.salesforce.com',
      '65.0',
      'cardbridge',
      '["acc_1","acc_2"]',
      auth('first'),
      1,
      1
    );
    insert.run(
      'second',
      'Second',
      'https://second.my.salesforce.com',
      '65.0',
      'cardbridge',
      '["acc_2","acc_3"]',
      auth('second'),
      2,
      2
    );
    insert.run(
      'everyone',
      'Everyone',
      'https://all.my.salesforce.com',
      '65.0',
      'cardbridge',
      null,
      auth('everyone'),
      3,
      3
    );
    const store = new SqliteConnectionStore({ database: db, masterKey: key });
    expect((await store.list()).map((c) => [c.id, c.accountIds])).toEqual([
      ['first', ['acc_1', 'acc_2']],
      ['second', ['acc_3']],
      ['everyone', []]
    ]);
    await store.close();
    db.close();
  });
});

describe('SQLite connection store: refresh token turns', () => {
  it('hands each refresh the newest rotated token, one at a time, and keeps it across reopening', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-refresh-'));
    const key = randomBytes(32);
    const file = path.join(dir, 'connections.sqlite');
    try {
      const store = new SqliteConnectionStore({ database: file, masterKey: key });
      let valid = 'seed-token';
      let issued = 0;
      const used: string[] = [];
      // Salesforce with rotation: the token used is spent, a new one comes back.
      const exchange = async (token: string) => {
        used.push(token);
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (token !== valid) return { ok: false as const, refreshToken: null };
        valid = `rotated-${++issued}`;
        return { ok: true as const, refreshToken: valid };
      };
      const rotated = (result: { refreshToken: string | null }) => result.refreshToken;
      const results = await Promise.all([
        store.refresh('acme', 'seed-token', exchange, rotated),
        store.refresh('acme', 'seed-token', exchange, rotated),
        store.refresh('acme', 'seed-token', exchange, rotated)
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true]);
      expect(used).toEqual(['seed-token', 'rotated-1', 'rotated-2']);
      await store.close();
      const reopened = new SqliteConnectionStore({ database: file, masterKey: key });
      await reopened.refresh('acme', 'seed-token', exchange, rotated);
      expect(used[3]).toBe('rotated-3');
      // A new authorization (another seed) starts from its own token, not the old chain.
      await reopened.refresh(
        'acme',
        'fresh-seed',
        async (token) => (used.push(token), { ok: true, refreshToken: null }),
        rotated
      );
      expect(used[4]).toBe('fresh-seed');
      expect(readFileSync(file).toString('latin1')).not.toContain('rotated-3');
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('master key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads RELAY_MASTER_KEY as hex or base64', () => {
    const key = randomBytes(32);
    expect(loadMasterKey({ env: { RELAY_MASTER_KEY: key.toString('hex') }, dataDir: dir }).equals(key)).toBe(true);
    expect(loadMasterKey({ env: { RELAY_MASTER_KEY: key.toString('base64') }, dataDir: dir }).equals(key)).toBe(true);
  });

  it('prefers the configured masterKey over the environment', () => {
    const configured = randomBytes(32);
    const key = loadMasterKey({
      configured: configured.toString('base64'),
      env: { RELAY_MASTER_KEY: randomBytes(32).toString('hex') },
      dataDir: dir
    });
    expect(key.equals(configured)).toBe(true);
  });

  it('rejects a key of the wrong length with a message naming the variable', () => {
    expect(() => loadMasterKey({ env: { RELAY_MASTER_KEY: 'c2hvcnQ=' }, dataDir: dir })).toThrow(
      /RELAY_MASTER_KEY must be 32 bytes/
    );
  });

  it('generates a key file outside the data directory, readable only by the owner, logs where without the key, and reuses it', () => {
    const logged: string[] = [];
    const logger = { warn: (d: object, m: string) => logged.push(JSON.stringify(d) + m), info: () => undefined };
    const env = { XDG_CONFIG_HOME: path.join(dir, 'config') };
    const key = loadMasterKey({ env, dataDir: path.join(dir, 'data'), logger });
    const file = path.join(dir, 'config', 'cardbridge', MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(logged.join('')).toContain(file);
    expect(logged.join('')).not.toContain(key.toString('base64'));
    expect(loadMasterKey({ env, dataDir: path.join(dir, 'data'), logger }).equals(key)).toBe(true);
    expect(logged).toHaveLength(1);
  });
});
