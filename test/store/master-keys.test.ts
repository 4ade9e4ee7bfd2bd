/**
 * Master keys: secrets record the id of the key that sealed them, a ring of keys opens
 * them (rotation), a resealed secret carries the current key's id, the database keeps
 * the fingerprints of its keys and refuses another key at start, and the key a relay
 * on SQLite generates lives outside its data directory. Real SQLite files and, where
 * the point is several relays, real PostgreSQL.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  loadMasterKeys,
  masterKeyOf,
  MASTER_KEY_FILE,
  openSecret,
  parseKeySpec,
  resealed,
  ringFrom,
  sealedKeyId,
  sealSecret,
  SecretUnreadableError
} from '../../webhook-relay/src/store/connection-secrets';
import {
  MasterKeyMismatchError,
  postgresMasterKeyRegistry,
  sqliteMasterKeyRegistry,
  verifyMasterKeys,
  type SealedConnections
} from '../../webhook-relay/src/store/master-key-registry';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(32, 2).toString('base64');
const keys = (current: string, ...previous: string[]) =>
  masterKeyOf(
    ringFrom(
      parseKeySpec(current, 'RELAY_MASTER_KEY'),
      previous.map((p) => parseKeySpec(p, 'RELAY_MASTER_KEYS_OLD'))
    )
  );

/** What an older relay wrote: `v1:` + iv, tag, body, with no key id. */
function legacySeal(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** A stand-in for a connection store: how many connections read, how many did not, how many were resealed. */
function connections(readable: number, unreadable: number): SealedConnections & { resealCalls: number } {
  return {
    resealCalls: 0,
    list: async () => Array.from({ length: readable }),
    unreadable: () => Array.from({ length: unreadable }),
    async reseal() {
      this.resealCalls += 1;
      return 0;
    }
  };
}

describe('sealed secrets and key ids', () => {
  it('records the id of the key that sealed a secret, and opens it with a ring that still holds that key', () => {
    const sealed = sealSecret(keys(`k1:${K1}`), 'client-secret', 'acme');
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(sealed).not.toContain('client-secret');
    const rotated = keys(`k2:${K2}`, `k1:${K1}`);
    expect(openSecret(rotated, sealed, 'acme')).toBe('client-secret');
    expect(() => openSecret(keys(`k2:${K2}`), sealed, 'acme')).toThrow(SecretUnreadableError);
    expect(() => openSecret(rotated, sealed, 'globex')).toThrow(/sealed with master key "k1"/);
  });

  it('seals again with the current key what an older key sealed, and leaves the rest as is', () => {
    const rotated = keys(`k2:${K2}`, `k1:${K1}`);
    const old = sealSecret(keys(`k1:${K1}`), 'client-secret', 'acme');
    const again = resealed(rotated, old, 'acme') as string;
    expect(sealedKeyId(again)).toBe('k2');
    expect(openSecret(keys(`k2:${K2}`), again, 'acme')).toBe('client-secret');
    expect(resealed(rotated, again, 'acme')).toBeNull();
  });

  it('opens a secret an older relay sealed without a key id, and reseals it with one', () => {
    const legacy = legacySeal(Buffer.alloc(32, 1), 'client-secret', 'acme');
    expect(openSecret(keys(K2, K1), legacy, 'acme')).toBe('client-secret');
    expect(sealedKeyId(resealed(keys(K2, K1), legacy, 'acme') as string)).toMatch(/^fp-[0-9a-f]{12}$/);
  });

  it('knows a key given without an id by its fingerprint, the same on every relay', () => {
    expect(parseKeySpec(K1, 'RELAY_MASTER_KEY').id).toBe(parseKeySpec(K1, 'RELAY_MASTER_KEY').id);
    expect(parseKeySpec(K1, 'RELAY_MASTER_KEY').id).not.toBe(parseKeySpec(K2, 'RELAY_MASTER_KEY').id);
    expect(() => parseKeySpec(`bad id:${K1}`, 'RELAY_MASTER_KEYS_OLD[0]')).toThrow(
      /RELAY_MASTER_KEYS_OLD\[0\]: a key id/
    );
  });
});

describe('where the master key comes from', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to generate a key for a shared database, naming RELAY_MASTER_KEY', () => {
    expect(() => loadMasterKeys({ env: {}, dataDir: dir, shared: true })).toThrow(
      /^RELAY_MASTER_KEY is required with RELAY_DATABASE_URL/
    );
    expect(existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
  });

  it('generates the key outside the data directory, in the user configuration directory, mode 0600', () => {
    const env = { XDG_CONFIG_HOME: path.join(dir, 'config') };
    const warnings: string[] = [];
    const logger = { warn: (d: object, m: string) => warnings.push(JSON.stringify(d) + m), info: () => undefined };
    const dataDir = path.join(dir, 'data');
    const key = loadMasterKeys({ env, dataDir, logger });
    const file = path.join(dir, 'config', 'cardbridge', MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dataDir, MASTER_KEY_FILE))).toBe(false);
    expect(warnings.join('')).toContain(file);
    expect(warnings.join('')).not.toContain(key.toString('base64'));
    expect(loadMasterKeys({ env, dataDir }).equals(key)).toBe(true);
  });

  it('reads RELAY_MASTER_KEY_FILE, and keeps using the key an older relay left in the data directory, with a warning', () => {
    const file = path.join(dir, 'mounted-secret');
    writeFileSync(file, `k7:${K1}\n`);
    expect(sealedKeyId(sealSecret(loadMasterKeys({ env: {}, dataDir: dir, keyFile: file }), 's', 'a'))).toBe('k7');
    expect(() => loadMasterKeys({ env: {}, dataDir: dir, keyFile: path.join(dir, 'absent'), shared: true })).toThrow(
      /RELAY_MASTER_KEY_FILE .*absent does not exist/
    );
    const legacyDir = path.join(dir, 'legacy');
    mkdirSync(legacyDir);
    writeFileSync(path.join(legacyDir, MASTER_KEY_FILE), `${K2}\n`);
    const warnings: string[] = [];
    const logger = { warn: (_d: object, m: string) => warnings.push(m), info: () => undefined };
    const key = loadMasterKeys({ env: { XDG_CONFIG_HOME: path.join(dir, 'config') }, dataDir: legacyDir, logger });
    expect(key.equals(Buffer.alloc(32, 2))).toBe(true);
    expect(warnings[0]).toMatch(/sits in the data directory it protects/);
  });
});

