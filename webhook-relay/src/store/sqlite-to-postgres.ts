/**
 * Moves a stopped SQLite relay's outbox and run-time org connections into a PostgreSQL
 * database, for `relay migrate-to-postgres`. What it guarantees:
 *
 * - the SQLite outbox is held with the relay's own exclusive lock for the whole copy, so
 *   it refuses while a relay runs on the directory and no relay can start meanwhile;
 * - the PostgreSQL migrations run first, then everything is copied in one transaction:
 *   a crash or an error leaves the target as it was, and running again starts over;
 * - the target must hold no exchange and no run-time connection; a completed copy
 *   records the source's fingerprint (`relay_sqlite_imports`), so running it again on the
 *   same, unchanged SQLite files reports the earlier copy and changes nothing;
 * - a committed copy leaves a mark in the data directory (moved-outbox.ts), written before the
 *   outbox's lock is let go, and a SQLite relay refuses to start on a directory with that mark;
 * - every exchange row keeps its state, attempts, next attempt, last error, event UUID
 *   and receipt fields; leases are cleared (no relay holds them any more);
 * - run-time connections keep their account claims and their newest rotated refresh
 *   token; their secrets are opened with the SQLite relay's keys and sealed again with
 *   the PostgreSQL relays' master key. A connection no key opens stops the copy.
 *
 * Rows are read from SQLite a page at a time (rowid order) and written with one
 * multi-row INSERT per page, so millions of rows never sit in memory at once.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Pool, type PoolClient } from 'pg';
import { openSecret, ringOf, sealSecret, SecretUnreadableError } from './connection-secrets';
import { EXCHANGE_STATES, type ExchangeState } from './outbox-store';
import { describeDatabase } from './database-location';
import { recordOutboxMove } from './moved-outbox';
import { migrateConnections } from './postgres-connection-migrations';
import { migrateOutbox } from './postgres-outbox-migrations';
import { refreshTokenAad } from './refresh-turns';
import { SqliteConnectionStore } from './sqlite-connection-store';
import { migrate as migrateSqlite } from './sqlite-migrations';

export interface SqliteToPostgresOptions {
  /** The SQLite outbox file (`<data dir>/outbox.sqlite`). */
  outboxFile: string;
  /** The SQLite connections file (`<data dir>/connections.sqlite`); may not exist. */
  connectionsFile: string;
  databaseUrl: string;
  /** Opens what the SQLite relay sealed (its key ring). */
  sourceKey: Buffer;
  /** Seals for the PostgreSQL relays (their RELAY_MASTER_KEY). */
  targetKey: Buffer;
  /** Rows per page read and per INSERT. */
  pageSize?: number;
  /** Told after each page of exchanges (rows copied so far). */
  onProgress?: (copied: number) => void;
}

export type MigrationOutcome =
  | {
      ok: true;
      /** False when the target already held this very copy: nothing was written. */
      copied: boolean;
      exchanges: Record<ExchangeState, number>;
      connections: number;
      accountClaims: number;
      refreshTokens: number;
      importedAt?: string;
    }
  | {
      ok: false;
      code: 'RELAY_RUNNING' | 'NO_OUTBOX' | 'TARGET_NOT_EMPTY' | 'SECRET_UNREADABLE' | 'KEY_MISMATCH';
      message: string;
    };

/** Arbitrary constant naming the "cardbridge SQLite import" advisory lock. */
const IMPORT_LOCK = 73_442_041;

const EXCHANGE_COLUMNS = [
  ['webhook_id', 'text'],
  ['exchange_id', 'text'],
  ['account_id', 'text'],
  ['connection_id', 'text'],
  ['state', 'text'],
  ['body_hash', 'text'],
  ['payload', 'text'],
  ['attempts', 'integer'],
  ['last_error', 'text'],
  ['event_uuid', 'text'],
  ['received_at', 'bigint'],
  ['updated_at', 'bigint'],
  ['published_at', 'bigint'],
  ['next_attempt_at', 'bigint'],
  ['age_from', 'bigint'],
  ['resends', 'integer'],
  ['receipt_check_at', 'bigint'],
  ['receipt', 'text'],
  ['confirmed_at', 'bigint']
] as const;

