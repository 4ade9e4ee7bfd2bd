/**
 * The database remembers which master keys sealed its connection secrets — each key's
 * id and fingerprint (a one-way digest, never the key) — so a relay started with
 * another key fails at once with a message naming RELAY_MASTER_KEY, instead of
 * starting with connections it cannot open or sealing new ones the other relays
 * cannot read. At start (`verifyMasterKeys`):
 *
 * - a key whose id the database knows must have the fingerprint it knows;
 * - once the database knows keys, at least one of the relay's keys must be one of them
 *   (a rotation keeps the previous key in RELAY_MASTER_KEYS_OLD);
 * - the first relay to record keys checks first that they open the stored secrets,
 *   so a wrong key is never recorded as the right one;
 * - the relay's keys are recorded, then every secret sealed with an older key is
 *   sealed again with the current one (the connection store's `reseal`).
 *
 * SQLite keeps the table in the connections database; PostgreSQL in the shared one,
 * checked and written under an advisory lock so relays starting together agree.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { MasterKeyError, ringOf } from './connection-secrets';

export interface KnownKey {
  keyId: string;
  fingerprint: string;
}

export interface MasterKeyRegistry {
  /** Runs `check` with the keys the database knows, then records `check`'s answer, atomically. */
  update(check: (known: KnownKey[]) => Promise<KnownKey[]>): Promise<void>;
}

/** What the check needs of the connection store. */
export interface SealedConnections {
  /** Readable connections; the unreadable ones are counted by `unreadable`. */
  list(): Promise<unknown[]>;
  unreadable(): readonly unknown[];
  /** Seals again with the current key whatever an older key sealed; answers how many. */
  reseal(): Promise<number>;
}

export class MasterKeyMismatchError extends MasterKeyError {
  override readonly code = 'MASTER_KEY_MISMATCH';
}

const short = (fingerprint: string) => `${fingerprint.slice(0, 12)}…`;
const ROTATE =
  'to rotate, give the new key a new id and keep the previous one in RELAY_MASTER_KEYS_OLD (docs/operations.md)';

export interface VerifyOptions {
  masterKey: Buffer;
  registry: MasterKeyRegistry;
  connections: SealedConnections;
  logger?: { info(details: object, message: string): void };
}

export async function verifyMasterKeys(options: VerifyOptions): Promise<{ resealed: number }> {
  const ring = ringOf(options.masterKey);
  await options.registry.update(async (known) => {
    const byId = new Map(known.map((k) => [k.keyId, k.fingerprint]));
    for (const [index, entry] of ring.all.entries()) {
      const recorded = byId.get(entry.id);
      if (recorded !== undefined && recorded !== entry.fingerprint) {
        const variable = index === 0 ? 'RELAY_MASTER_KEY' : 'RELAY_MASTER_KEYS_OLD';
        throw new MasterKeyMismatchError(
          `${variable} (key id "${entry.id}", fingerprint ${short(entry.fingerprint)}) is not the key this database ` +
            `knows by that id (fingerprint ${short(recorded)}): every relay on one database needs the same key; ${ROTATE}`
        );
      }
    }
    const knownPrints = new Set(known.map((k) => k.fingerprint));
    if (known.length > 0 && !ring.all.some((entry) => knownPrints.has(entry.fingerprint))) {
      throw new MasterKeyMismatchError(
        `RELAY_MASTER_KEY (key id "${ring.current.id}", fingerprint ${short(ring.current.fingerprint)}) is not a key ` +
          `this database's secrets were sealed with (it knows ${known.map((k) => `"${k.keyId}" ${short(k.fingerprint)}`).join(', ')}): ` +
          `set the key the other relays use; ${ROTATE}`
      );
    }
    if (known.length === 0) {
      const readable = (await options.connections.list()).length;
      const unreadable = options.connections.unreadable().length;
      if (unreadable > 0 && readable === 0) {
        throw new MasterKeyMismatchError(
          `RELAY_MASTER_KEY (fingerprint ${short(ring.current.fingerprint)}) opens none of the ${unreadable} stored ` +
            `connections: it is not the key they were sealed with; set that key (${ROTATE})`
        );
      }
    }
    return ring.all.filter((entry) => !byId.has(entry.id)).map((e) => ({ keyId: e.id, fingerprint: e.fingerprint }));
  });
  const resealed = await options.connections.reseal();
  if (resealed > 0) {
    options.logger?.info(
      { resealed, keyId: ring.current.id },
      `re-encrypted ${resealed} connection secrets with the current master key`
    );
  }
  return { resealed };
}

const SQLITE_SCHEMA = `CREATE TABLE IF NOT EXISTS master_keys (
  key_id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
)`;

/** The registry in the SQLite connections database (`connections.sqlite`). */
export function sqliteMasterKeyRegistry(filename: string): MasterKeyRegistry {
  return {
    async update(check) {
      const db = new Database(filename);
      try {
        db.pragma('busy_timeout = 5000');
        db.exec(SQLITE_SCHEMA);
        const known = db
          .prepare<[], { key_id: string; fingerprint: string }>('SELECT key_id, fingerprint FROM master_keys')
          .all()
          .map((row) => ({ keyId: row.key_id, fingerprint: row.fingerprint }));
        const record = await check(known);
        const insert = db.prepare(
          'INSERT OR IGNORE INTO master_keys (key_id, fingerprint, recorded_at) VALUES (?, ?, ?)'
        );
        db.transaction(() => record.forEach((k) => insert.run(k.keyId, k.fingerprint, Date.now())))();
      } finally {
        db.close();
      }
    }
  };
}

/** Arbitrary constant naming the "cardbridge master keys" advisory lock. */
const KEYS_LOCK = 73_442_031;

/** The registry in the shared PostgreSQL database. */
export function postgresMasterKeyRegistry(
  connectionString: string,
  options: { options?: string } = {}
): MasterKeyRegistry {
  return {
    async update(check) {
      const client = new Client({ ...options, connectionString });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
        await client.query(`CREATE TABLE IF NOT EXISTS relay_master_keys (
          key_id text PRIMARY KEY, fingerprint text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
        const rows = await client.query<{ key_id: string; fingerprint: string }>(
          'SELECT key_id, fingerprint FROM relay_master_keys'
        );
        const record = await check(rows.rows.map((row) => ({ keyId: row.key_id, fingerprint: row.fingerprint })));
        for (const k of record) {
          await client.query(
            'INSERT INTO relay_master_keys (key_id, fingerprint) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING',
            [k.keyId, k.fingerprint]
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  };
}