describe('the database remembers its master keys (SQLite)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-key-registry-'));
    file = path.join(dir, 'connections.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (masterKey: Buffer, store = connections(1, 0)) =>
    verifyMasterKeys({ masterKey, registry: sqliteMasterKeyRegistry(file), connections: store });

  it('refuses another key at start, naming RELAY_MASTER_KEY, and keeps accepting the one it knows', async () => {
    await verify(keys(K1));
    await expect(verify(keys(K2))).rejects.toThrow(MasterKeyMismatchError);
    await expect(verify(keys(K2))).rejects.toThrow(
      /^RELAY_MASTER_KEY \(key id "fp-\w+", fingerprint \w+…\) is not a key/
    );
    await expect(verify(keys(K1))).resolves.toEqual({ resealed: 0 });
  });

  it('refuses a known key id given with another key', async () => {
    await verify(keys(`main:${K1}`));
    await expect(verify(keys(`main:${K2}`))).rejects.toThrow(/is not the key this database knows by that id/);
  });

  it('accepts a new current key while the previous one is given in RELAY_MASTER_KEYS_OLD, and reseals', async () => {
    await verify(keys(`k1:${K1}`));
    const store = connections(1, 0);
    await verify(keys(`k2:${K2}`, `k1:${K1}`), store);
    expect(store.resealCalls).toBe(1);
    // Rotation done: the new key alone is known now.
    await expect(verify(keys(`k2:${K2}`))).resolves.toEqual({ resealed: 0 });
  });

  it('never records a first key that opens none of the stored connections', async () => {
    await expect(verify(keys(K2), connections(0, 3))).rejects.toThrow(/opens none of the 3 stored connections/);
    // Nothing recorded: the right key still starts.
    await expect(verify(keys(K1), connections(3, 0))).resolves.toEqual({ resealed: 0 });
  });
});

describeWithPostgres('the database remembers its master keys (PostgreSQL, several relays)', () => {
  let schema: string;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ schema, drop } = await createTestSchema());
  });
  afterEach(() => drop());

  const verify = (masterKey: Buffer) =>
    verifyMasterKeys({
      masterKey,
      registry: postgresMasterKeyRegistry(testDatabaseUrl as string, inSchema(schema)),
      connections: connections(0, 0)
    });

  it('lets relays starting together with one key agree, and refuses a relay with another', async () => {
    await Promise.all([verify(keys(K1)), verify(keys(K1)), verify(keys(K1))]);
    await expect(verify(keys(K2))).rejects.toThrow(
      /^RELAY_MASTER_KEY .* is not a key this database's secrets were sealed with/
    );
  });
});