type SqliteExchange = Record<(typeof EXCHANGE_COLUMNS)[number][0], string | number | null> & { rid: number };

/** `INSERT … SELECT * FROM unnest($1::text[], …)`: one statement per page whatever its size. */
function unnestInsert(table: string, columns: readonly (readonly [string, string])[]): string {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
}

function emptyCounts(): Record<ExchangeState, number> {
  return Object.fromEntries(EXCHANGE_STATES.map((state) => [state, 0])) as Record<ExchangeState, number>;
}

/** Takes the outbox the way a relay does (exclusive, held until close), or answers null while a relay holds it. */
function lockOutbox(file: string): Database.Database | null {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  // The schema this relay publishes from (a relay of this version would migrate it at start).
  migrateSqlite(db);
  return db;
}

type ConnectionSource = {
  connections: Record<string, string | number | null>[];
  claims: { account_id: string; connection_id: string }[];
  tokens: Record<string, string | number | null>[];
};

async function readConnections(file: string, sourceKey: Buffer): Promise<ConnectionSource> {
  if (!existsSync(file)) return { connections: [], claims: [], tokens: [] };
  // The store's constructor brings an older file's tables up to date (account claims, refresh tokens).
  await new SqliteConnectionStore({ database: file, masterKey: sourceKey }).close();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const connections = db
      .prepare<[], Record<string, string | number | null>>('SELECT * FROM org_connections ORDER BY created_at, id')
      .all();
    const ids = new Set(connections.map((c) => c.id));
    // Configured connections claim their accounts again when the PostgreSQL relays register them.
    const claims = db
      .prepare<[], { account_id: string; connection_id: string }>('SELECT * FROM org_connection_accounts')
      .all()
      .filter((claim) => ids.has(claim.connection_id));
    // Every connection's newest refresh token, the configured ones' too (theirs rotates as well).
    const tokens = db.prepare<[], Record<string, string | number | null>>('SELECT * FROM org_refresh_tokens').all();
    return { connections, claims, tokens };
  } finally {
    db.close();
  }
}

/** What tells this SQLite outbox and its connections apart, cheaply: changes when a row is added or changed. */
function sourceFingerprint(outbox: Database.Database, source: ConnectionSource): string {
  const stats = outbox
    .prepare<[], { n: number; rid: number | null; updated: number | null }>(
      'SELECT count(*) AS n, max(rowid) AS rid, max(updated_at) AS updated FROM exchanges'
    )
    .get();
  const connections = source.connections.map((c) => `${String(c.id)}@${String(c.updated_at)}`).join(',');
  const tokens = source.tokens.map((t) => `${String(t.connection_id)}#${String(t.version)}`).join(',');
  return createHash('sha256')
    .update(`${stats?.n}:${stats?.rid}:${stats?.updated}|${connections}|${tokens}`)
    .digest('hex');
}

class Refusal extends Error {
  constructor(
    readonly code: Exclude<MigrationOutcome, { ok: true }>['code'],
    message: string
  ) {
    super(message);
  }
}

/** Seals again for the target; names the connection whose secret no source key opens. */
function resealFor(options: SqliteToPostgresOptions, sealed: string, aad: string, connectionId: string): string {
  try {
    return sealSecret(options.targetKey, openSecret(options.sourceKey, sealed, aad), aad);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    throw new Refusal(
      'SECRET_UNREADABLE',
      `connection "${connectionId}": ${error.message}. Give the SQLite relay's key (--sqlite-master-key-file, or ` +
        'RELAY_MASTER_KEYS_OLD), or remove that connection on the SQLite relay first'
    );
  }
}

