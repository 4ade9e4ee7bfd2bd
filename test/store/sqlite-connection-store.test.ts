import { DEFAULT_API_VERSION } from '../../webhook-relay/src/config/relay-config';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { loadMasterKey, MASTER_KEY_FILE } from '../../webhook-relay/src/store/connection-secrets';
import { summarizeConnection, type NewConnection } from '../../webhook-relay/src/store/connection-store';
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
    await first.save(acme());
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
    await store.save(acme());
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

  it('refuses to open secrets with a different master key, saying why', async () => {
    const db = new Database(':memory:');
    await new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) }).save(acme());
    const other = new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) });
    await expect(other.list()).rejects.toThrow(/master key differs/);
    db.close();
  });

  it('shares a database handle with other tables and replaces a connection saved again', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE exchanges (id TEXT)');
    const store = new SqliteConnectionStore({ database: db, masterKey: randomBytes(32) });
    await store.save(acme());
    await store.save(acme({ name: 'Acme renamed', accountIds: null }));
    const all = await store.list();
    expect(all.map((c) => [c.id, c.name, c.accountIds])).toEqual([['acme', 'Acme renamed', null]]);
    expect(await store.remove('acme')).toBe(true);
    expect(await store.remove('acme')).toBe(false);
    await store.close();
    expect(db.open).toBe(true);
    db.close();
  });

  it('rejects a connection without a usable My Domain URL, naming the field', async () => {
    const store = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    await expect(store.save(acme({ instanceUrl: 'acme' }))).rejects.toThrow(/instanceUrl/);
    await store.close();
  });

  it('summarizes a connection for operators without its secret', async () => {
    const store = new SqliteConnectionStore({ database: ':memory:', masterKey: randomBytes(32) });
    const summary = summarizeConnection(await store.save(acme()));
    expect(JSON.stringify(summary)).not.toContain(SECRET);
    expect(summary).toMatchObject({ id: 'acme', flow: 'client_credentials', clientId: '3MVG9-key' });
    await store.close();
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

  it('generates a key file readable only by the owner, logs where without the key, and reuses it', () => {
    const logged: string[] = [];
    const logger = { warn: (d: object, m: string) => logged.push(JSON.stringify(d) + m), info: () => undefined };
    const key = loadMasterKey({ env: {}, dataDir: dir, logger });
    const file = path.join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(logged.join('')).toContain(file);
    expect(logged.join('')).not.toContain(key.toString('base64'));
    expect(loadMasterKey({ env: {}, dataDir: dir, logger }).equals(key)).toBe(true);
    expect(logged).toHaveLength(1);
  });
});
