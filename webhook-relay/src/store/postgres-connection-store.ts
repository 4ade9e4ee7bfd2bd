/**
 * Org connections on PostgreSQL: when several relays share one database they also
 * share the connections added at run time (admin API, console), so every instance
 * publishes for them. Secrets are sealed with the master key (AES-256-GCM) exactly as
 * in the SQLite store; every instance needs the same RELAY_MASTER_KEY.
 *
 * Tenancy is the database's: one row per card-platform account (primary key), written
 * in the transaction that writes its connection, so two relays adding connections for
 * one account at the same moment cannot both succeed. Each relay registers its
 * configured connections at start; a relay whose configuration disagrees with a
 * registration that a running relay holds refuses to start. "Holds" is a shared
 * session advisory lock per configured connection, taken at start on a session kept
 * open for the relay's lifetime: it vanishes with the relay (crash included), so a
 * registration nobody holds may be replaced by the next relay to start.
 */
import { Client, Pool, type PoolClient } from 'pg';
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
import { describeDifference } from './configured-connections';
import { migrateConnections } from './postgres-connection-migrations';
import { migrateOutbox } from './postgres-outbox-migrations';
import { refreshInTurn, refreshTokenAad, type RefreshRowOps } from './refresh-turns';

export interface PostgresConnectionStoreOptions {
  connectionString: string;
  masterKey: Buffer;
  now?: () => number;
  pool?: { options?: string };
  /** Told when a rotated refresh token could not be saved, or the registration session dropped. */
  onTrouble?: (message: string) => void;
}

/** Advisory lock class of configured-connection registrations (the object is the hashed schema and id). */
const REGISTRATION_CLASS = 73_442_022;
/** Advisory locks are per database: the schema keeps relays of different schemas apart. */
const LOCK_KEY = "hashtext(current_schema() || '/' || $2)";
/** Transaction lock serializing registrations against each other and against run-time creates. */
const REGISTRATION_MUTEX = 73_442_023;

interface ConfiguredRow {
  id: string;
  name: string;
  account_ids: string | null;
  fingerprint: string;
  settings: string;
}

const configuredFromRow = (row: ConfiguredRow): ConfiguredConnection => ({
  id: row.id,
  name: row.name,
  accountIds: row.account_ids === null ? null : (JSON.parse(row.account_ids) as string[]),
  fingerprint: row.fingerprint,
  settings: JSON.parse(row.settings) as Record<string, unknown>
});

class Refused extends Error {
  constructor(readonly refusal: SaveRefusal) {
    super(refusal.code);
  }
}

export class PostgresConnectionStore implements ConnectionStore {
  /** The session whose shared advisory locks say "a running relay serves these configured connections". */
  private session: Client | null = null;
  private held: string[] = [];
  private readonly refreshOps: RefreshRowOps;
  private unreadableRows: UnreadableConnection[] = [];

  private constructor(
    private readonly pool: Pool,
    private readonly key: Buffer,
    private readonly now: () => number,
    private readonly options: PostgresConnectionStoreOptions
  ) {
    this.refreshOps = this.makeRefreshOps();
  }

