/**
 * Schema migrations of the shared connection tables on PostgreSQL, after the outbox's
 * own (which create `relay_connections`): each runs once, in order, in one transaction
 * under an advisory lock, so relays starting together apply it exactly once.
 */
import type { Pool } from 'pg';

/** Arbitrary constant naming the "cardbridge connection migrations" advisory lock. */
const MIGRATION_LOCK = 73_442_021;

export const CONNECTION_MIGRATIONS: readonly string[] = [
  // One connection per card-platform account, across run-time and configured connections.
  // Connections saved before this existed keep their accounts; the oldest claim wins an overlap.
  `CREATE TABLE relay_connection_accounts (
     account_id    text PRIMARY KEY,
     connection_id text NOT NULL
   );
   CREATE INDEX relay_connection_accounts_by_connection ON relay_connection_accounts (connection_id);
   INSERT INTO relay_connection_accounts (account_id, connection_id)
     SELECT a.value, c.id FROM relay_connections c
       CROSS JOIN LATERAL jsonb_array_elements_text(c.account_ids::jsonb) AS a(value)
       WHERE c.account_ids IS NOT NULL ORDER BY c.created_at, c.id
     ON CONFLICT (account_id) DO NOTHING;
   -- The connections of each relay's own configuration (settings, never secrets).
   CREATE TABLE relay_configured_connections (
     id            text PRIMARY KEY,
     name          text NOT NULL,
     account_ids   text,
     fingerprint   text NOT NULL,
     settings      text NOT NULL,
     registered_at bigint NOT NULL
   );
   -- The newest refresh token of each web-server connection, and whose turn it is to refresh.
   CREATE TABLE relay_refresh_tokens (
     connection_id text PRIMARY KEY,
     seed_digest   text,
     token_sealed  text,
     version       integer NOT NULL DEFAULT 0,
     lease_owner   text,
     lease_until   bigint,
     updated_at    bigint NOT NULL
   );`
];

export async function migrateConnections(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS relay_connection_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`
    );
    const done = await client.query<{ version: number }>('SELECT version FROM relay_connection_schema_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    let count = 0;
    for (const [index, sql] of CONNECTION_MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await client.query(sql);
      await client.query('INSERT INTO relay_connection_schema_migrations (version) VALUES ($1)', [version]);
      count += 1;
    }
    await client.query('COMMIT');
    return count;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
