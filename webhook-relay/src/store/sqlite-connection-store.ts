/**
 * Org connections in SQLite, in their own table (the file may be shared with
 * the outbox). Everything but the auth block is plain; the auth block (client
 * secret, private key, refresh token) is sealed with AES-256-GCM.
 */
import Database from 'better-sqlite3';
import { connectionFromRow, rowValuesOf, type ConnectionRow as Row } from './connection-row';
import {
  newConnectionSchema,
  type ConnectionStore,
  type NewConnection,
  type StoredConnection
} from './connection-store';

export interface SqliteConnectionStoreOptions {
  /** An open handle (shared with the outbox) or a file name. */
  database: Database.Database | string;
  masterKey: Buffer;
  now?: () => number;
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
)`;

export class SqliteConnectionStore implements ConnectionStore {
  private readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly key: Buffer;
  private readonly now: () => number;

  constructor(options: SqliteConnectionStoreOptions) {
    this.ownsDb = typeof options.database === 'string';
    this.db = typeof options.database === 'string' ? new Database(options.database) : options.database;
    if (this.ownsDb) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
    }
    this.db.exec(SCHEMA);
    this.key = options.masterKey;
    this.now = options.now ?? Date.now;
  }

  private toConnection(row: Row): StoredConnection {
    return connectionFromRow(row, this.key);
  }

  async list(): Promise<StoredConnection[]> {
    const rows = this.db.prepare<[], Row>('SELECT * FROM org_connections ORDER BY created_at, id').all();
    return rows.map((row) => this.toConnection(row));
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const row = this.db.prepare<[string], Row>('SELECT * FROM org_connections WHERE id = ?').get(id);
    return row ? this.toConnection(row) : undefined;
  }

  async save(input: NewConnection): Promise<StoredConnection> {
    const connection = newConnectionSchema.parse(input);
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO org_connections (id, name, instance_url, api_version, namespace, account_ids, auth_sealed, created_at, updated_at)
         VALUES (@id, @name, @instanceUrl, @apiVersion, @namespace, @accountIds, @authSealed, @now, @now)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, instance_url = excluded.instance_url,
           api_version = excluded.api_version, namespace = excluded.namespace, account_ids = excluded.account_ids,
           auth_sealed = excluded.auth_sealed, updated_at = excluded.updated_at`
      )
      .run({ ...rowValuesOf(connection, this.key), now });
    const saved = await this.get(connection.id);
    if (!saved) throw new Error(`connection ${connection.id} was not saved`);
    return saved;
  }

  async remove(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM org_connections WHERE id = ?').run(id).changes > 0;
  }

  async close(): Promise<void> {
    if (this.ownsDb && this.db.open) this.db.close();
  }
}
