/**
 * Schema migrations of the PostgreSQL outbox, applied at start. Each migration runs
 * once, in order, inside one transaction holding an advisory lock, so several relays
 * starting at the same moment apply it exactly once.
 */
import type { Pool } from 'pg';

/** Arbitrary constant naming the "cardbridge outbox migrations" advisory lock. */
const MIGRATION_LOCK = 73_442_011;

export const OUTBOX_MIGRATIONS: readonly string[] = [
  `CREATE TABLE relay_exchanges (
     webhook_id       text PRIMARY KEY,
     exchange_id      text NOT NULL,
     account_id       text NOT NULL,
     connection_id    text,
     state            text NOT NULL CHECK (state IN ('queued', 'published', 'dead', 'unrouted')),
     body_hash        text NOT NULL,
     payload          text NOT NULL,
     attempts         integer NOT NULL DEFAULT 0,
     last_error       text,
     event_uuid       text,
     received_at      bigint NOT NULL,
     updated_at       bigint NOT NULL,
     published_at     bigint,
     next_attempt_at  bigint NOT NULL,
     lease_owner      text,
     lease_expires_at bigint
   );
   -- Leasing walks a connection's queue in receipt order and stops at the batch size: no sort.
   CREATE INDEX relay_exchanges_queue ON relay_exchanges (connection_id, received_at, webhook_id)
     WHERE state = 'queued';
   CREATE INDEX relay_exchanges_exchange_id ON relay_exchanges (exchange_id);
   CREATE INDEX relay_exchanges_dead ON relay_exchanges (updated_at) WHERE state = 'dead';
   CREATE INDEX relay_exchanges_unrouted ON relay_exchanges (account_id) WHERE state = 'unrouted';`,
  // Org connections added at run time, shared by every relay on this database.
  `CREATE TABLE relay_connections (
     id           text PRIMARY KEY,
     name         text NOT NULL,
     instance_url text NOT NULL,
     api_version  text NOT NULL,
     namespace    text NOT NULL,
     account_ids  text,
     auth_sealed  text NOT NULL,
     created_at   bigint NOT NULL,
     updated_at   bigint NOT NULL
   );`,
  // Retention deletes published rows oldest first, a batch at a time: find them without a scan.
  `CREATE INDEX relay_exchanges_published ON relay_exchanges (updated_at) WHERE state = 'published';`,
  // Where the age limit counts from once a row is routed or replayed (null: from receipt).
  // Nullable without a default: adding it rewrites no row, however large the table.
  `ALTER TABLE relay_exchanges ADD COLUMN age_from bigint;`,
  // Receipts: the states confirmed and unconfirmed, re-sends, the next receipt check and the receipt.
  // The CHECK is added NOT VALID then validated (a scan, no rewrite); the new columns have a constant
  // default or none, so no row is rewritten. Rows published before this await no receipt.
  `ALTER TABLE relay_exchanges DROP CONSTRAINT IF EXISTS relay_exchanges_state_check;
   ALTER TABLE relay_exchanges ADD CONSTRAINT relay_exchanges_state_check
     CHECK (state IN ('queued', 'published', 'confirmed', 'unconfirmed', 'dead', 'unrouted')) NOT VALID;
   ALTER TABLE relay_exchanges VALIDATE CONSTRAINT relay_exchanges_state_check;
   ALTER TABLE relay_exchanges ADD COLUMN resends integer NOT NULL DEFAULT 0, ADD COLUMN receipt_check_at bigint,
     ADD COLUMN receipt text, ADD COLUMN confirmed_at bigint;
   CREATE INDEX relay_exchanges_receipts_due ON relay_exchanges (receipt_check_at)
     WHERE state = 'published' AND receipt_check_at IS NOT NULL;
   CREATE INDEX relay_exchanges_unconfirmed ON relay_exchanges (connection_id, received_at) WHERE state = 'unconfirmed';
   CREATE INDEX relay_exchanges_confirmed ON relay_exchanges (updated_at) WHERE state = 'confirmed';`,
  // How many rows each state holds, without counting them: counting with GROUP BY read the whole
  // table (about 0.6-1.2 s per million rows on our machines, every 5 s per relay that is scraped;
  // retention keeps published and confirmed rows for days). Statement triggers append each
  // statement's net change per state (from its transition tables) to relay_state_counts, and
  // relays fold those rows into one per state (postgres-outbox-store.ts, FOLD_STATE_COUNTS_SQL).
  // The table is locked for the migration, and migrations run at READ COMMITTED (migrateOutbox),
  // so the count below takes its snapshot after the lock: the rows it counts and the rows the
  // triggers count do not overlap. Writers wait meanwhile (a scan of the table: upgrade a large
  // outbox at a quiet hour).
  `CREATE TABLE relay_state_counts (id bigserial PRIMARY KEY, state text NOT NULL, n bigint NOT NULL);
   LOCK TABLE relay_exchanges IN SHARE ROW EXCLUSIVE MODE;
   CREATE FUNCTION relay_count_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     INSERT INTO relay_state_counts (state, n) SELECT state, count(*) FROM new_rows GROUP BY state;
     RETURN NULL;
   END $$;
   CREATE FUNCTION relay_count_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     INSERT INTO relay_state_counts (state, n) SELECT state, -count(*) FROM old_rows GROUP BY state;
     RETURN NULL;
   END $$;
   CREATE FUNCTION relay_count_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     -- Lease renewals and the like change no state: their net change is zero and adds no row.
     INSERT INTO relay_state_counts (state, n)
       SELECT state, sum(n) FROM (
         SELECT state, -count(*) AS n FROM old_rows GROUP BY state
         UNION ALL SELECT state, count(*) FROM new_rows GROUP BY state) AS moved
       GROUP BY state HAVING sum(n) <> 0;
     RETURN NULL;
   END $$;
   CREATE TRIGGER relay_exchanges_count_insert AFTER INSERT ON relay_exchanges
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relay_count_inserted();
   CREATE TRIGGER relay_exchanges_count_delete AFTER DELETE ON relay_exchanges
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relay_count_deleted();
   CREATE TRIGGER relay_exchanges_count_update AFTER UPDATE ON relay_exchanges
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relay_count_updated();
   -- An operator's TRUNCATE (no row triggers fire for it) empties the counts with the table.
   -- TRUNCATE, not DELETE: it waits for a fold in flight to commit and then empties its total too.
   CREATE FUNCTION relay_count_truncated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
   BEGIN
     TRUNCATE relay_state_counts;
     RETURN NULL;
   END $$;
   CREATE TRIGGER relay_exchanges_count_truncate AFTER TRUNCATE ON relay_exchanges
     FOR EACH STATEMENT EXECUTE FUNCTION relay_count_truncated();
   INSERT INTO relay_state_counts (state, n) SELECT state, count(*) FROM relay_exchanges GROUP BY state;
   -- The oldest unrouted row for the counts: one index entry, not a read of every unrouted row.
   CREATE INDEX relay_exchanges_unrouted_age ON relay_exchanges (received_at) WHERE state = 'unrouted';`
];