/** The target's recorded master keys must include the one we seal with (else its relays would refuse it). */
async function checkTargetKeys(client: PoolClient, targetKey: Buffer): Promise<void> {
  const table = await client.query<{ name: string | null }>(`SELECT to_regclass('relay_master_keys')::text AS name`);
  if (!table.rows[0]?.name) return;
  const known = (await client.query<{ key_id: string; fingerprint: string }>('SELECT * FROM relay_master_keys')).rows;
  const ring = ringOf(targetKey);
  const clash = ring.all.find((entry) =>
    known.some((k) => k.key_id === entry.id && k.fingerprint !== entry.fingerprint)
  );
  if (
    clash ||
    (known.length > 0 && !ring.all.some((entry) => known.some((k) => k.fingerprint === entry.fingerprint)))
  ) {
    throw new Refusal(
      'KEY_MISMATCH',
      `RELAY_MASTER_KEY (key id "${ring.current.id}") is not a key this database knows (it knows ` +
        `${known.map((k) => `"${k.key_id}"`).join(', ')}): set the key the relays on it use`
    );
  }
}

async function copyExchanges(
  outbox: Database.Database,
  client: PoolClient,
  pageSize: number,
  onProgress?: (copied: number) => void
): Promise<Record<ExchangeState, number>> {
  const counts = emptyCounts();
  const names = EXCHANGE_COLUMNS.map(([name]) => name).join(', ');
  // Payloads are kept apart, under each row's seq (sqlite-migrations.ts); PostgreSQL keeps them in the row.
  const page = outbox.prepare<[number, number], SqliteExchange>(
    `SELECT seq AS rid, ${names} FROM exchanges LEFT JOIN exchange_payloads USING (seq)
     WHERE seq > ? ORDER BY seq LIMIT ?`
  );
  const insert = unnestInsert('relay_exchanges', EXCHANGE_COLUMNS);
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = page.all(after, pageSize);
    if (rows.length === 0) break;
    const orphan = rows.find((row) => row.payload === null);
    if (orphan) throw new Error(`exchange ${String(orphan.webhook_id)} has no stored payload: nothing was copied`);
    const arrays = EXCHANGE_COLUMNS.map(([name]) => rows.map((row) => row[name]));
    await client.query(insert, arrays);
    for (const row of rows) counts[row.state as ExchangeState] += 1;
    after = rows[rows.length - 1]?.rid ?? after;
    copied += rows.length;
    onProgress?.(copied);
  }
  return counts;
}