  static async open(options: PostgresConnectionStoreOptions): Promise<PostgresConnectionStore> {
    const pool = new Pool({ ...options.pool, connectionString: options.connectionString, max: 3 });
    pool.on('error', () => undefined);
    try {
      await migrateOutbox(pool);
      await migrateConnections(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresConnectionStore(pool, options.masterKey, options.now ?? Date.now, options);
  }

  private async claims(client: Pool | PoolClient, id?: string): Promise<Map<string, string[]>> {
    const result = await client.query<{ account_id: string; connection_id: string }>(
      id === undefined
        ? 'SELECT account_id, connection_id FROM relay_connection_accounts'
        : 'SELECT account_id, connection_id FROM relay_connection_accounts WHERE connection_id = $1',
      id === undefined ? [] : [id]
    );
    const claims = new Map<string, string[]>();
    for (const row of result.rows) {
      claims.set(row.connection_id, [...(claims.get(row.connection_id) ?? []), row.account_id]);
    }
    return claims;
  }

  async list(): Promise<StoredConnection[]> {
    const [result, claims] = await Promise.all([
      this.pool.query<Row>('SELECT * FROM relay_connections ORDER BY created_at, id'),
      this.claims(this.pool)
    ]);
    const heldBy = (row: Row) => claims.get(row.id) ?? [];
    const read = readConnections(result.rows, (row) => connectionFromRow(row, this.key, heldBy(row)), heldBy);
    this.unreadableRows = read.unreadable;
    return read.connections;
  }

  unreadable(): UnreadableConnection[] {
    return this.unreadableRows;
  }

  async reseal(): Promise<number> {
    const connections = (await this.pool.query<Row>('SELECT * FROM relay_connections')).rows;
    const tokens = (
      await this.pool.query<{ connection_id: string; token_sealed: string | null }>(
        'SELECT connection_id, token_sealed FROM relay_refresh_tokens'
      )
    ).rows;
    let count = 0;
    // Compare-and-set: a relay that resealed (or saved) the row meanwhile wins.
    for (const c of resealedRows(connections, this.key, (row) => ({ sealed: row.auth_sealed, aad: row.id }))) {
      const result = await this.pool.query(
        'UPDATE relay_connections SET auth_sealed = $1 WHERE id = $2 AND auth_sealed = $3',
        [c.to, c.row.id, c.from]
      );
      count += result.rowCount ?? 0;
    }
    const sealedOf = (row: { connection_id: string; token_sealed: string | null }) => ({
      sealed: row.token_sealed,
      aad: refreshTokenAad(row.connection_id)
    });
    for (const c of resealedRows(tokens, this.key, sealedOf)) {
      const result = await this.pool.query(
        'UPDATE relay_refresh_tokens SET token_sealed = $1 WHERE connection_id = $2 AND token_sealed = $3',
        [c.to, c.row.connection_id, c.from]
      );
      count += result.rowCount ?? 0;
    }
    return count;
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const result = await this.pool.query<Row>('SELECT * FROM relay_connections WHERE id = $1', [id]);
    const row = result.rows[0];
    if (!row) return undefined;
    return connectionFromRow(row, this.key, (await this.claims(this.pool, id)).get(id) ?? []);
  }

  /** Runs `work` in a transaction; a refusal rolls it back and is answered as the outcome. */
  private async transaction(work: (client: PoolClient) => Promise<SaveRefusal | null>): Promise<SaveRefusal | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const refusal = await work(client);
      if (refusal) throw new Refused(refusal);
      await client.query('COMMIT');
      return null;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof Refused) return error.refusal;
      throw error;
    } finally {
      client.release();
    }
  }

  /** Claims `accountIds` for `id` (its previous claims replaced), or names the connection holding one. */
  private async claim(client: PoolClient, id: string, accountIds: readonly string[]): Promise<SaveRefusal | null> {
    await client.query('DELETE FROM relay_connection_accounts WHERE connection_id = $1', [id]);
    if (accountIds.length === 0) return null;
    await client.query('SAVEPOINT claim');
    try {
      const inserted = await client.query(
        `INSERT INTO relay_connection_accounts (account_id, connection_id)
         SELECT unnest($1::text[]), $2 ON CONFLICT (account_id) DO NOTHING`,
        [accountIds, id]
      );
      if ((inserted.rowCount ?? 0) === accountIds.length) return null;
    } catch (error) {
      // Another relay's transaction claimed an account at the same moment (unique violation).
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('ROLLBACK TO SAVEPOINT claim');
    }
    const owner = await client.query<{ account_id: string; connection_id: string; name: string | null }>(
      `SELECT a.account_id, a.connection_id, COALESCE(c.name, k.name) AS name
       FROM relay_connection_accounts a
       LEFT JOIN relay_connections c ON c.id = a.connection_id
       LEFT JOIN relay_configured_connections k ON k.id = a.connection_id
       WHERE a.account_id = ANY($1::text[]) AND a.connection_id <> $2
       ORDER BY a.account_id LIMIT 1`,
      [accountIds, id]
    );
    const taken = owner.rows[0];
    return {
      code: 'account_taken',
      accountId: taken?.account_id ?? accountIds[0] ?? '',
      connectionId: taken?.connection_id ?? '(another connection)',
      connectionName: taken?.name ?? taken?.connection_id ?? '(another connection)'
    };
  }

  async create(input: NewConnection): Promise<SaveOutcome> {
    const connection = newConnectionSchema.parse(input);
    const values = rowValuesOf(connection, this.key);
    const refusal = await this.transaction(async (client) => {
      // Shared: creates run side by side, but never in the middle of a registration.
      await client.query('SELECT pg_advisory_xact_lock_shared($1)', [REGISTRATION_MUTEX]);
      const configured = await client.query('SELECT 1 FROM relay_configured_connections WHERE id = $1', [values.id]);
      if ((configured.rowCount ?? 0) > 0) return { code: 'exists', id: values.id, configured: true };
      const inserted = await client.query(
        `INSERT INTO relay_connections (id, name, instance_url, api_version, namespace, account_ids, auth_sealed,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING`,
        [
          values.id,
          values.name,
          values.instanceUrl,
          values.apiVersion,
          values.namespace,
          values.accountIds,
          values.authSealed,
          this.now()
        ]
      );
      if ((inserted.rowCount ?? 0) === 0) return { code: 'exists', id: values.id, configured: false };
      return this.claim(client, values.id, connection.accountIds);
    });
    return this.outcome(connection.id, refusal);
  }

  async update(input: NewConnection): Promise<SaveOutcome> {
    const connection = newConnectionSchema.parse(input);
    const values = rowValuesOf(connection, this.key);
    const refusal = await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock_shared($1)', [REGISTRATION_MUTEX]);
      const updated = await client.query(
        `UPDATE relay_connections SET name = $2, instance_url = $3, api_version = $4, namespace = $5,
           account_ids = $6, auth_sealed = $7, updated_at = $8
         WHERE id = $1`,
        [
          values.id,
          values.name,
          values.instanceUrl,
          values.apiVersion,
          values.namespace,
          values.accountIds,
          values.authSealed,
          this.now()
        ]
      );
      if ((updated.rowCount ?? 0) === 0) {
        const configured = await client.query('SELECT 1 FROM relay_configured_connections WHERE id = $1', [values.id]);
        return (configured.rowCount ?? 0) > 0
          ? { code: 'configured', id: values.id }
          : { code: 'not_found', id: values.id };
      }
      return this.claim(client, values.id, connection.accountIds);
    });
    return this.outcome(connection.id, refusal);
  }

  private async outcome(id: string, refusal: SaveRefusal | null): Promise<SaveOutcome> {
    if (refusal) return { ok: false, refusal };
    const saved = await this.get(id);
    if (!saved) throw new Error(`connection ${id} was not saved`);
    return { ok: true, connection: saved };
  }

  async remove(id: string): Promise<boolean> {
    let removed = false;
    await this.transaction(async (client) => {
      const result = await client.query('DELETE FROM relay_connections WHERE id = $1', [id]);
      removed = (result.rowCount ?? 0) > 0;
      if (removed) {
        await client.query('DELETE FROM relay_connection_accounts WHERE connection_id = $1', [id]);
        await client.query('DELETE FROM relay_refresh_tokens WHERE connection_id = $1', [id]);
      }
      return null;
    });
    return removed;
  }

  private async openSession(): Promise<Client> {
    if (this.session) return this.session;
    const session = new Client({ ...this.options.pool, connectionString: this.options.connectionString });
    session.on('error', (error) => {
      this.session = null;
      this.options.onTrouble?.(`the session holding configured connections' registrations dropped: ${error.message}`);
    });
    await session.connect();
    this.session = session;
    return session;
  }

  private async tryLock(session: Client, id: string, mode: 'exclusive' | 'shared'): Promise<boolean> {
    const fn = mode === 'exclusive' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
    const result = await session.query<{ locked: boolean }>(`SELECT ${fn}($1, ${LOCK_KEY}) AS locked`, [
      REGISTRATION_CLASS,
      id
    ]);
    return result.rows[0]?.locked === true;
  }

  private async unlock(session: Client, id: string): Promise<void> {
    await session.query(`SELECT pg_advisory_unlock($1, ${LOCK_KEY})`, [REGISTRATION_CLASS, id]);
  }

  async registerConfigured(connections: readonly ConfiguredConnection[]): Promise<RegistrationResult> {
    const session = await this.openSession();
    const client = await this.pool.connect();
    const exclusive: string[] = [];
    const shared: string[] = [];
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [REGISTRATION_MUTEX]);
      const registered = new Map(
        (await client.query<ConfiguredRow>('SELECT * FROM relay_configured_connections')).rows.map((row) => [
          row.id,
          configuredFromRow(row)
        ])
      );
      const runtime = new Map(
        (await client.query<{ id: string; name: string }>('SELECT id, name FROM relay_connections')).rows.map((r) => [
          r.id,
          r.name
        ])
      );
      const problems: string[] = [];
      const dropped: string[] = [];
      /** True when no running relay holds this registration (we may replace or drop it). */
      const unheld = async (id: string) => {
        if (!(await this.tryLock(session, id, 'exclusive'))) return false;
        exclusive.push(id);
        return true;
      };
      const mine = new Set(connections.map((c) => c.id));
      for (const [id, theirs] of registered) {
        if (mine.has(id)) continue;
        if (await unheld(id)) {
          dropped.push(id);
          await client.query('DELETE FROM relay_configured_connections WHERE id = $1', [id]);
          await client.query('DELETE FROM relay_connection_accounts WHERE connection_id = $1', [id]);
          await client.query('DELETE FROM relay_refresh_tokens WHERE connection_id = $1', [id]);
        } else {
          problems.push(
            `a running relay serves configured connection "${id}" (“${theirs.name}”), which this relay's configuration lacks`
          );
        }
      }
      for (const connection of connections) {
        if (runtime.has(connection.id)) {
          problems.push(
            `configured connection "${connection.id}" has the id of a connection added at run time (“${runtime.get(connection.id)}”): rename one of them`
          );
          continue;
        }
        const theirs = registered.get(connection.id);
        if (theirs && theirs.fingerprint !== connection.fingerprint && !(await unheld(connection.id))) {
          problems.push(
            `configured connection "${connection.id}" differs from the one a running relay registered: ${describeDifference(connection, theirs)}`
          );
          continue;
        }
        await client.query(
          `INSERT INTO relay_configured_connections (id, name, account_ids, fingerprint, settings, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, account_ids = excluded.account_ids,
             fingerprint = excluded.fingerprint, settings = excluded.settings, registered_at = excluded.registered_at`,
          [
            connection.id,
            connection.name,
            connection.accountIds ? JSON.stringify(connection.accountIds) : null,
            connection.fingerprint,
            JSON.stringify(connection.settings),
            this.now()
          ]
        );
        const taken = await this.claim(client, connection.id, connection.accountIds ?? []);
        if (taken && taken.code === 'account_taken') {
          problems.push(
            `configured connection "${connection.id}" lists account ${taken.accountId}, which connection “${taken.connectionName}” (${taken.connectionId}) serves: ` +
              'each account goes to one org (take it out of one of them; a connection added at run time is edited or removed through a running relay)'
          );
          // The claim failed part-way: leave the transaction, nothing is written.
          break;
        }
      }
      if (problems.length > 0) throw new ConfiguredConnectionsConflict(problems);
      for (const connection of connections) {
        if (!(await this.tryLock(session, connection.id, 'shared'))) {
          throw new ConfiguredConnectionsConflict([`could not hold the registration of "${connection.id}"`]);
        }
        shared.push(connection.id);
      }
      for (const id of exclusive) await this.unlock(session, id);
      exclusive.length = 0;
      await client.query('COMMIT');
      this.held = connections.map((c) => c.id);
      return { dropped };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const id of exclusive) await this.unlock(session, id).catch(() => undefined);
      for (const id of shared) {
        await session
          .query(`SELECT pg_advisory_unlock_shared($1, ${LOCK_KEY})`, [REGISTRATION_CLASS, id])
          .catch(() => undefined);
      }
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Takes the registrations' shared locks again after the session holding them dropped
   * (a database restart); a no-op while it holds. Called on every connection sync.
   */
  async holdRegistrations(): Promise<void> {
    if (this.session || this.held.length === 0) return;
    const session = await this.openSession();
    for (const id of this.held) await this.tryLock(session, id, 'shared');
  }

  async configured(): Promise<ConfiguredConnection[]> {
    const result = await this.pool.query<ConfiguredRow>('SELECT * FROM relay_configured_connections ORDER BY id');
    return result.rows.map(configuredFromRow);
  }

  private makeRefreshOps(): RefreshRowOps {
    const pool = this.pool;
    return {
      async claim(connectionId, owner, now, until) {
        const result = await pool.query<{ seed_digest: string | null; token_sealed: string | null; version: number }>(
          `INSERT INTO relay_refresh_tokens (connection_id, lease_owner, lease_until, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (connection_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
             WHERE relay_refresh_tokens.lease_until IS NULL OR relay_refresh_tokens.lease_until <= $4
           RETURNING seed_digest, token_sealed, version`,
          [connectionId, owner, until, now]
        );
        const row = result.rows[0];
        return row ? { seedDigest: row.seed_digest, tokenSealed: row.token_sealed, version: row.version } : null;
      },
      async save(connectionId, owner, version, seedDigest, tokenSealed, now) {
        const result = await pool.query(
          `UPDATE relay_refresh_tokens SET seed_digest = $1, token_sealed = $2, version = version + 1,
             lease_owner = NULL, lease_until = NULL, updated_at = $3
           WHERE connection_id = $4 AND lease_owner = $5 AND version = $6`,
          [seedDigest, tokenSealed, now, connectionId, owner, version]
        );
        return (result.rowCount ?? 0) === 1;
      },
      async release(connectionId, owner) {
        await pool.query(
          'UPDATE relay_refresh_tokens SET lease_owner = NULL, lease_until = NULL WHERE connection_id = $1 AND lease_owner = $2',
          [connectionId, owner]
        );
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
      onLost: (id, reason) => this.options.onTrouble?.(`connection ${id}: ${reason}`)
    });
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.held = [];
    await session?.end().catch(() => undefined);
    await this.pool.end();
  }
}