/** How long a migration waits for a table lock before it gives up (the relay's start fails, and is retried). */
export const MIGRATION_LOCK_TIMEOUT_MS = 10_000;

/** A migration that could not lock its table: something holds it (often a session idle in a transaction). */
export class MigrationLockTimeoutError extends Error {
  readonly code = 'MIGRATION_LOCK_TIMEOUT';
  constructor(version: number, timeoutMs: number) {
    super(
      `outbox schema migration ${version} could not lock its table within ${timeoutMs / 1000} s: another session ` +
        'holds a lock on relay_exchanges (look for it in pg_stat_activity, often one idle in a transaction). ' +
        'Nothing was changed; start the relay again once it is gone'
    );
  }
}

/**
 * Schema migrations of the relay's PostgreSQL database (outbox and shared org connections).
 * READ COMMITTED whatever the database's default, so a statement that counts after a LOCK
 * sees what the lock froze. A table lock is waited for `lockTimeoutMs` at most: a migration
 * queued behind a lock holds every writer behind it, so waiting forever would stop ingest.
 */
export async function migrateOutbox(pool: Pool, options: { lockTimeoutMs?: number } = {}): Promise<number> {
  const lockTimeoutMs = options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS;
  const client = await pool.connect();
  let version = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    // Instances starting together wait here for the one migrating, however long it takes.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS relay_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`
    );
    const done = await client.query<{ version: number }>('SELECT version FROM relay_schema_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    let count = 0;
    for (const [index, sql] of OUTBOX_MIGRATIONS.entries()) {
      version = index + 1;
      if (applied.has(version)) continue;
      await client.query(sql);
      await client.query('INSERT INTO relay_schema_migrations (version) VALUES ($1)', [version]);
      count += 1;
    }
    await client.query('COMMIT');
    return count;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // 55P03 lock_not_available: lock_timeout ran out.
    if ((error as { code?: string }).code === '55P03') throw new MigrationLockTimeoutError(version, lockTimeoutMs);
    throw error;
  } finally {
    client.release();
  }
}