async function copyConnections(
  options: SqliteToPostgresOptions,
  client: PoolClient,
  source: ConnectionSource
): Promise<void> {
  for (const c of source.connections) {
    const id = String(c.id);
    await client.query(
      `INSERT INTO relay_connections (id, name, instance_url, api_version, namespace, account_ids, auth_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        c.name,
        c.instance_url,
        c.api_version,
        c.namespace,
        c.account_ids,
        resealFor(options, String(c.auth_sealed), id, id),
        c.created_at,
        c.updated_at
      ]
    );
  }
  for (const claim of source.claims) {
    const taken = await client.query<{ connection_id: string }>(
      `INSERT INTO relay_connection_accounts (account_id, connection_id) VALUES ($1, $2)
       ON CONFLICT (account_id) DO UPDATE SET account_id = excluded.account_id
         WHERE relay_connection_accounts.connection_id = excluded.connection_id
       RETURNING connection_id`,
      [claim.account_id, claim.connection_id]
    );
    if (taken.rowCount === 0) {
      throw new Refusal(
        'TARGET_NOT_EMPTY',
        `account ${claim.account_id} of connection "${claim.connection_id}" is already claimed in the target ` +
          '(a configured connection of a relay started on it lists it)'
      );
    }
  }
  for (const t of source.tokens) {
    const id = String(t.connection_id);
    await client.query(
      `INSERT INTO relay_refresh_tokens (connection_id, seed_digest, token_sealed, version, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (connection_id) DO UPDATE SET seed_digest = excluded.seed_digest,
         token_sealed = excluded.token_sealed, version = excluded.version, updated_at = excluded.updated_at`,
      [
        id,
        t.seed_digest,
        t.token_sealed === null ? null : resealFor(options, String(t.token_sealed), refreshTokenAad(id), id),
        t.version,
        t.updated_at
      ]
    );
  }
}

/** The move's mark next to the outbox (moved-outbox.ts), written while the outbox is still locked. */
function markMoved(options: SqliteToPostgresOptions, exchanges: Record<ExchangeState, number>, copiedAt: string): void {
  const dataDir = path.dirname(options.outboxFile);
  try {
    recordOutboxMove(dataDir, { database: describeDatabase(options.databaseUrl), copiedAt, exchanges });
  } catch (error) {
    throw new Error(
      `the copy is committed, but its mark could not be written in ${dataDir} (${(error as Error).message}): ` +
        'run the command again, which writes it and copies nothing',
      { cause: error }
    );
  }
}

export async function migrateSqliteToPostgres(options: SqliteToPostgresOptions): Promise<MigrationOutcome> {
  if (!existsSync(options.outboxFile)) {
    return {
      ok: false,
      code: 'NO_OUTBOX',
      message: `${options.outboxFile} does not exist: not a relay's data directory`
    };
  }
  const outbox = lockOutbox(options.outboxFile);
  if (!outbox) {
    return {
      ok: false,
      code: 'RELAY_RUNNING',
      message: `a relay is running on ${options.outboxFile}: stop it first (the copy must see its final queue)`
    };
  }
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  try {
    await migrateOutbox(pool);
    await migrateConnections(pool);
    const source = await readConnections(options.connectionsFile, options.sourceKey);
    const fingerprint = sourceFingerprint(outbox, source);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS relay_sqlite_imports (
        fingerprint text PRIMARY KEY, imported_at timestamptz NOT NULL DEFAULT now(), counts text NOT NULL)`);
      const held = (
        await client.query<{ exchanges: string; connections: string }>(
          `SELECT (SELECT count(*) FROM relay_exchanges) AS exchanges, (SELECT count(*) FROM relay_connections) AS connections`
        )
      ).rows[0];
      if (Number(held?.exchanges) > 0 || Number(held?.connections) > 0) {
        const earlier = await client.query<{ imported_at: Date; counts: string }>(
          'SELECT imported_at, counts FROM relay_sqlite_imports WHERE fingerprint = $1',
          [fingerprint]
        );
        await client.query('ROLLBACK');
        const done = earlier.rows[0];
        if (done) {
          const counts = JSON.parse(done.counts) as { exchanges: Record<ExchangeState, number> };
          // A copy whose mark was never written (killed right after the commit) gets it now.
          markMoved(options, counts.exchanges, done.imported_at.toISOString());
          return { ok: true, copied: false, importedAt: done.imported_at.toISOString(), ...counts } as MigrationOutcome;
        }
        return {
          ok: false,
          code: 'TARGET_NOT_EMPTY',
          message:
            `the target already holds ${held?.exchanges} exchanges and ${held?.connections} run-time connections ` +
            'that this copy did not write: migrate into an empty database (or schema)'
        };
      }
      await checkTargetKeys(client, options.targetKey);
      const exchanges = await copyExchanges(outbox, client, options.pageSize ?? 1_000, options.onProgress);
      await copyConnections(options, client, source);
      const summary = {
        exchanges,
        connections: source.connections.length,
        accountClaims: source.claims.length,
        refreshTokens: source.tokens.filter((t) => t.token_sealed !== null).length
      };
      await client.query('INSERT INTO relay_sqlite_imports (fingerprint, counts) VALUES ($1, $2)', [
        fingerprint,
        JSON.stringify(summary)
      ]);
      await client.query('COMMIT');
      markMoved(options, summary.exchanges, new Date().toISOString());
      return { ok: true, copied: true, ...summary };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    outbox.close();
  }
}
