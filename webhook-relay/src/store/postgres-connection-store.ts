/**
 * Org connections on PostgreSQL: when several relays share one database they also
 * share the connections added at run time (admin API, console), so every instance
 * publishes for them. Secrets are sealed with the master key (AES-256-GCM) exactly as
 * in the SQLite store; every instance needs the same RELAY_MASTER_KEY.
 */
import { Pool } from 'pg';
import { connectionFromRow, rowValuesOf, type ConnectionRow as Row } from './connection-row';
import {
  newConnectionSchema,
  type ConnectionStore,
  type NewConnection,
  type StoredConnection
} from './connection-store';
import { migrateOutbox } from './postgres-outbox-migrations';

export interface PostgresConnectionStoreOptions {
  connectionString: string;
  masterKey: Buffer;
  now?: () => number;
  pool?: { options?: string };
}

export class PostgresConnectionStore implements ConnectionStore {
  private constructor(
    private readonly pool: Pool,
    private readonly key: Buffer,
    private readonly now: () => number
  ) {}

  static async open(options: PostgresConnectionStoreOptions): Promise<PostgresConnectionStore> {
    const pool = new Pool({ ...options.pool, connectionString: options.connectionString, max: 2 });
    pool.on('error', () => undefined);
    try {
      await migrateOutbox(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresConnectionStore(pool, options.masterKey, options.now ?? Date.now);
  }

  private toConnection(row: Row): StoredConnection {
    return connectionFromRow(row, this.key);
  }

  async list(): Promise<StoredConnection[]> {
    const result = await this.pool.query<Row>('SELECT * FROM relay_connections ORDER BY created_at, id');
    return result.rows.map((row) => this.toConnection(row));
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const result = await this.pool.query<Row>('SELECT * FROM relay_connections WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? this.toConnection(row) : undefined;
  }

  async save(input: NewConnection): Promise<StoredConnection> {
    const connection = newConnectionSchema.parse(input);
    const values = rowValuesOf(connection, this.key);
    const result = await this.pool.query<Row>(
      `INSERT INTO relay_connections (id, name, instance_url, api_version, namespace, account_ids, auth_sealed,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, instance_url = excluded.instance_url,
         api_version = excluded.api_version, namespace = excluded.namespace, account_ids = excluded.account_ids,
         auth_sealed = excluded.auth_sealed, updated_at = excluded.updated_at
       RETURNING *`,
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
    return this.toConnection(result.rows[0] as Row);
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM relay_connections WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
