/**
 * Org connections in SQLite, in their own tables (the file may be shared with
 * the outbox). Everything but the auth block is plain; the auth block (client
 * secret, private key, refresh token) is sealed with AES-256-GCM. Which connection
 * serves which account is one row per account (primary key: one connection per
 * account), written in the same transaction as the connection; configured
 * connections claim their accounts there too. One process owns an SQLite store, so
 * the relay's configuration is the truth at every start.
 */
import Database from 'better-sqlite3';
import {
  connectionFromRow,
  readConnections,
  resealedRows,
  rowValuesOf,
  type ConnectionRow as Row,
  type UnreadableConnection
} from './connection-row';
import {
  ConfiguredConnectionsConflict,
  newConnectionSchema,
  type ConfiguredConnection,
  type ConnectionStore,
  type NewConnection,
  type RegistrationResult,
  type SaveOutcome,
  type SaveRefusal,
  type StoredConnection
} from './connection-store';
import { refreshInTurn, refreshTokenAad, type RefreshRow, type RefreshRowOps } from './refresh-turns';

export interface SqliteConnectionStoreOptions {
  /** An open handle (shared with the outbox) or a file name. */
  database: Database.Database | string;
  masterKey: Buffer;
  now?: () => number;
  /** Told when a rotated refresh token could not be saved. */
  onRefreshTokenLost?: (connectionId: string, reason: string) => void;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS org_connections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  instance_url TEXT NOT NULL,
  api_version TEXT NOT NULL,
  namespace TEXT NOT NULL,
  account_ids TEXT,
  auth_sealed TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS org_connection_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS org_connection_accounts (
  account_id TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS org_connection_accounts_by_connection ON org_connection_accounts (connection_id);
CREATE TABLE IF NOT EXISTS org_configured_connections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  account_ids TEXT,
  fingerprint TEXT NOT NULL,
  settings TEXT NOT NULL,
  registered_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS org_refresh_tokens (
  connection_id TEXT PRIMARY KEY,
  seed_digest TEXT,
  token_sealed TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  updated_at INTEGER NOT NULL
);`;

/** Schema 1: account claims, backfilled from the connections saved before they existed (oldest claim wins). */
const BACKFILL_ACCOUNTS = `INSERT OR IGNORE INTO org_connection_accounts (account_id, connection_id)
  SELECT j.value, c.id FROM org_connections c, json_each(c.account_ids) j
  WHERE c.account_ids IS NOT NULL ORDER BY c.created_at, c.id`;

type ClaimRow = { account_id: string; connection_id: string };

export class SqliteConnectionStore implements ConnectionStore {
  private readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly key: Buffer;
  private readonly now: () => number;
  private readonly refreshOps: RefreshRowOps;
  private unreadableRows: UnreadableConnection[] = [];
  private readonly onRefreshTokenLost?: (connectionId: string, reason: string) => void;

  constructor(options: SqliteConnectionStoreOptions) {
    this.ownsDb = typeof options.database === 'string';
    this.db = typeof options.database === 'string' ? new Database(options.database) : options.database;
    if (this.ownsDb) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
    }
    this.db.exec(SCHEMA);
    this.db.transaction(() => {
      const version = this.db.prepare<[], { version: number }>('SELECT version FROM org_connection_schema').get();
      if (version) return;
      this.db.exec(BACKFILL_ACCOUNTS);
      this.db.prepare('INSERT INTO org_connection_schema (version) VALUES (1)').run();
    })();
    this.key = options.masterKey;
    this.now = options.now ?? Date.now;
    this.onRefreshTokenLost = options.onRefreshTokenLost;
    this.refreshOps = this.makeRefreshOps();
  }

  private claimsOf(): Map<string, string[]> {
    const claims = new Map<string, string[]>();
    for (const row of this.db.prepare<[], ClaimRow>('SELECT * FROM org_connection_accounts').all()) {
      claims.set(row.connection_id, [...(claims.get(row.connection_id) ?? []), row.account_id]);
    }
    return claims;
  }

  async list(): Promise<StoredConnection[]> {
    const rows = this.db.prepare<[], Row>('SELECT * FROM org_connections ORDER BY created_at, id').all();
    const claims = this.claimsOf();
    const held = (row: Row) => claims.get(row.id) ?? [];
    const read = readConnections(rows, (row) => connectionFromRow(row, this.key, held(row)), held);
    this.unreadableRows = read.unreadable;
    return read.connections;
  }

  unreadable(): UnreadableConnection[] {
    return this.unreadableRows;
  }

  async reseal(): Promise<number> {
    const connections = this.db.prepare<[], Row>('SELECT * FROM org_connections').all();
    const tokens = this.db
      .prepare<[], { connection_id: string; token_sealed: string | null }>(
        'SELECT connection_id, token_sealed FROM org_refresh_tokens'
      )
      .all();
    const auth = this.db.prepare('UPDATE org_connections SET auth_sealed = ? WHERE id = ? AND auth_sealed = ?');
    const token = this.db.prepare(
      'UPDATE org_refresh_tokens SET token_sealed = ? WHERE connection_id = ? AND token_sealed = ?'
    );
    return this.db.transaction(() => {
      let count = 0;
      for (const c of resealedRows(connections, this.key, (row) => ({ sealed: row.auth_sealed, aad: row.id }))) {
        count += auth.run(c.to, c.row.id, c.from).changes;
      }
      const sealedOf = (row: { connection_id: string; token_sealed: string | null }) => ({
        sealed: row.token_sealed,
        aad: refreshTokenAad(row.connection_id)
      });
      for (const c of resealedRows(tokens, this.key, sealedOf)) {
        count += token.run(c.to, c.row.connection_id, c.from).changes;
      }
      return count;
    })();
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const row = this.db.prepare<[string], Row>('SELECT * FROM org_connections WHERE id = ?').get(id);
    if (!row) return undefined;
    const claimed = this.db
      .prepare<[string], ClaimRow>('SELECT * FROM org_connection_accounts WHERE connection_id = ?')
      .all(id)
      .map((claim) => claim.account_id);
    return connectionFromRow(row, this.key, claimed);
  }

  /** The first account of `accountIds` that another connection holds, named. */
  private takenAccount(id: string, accountIds: readonly string[]): SaveRefusal | null {
    const owner = this.db.prepare<[string], ClaimRow>('SELECT * FROM org_connection_accounts WHERE account_id = ?');
    for (const accountId of accountIds) {
      const claim = owner.get(accountId);
      if (claim && claim.connection_id !== id) {
        const named =
          this.db
            .prepare<[string], { name: string }>('SELECT name FROM org_connections WHERE id = ?')
            .get(claim.connection_id) ??
          this.db
            .prepare<[string], { name: string }>('SELECT name FROM org_configured_connections WHERE id = ?')
            .get(claim.connection_id);
        return {
          code: 'account_taken',
          accountId,
          connectionId: claim.connection_id,
          connectionName: named?.name ?? claim.connection_id
        };
      }
    }
    return null;
  }

  private writeClaims(id: string, accountIds: readonly string[]): void {
    this.db.prepare('DELETE FROM org_connection_accounts WHERE connection_id = ?').run(id);
    const insert = this.db.prepare('INSERT INTO org_connection_accounts (account_id, connection_id) VALUES (?, ?)');
    for (const accountId of accountIds) insert.run(accountId, id);
  }

  private isConfigured(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM org_configured_connections WHERE id = ?').get(id) !== undefined;
  }

  async create(input: NewConnection): Promise<SaveOutcome> {
    const connection = newConnectionSchema.parse(input);
    const now = this.now();
    const refusal = this.attempt((): SaveRefusal | null => {
      if (this.isConfigured(connection.id)) return { code: 'exists', id: connection.id, configured: true };
      const inserted = this.db
        .prepare(
          `INSERT INTO org_connections (id, name, instance_url, api_version, namespace, account_ids, auth_sealed, created_at, updated_at)
           VALUES (@id, @name, @instanceUrl, @apiVersion, @namespace, @accountIds, @authSealed, @now, @now)
           ON CONFLICT (id) DO NOTHING`
        )
        .run({ ...rowValuesOf(connection, this.key), now });
      if (inserted.changes === 0) return { code: 'exists', id: connection.id, configured: false };
      const taken = this.takenAccount(connection.id, connection.accountIds);
      if (taken) throw new Refused(taken);
      this.writeClaims(connection.id, connection.accountIds);
      return null;
    });
    return this.outcome(connection.id, refusal);
  }

  async update(input: NewConnection): Promise<SaveOutcome> {
    const connection = newConnectionSchema.parse(input);
    const now = this.now();
    const refusal = this.attempt((): SaveRefusal | null => {
      const updated = this.db
        .prepare(
          `UPDATE org_connections SET name = @name, instance_url = @instanceUrl, api_version = @apiVersion,
             namespace = @namespace, account_ids = @accountIds, auth_sealed = @authSealed, updated_at = @now
           WHERE id = @id`
        )
        .run({ ...rowValuesOf(connection, this.key), now });
      if (updated.changes === 0) {
        return this.isConfigured(connection.id)
          ? { code: 'configured', id: connection.id }
          : { code: 'not_found', id: connection.id };
      }
      const taken = this.takenAccount(connection.id, connection.accountIds);
      if (taken) throw new Refused(taken);
      this.writeClaims(connection.id, connection.accountIds);
      return null;
    });
    return this.outcome(connection.id, refusal);
  }

  /** Runs `write` in one transaction; a refusal (returned or thrown as `Refused`) leaves nothing written. */
  private attempt(write: () => SaveRefusal | null): SaveRefusal | null {
    try {
      return this.db.transaction(() => {
        const refusal = write();
        if (refusal) throw new Refused(refusal);
        return null;
      })();
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      throw error;
    }
  }

  private async outcome(id: string, refusal: SaveRefusal | null): Promise<SaveOutcome> {
    if (refusal) return { ok: false, refusal };
    const saved = await this.get(id);
    if (!saved) throw new Error(`connection ${id} was not saved`);
    return { ok: true, connection: saved };
  }

  async remove(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM org_connections WHERE id = ?').run(id).changes > 0;
      if (removed) {
        this.db.prepare('DELETE FROM org_connection_accounts WHERE connection_id = ?').run(id);
        this.db.prepare('DELETE FROM org_refresh_tokens WHERE connection_id = ?').run(id);
      }
      return removed;
    })();
  }

  async registerConfigured(connections: readonly ConfiguredConnection[]): Promise<RegistrationResult> {
    const now = this.now();
    return this.db.transaction((): RegistrationResult => {
      const problems: string[] = [];
      const runtime = new Map(
        this.db
          .prepare<[], { id: string; name: string }>('SELECT id, name FROM org_connections')
          .all()
          .map((row) => [row.id, row.name])
      );
      const before = this.db.prepare<[], { id: string }>('SELECT id FROM org_configured_connections').all();
      const wanted = new Set(connections.map((c) => c.id));
      const dropped = before.map((row) => row.id).filter((id) => !wanted.has(id));
      for (const id of [...dropped, ...wanted]) {
        this.db.prepare('DELETE FROM org_connection_accounts WHERE connection_id = ?').run(id);
      }
      this.db.prepare('DELETE FROM org_configured_connections').run();
      for (const connection of connections) {
        if (runtime.has(connection.id)) {
          problems.push(
            `configured connection "${connection.id}" has the id of a connection added at run time (“${runtime.get(connection.id)}”): rename one of them`
          );
          continue;
        }
        const taken = this.takenAccount(connection.id, connection.accountIds ?? []);
        if (taken && taken.code === 'account_taken') {
          problems.push(
            `configured connection "${connection.id}" lists account ${taken.accountId}, which connection “${taken.connectionName}” (${taken.connectionId}), added at run time, serves: ` +
              'take the account out of the configuration, start the relay, edit or remove that connection, then put it back'
          );
          continue;
        }
        this.db
          .prepare(
            `INSERT INTO org_configured_connections (id, name, account_ids, fingerprint, settings, registered_at)
             VALUES (?, ?, ?, ?, ?, ?)`
          )
          .run(
            connection.id,
            connection.name,
            connection.accountIds ? JSON.stringify(connection.accountIds) : null,
            connection.fingerprint,
            JSON.stringify(connection.settings),
            now
          );
        this.writeClaims(connection.id, connection.accountIds ?? []);
      }
      if (problems.length > 0) throw new ConfiguredConnectionsConflict(problems);
      for (const id of dropped) this.db.prepare('DELETE FROM org_refresh_tokens WHERE connection_id = ?').run(id);
      return { dropped };
    })();
  }

  async configured(): Promise<ConfiguredConnection[]> {
    return this.db
      .prepare<[], { id: string; name: string; account_ids: string | null; fingerprint: string; settings: string }>(
        'SELECT * FROM org_configured_connections ORDER BY id'
      )
      .all()
      .map((row) => ({
        id: row.id,
        name: row.name,
        accountIds: row.account_ids === null ? null : (JSON.parse(row.account_ids) as string[]),
        fingerprint: row.fingerprint,
        settings: JSON.parse(row.settings) as Record<string, unknown>
      }));
  }

  private makeRefreshOps(): RefreshRowOps {
    const db = this.db;
    return {
      async claim(connectionId, owner, now, until): Promise<RefreshRow | null> {
        const row = db
          .prepare<
            { id: string; owner: string; until: number; now: number },
            { seed_digest: string | null; token_sealed: string | null; version: number }
          >(
            `INSERT INTO org_refresh_tokens (connection_id, lease_owner, lease_until, updated_at)
             VALUES (@id, @owner, @until, @now)
             ON CONFLICT (connection_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
               WHERE org_refresh_tokens.lease_until IS NULL OR org_refresh_tokens.lease_until <= @now
             RETURNING seed_digest, token_sealed, version`
          )
          .get({ id: connectionId, owner, until, now });
        return row ? { seedDigest: row.seed_digest, tokenSealed: row.token_sealed, version: row.version } : null;
      },
      async save(connectionId, owner, version, seedDigest, tokenSealed, now) {
        return (
          db
            .prepare(
              `UPDATE org_refresh_tokens SET seed_digest = ?, token_sealed = ?, version = version + 1,
                 lease_owner = NULL, lease_until = NULL, updated_at = ?
               WHERE connection_id = ? AND lease_owner = ? AND version = ?`
            )
            .run(seedDigest, tokenSealed, now, connectionId, owner, version).changes === 1
        );
      },
      async release(connectionId, owner) {
        db.prepare(
          'UPDATE org_refresh_tokens SET lease_owner = NULL, lease_until = NULL WHERE connection_id = ? AND lease_owner = ?'
        ).run(connectionId, owner);
      }
    };
  }

  refresh<R>(
    connectionId: string,
    seed: string,
    exchange: (refreshToken: string) => Promise<R>,
    rotated: (result: R) => string | null,
    options: { leaseMs?: number } = {}
  ): Promise<R> {
    return refreshInTurn(this.refreshOps, connectionId, seed, exchange, rotated, {
      key: this.key,
      now: this.now,
      leaseMs: options.leaseMs,
      onLost: this.onRefreshTokenLost
    });
  }

  async close(): Promise<void> {
    if (this.ownsDb && this.db.open) this.db.close();
  }
}

/** Rolls a better-sqlite3 transaction back with a refusal as its answer. */
class Refused extends Error {
  constructor(readonly refusal: SaveRefusal) {
    super(refusal.code);
  }
}
