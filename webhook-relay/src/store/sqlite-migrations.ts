/**
 * Schema migrations for the SQLite outbox, in code and in order. The database's
 * `user_version` records how many have run; each runs once, in a transaction.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE exchanges (
     webhook_id      TEXT PRIMARY KEY,
     exchange_id     TEXT NOT NULL,
     account_id      TEXT NOT NULL,
     connection_id   TEXT,
     state           TEXT NOT NULL CHECK (state IN ('queued', 'published', 'dead', 'unrouted')),
     body_hash       TEXT NOT NULL,
     payload         TEXT NOT NULL,
     attempts        INTEGER NOT NULL DEFAULT 0,
     last_error      TEXT,
     event_uuid      TEXT,
     received_at     INTEGER NOT NULL,
     updated_at      INTEGER NOT NULL,
     published_at    INTEGER,
     next_attempt_at INTEGER NOT NULL,
     lease_owner     TEXT,
     lease_until     INTEGER
   );
   CREATE INDEX exchanges_by_exchange_id ON exchanges (exchange_id, received_at);
   -- Leasing walks a connection's queue in receipt order and stops at the batch size: no sort.
   CREATE INDEX exchanges_queue ON exchanges (state, connection_id, received_at, webhook_id);
   CREATE INDEX exchanges_by_state_updated ON exchanges (state, updated_at);`,
  // Where the age limit counts from once a row is routed or replayed (null: from receipt).
  `ALTER TABLE exchanges ADD COLUMN age_from INTEGER;`,
  // The routing sweep asks which accounts have exchanges waiting unrouted: an index lookup per account.
  `CREATE INDEX exchanges_unrouted ON exchanges (account_id) WHERE state = 'unrouted';`,
  // Receipts: the states confirmed and unconfirmed, re-sends, the next receipt check and the receipt.
  // SQLite cannot change a CHECK constraint in place: the table is rebuilt once (its rows copied in
  // one transaction, about a second per few hundred thousand rows). Rows published before this
  // migration await no receipt (receipt_check_at null) and stay published.
  `CREATE TABLE exchanges_next (
     webhook_id       TEXT PRIMARY KEY,
     exchange_id      TEXT NOT NULL,
     account_id       TEXT NOT NULL,
     connection_id    TEXT,
     state            TEXT NOT NULL
       CHECK (state IN ('queued', 'published', 'confirmed', 'unconfirmed', 'dead', 'unrouted')),
     body_hash        TEXT NOT NULL,
     payload          TEXT NOT NULL,
     attempts         INTEGER NOT NULL DEFAULT 0,
     last_error       TEXT,
     event_uuid       TEXT,
     received_at      INTEGER NOT NULL,
     updated_at       INTEGER NOT NULL,
     published_at     INTEGER,
     next_attempt_at  INTEGER NOT NULL,
     lease_owner      TEXT,
     lease_until      INTEGER,
     age_from         INTEGER,
     resends          INTEGER NOT NULL DEFAULT 0,
     receipt_check_at INTEGER,
     receipt          TEXT,
     confirmed_at     INTEGER
   );
   INSERT INTO exchanges_next (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload, attempts,
     last_error, event_uuid, received_at, updated_at, published_at, next_attempt_at, lease_owner, lease_until, age_from)
   SELECT webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload, attempts,
     last_error, event_uuid, received_at, updated_at, published_at, next_attempt_at, lease_owner, lease_until, age_from
   FROM exchanges;
   DROP TABLE exchanges;
   ALTER TABLE exchanges_next RENAME TO exchanges;
   CREATE INDEX exchanges_by_exchange_id ON exchanges (exchange_id, received_at);
   CREATE INDEX exchanges_queue ON exchanges (state, connection_id, received_at, webhook_id);
   CREATE INDEX exchanges_by_state_updated ON exchanges (state, updated_at);
   CREATE INDEX exchanges_unrouted ON exchanges (account_id) WHERE state = 'unrouted';
   -- Receipt checks walk the published rows awaiting one, soonest due first; none awaited: an empty index.
   CREATE INDEX exchanges_receipts_due ON exchanges (receipt_check_at)
     WHERE state = 'published' AND receipt_check_at IS NOT NULL;
   CREATE INDEX exchanges_unconfirmed ON exchanges (connection_id, received_at) WHERE state = 'unconfirmed';`,
  // How many rows each state holds, kept by triggers in the writing transaction: counting them
  // with GROUP BY walked every row (about 30 ms per 100,000 on our machines, every 5 s, with
  // the event loop blocked), and retention keeps published rows for days.
  `CREATE TABLE exchange_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO exchange_counts (state, n)
     SELECT s.value, (SELECT COUNT(*) FROM exchanges WHERE state = s.value)
     FROM json_each('["queued","published","confirmed","unconfirmed","dead","unrouted"]') AS s;
   CREATE TRIGGER exchanges_count_insert AFTER INSERT ON exchanges BEGIN
     UPDATE exchange_counts SET n = n + 1 WHERE state = NEW.state;
   END;
   CREATE TRIGGER exchanges_count_delete AFTER DELETE ON exchanges BEGIN
     UPDATE exchange_counts SET n = n - 1 WHERE state = OLD.state;
   END;
   CREATE TRIGGER exchanges_count_state AFTER UPDATE OF state ON exchanges WHEN OLD.state IS NOT NEW.state BEGIN
     UPDATE exchange_counts SET n = n - 1 WHERE state = OLD.state;
     UPDATE exchange_counts SET n = n + 1 WHERE state = NEW.state;
   END;`,
  // Payloads in a table of their own, written once at ingest: publishing, a retry and a receipt
  // change the small row, and SQLite rewrites a whole row (and, in the WAL, its whole page) on
  // every update: with each 1.5-2 KB payload in the row, marking 200 rows published wrote about
  // 100 pages, and both marks and confirms took about half again as long (docs/benchmarks.md,
  // eighth round). The row's id is an INTEGER PRIMARY KEY, seq, so the join is by rowid and a
  // VACUUM keeps the ids (it may renumber the implicit rowids of a table without one). The lease
  // columns are dropped: leases live in the owning process's memory since 2026-12, and a lease
  // still written there belongs to a process that died, so its row goes back to the queue.
  // The table is rebuilt once, in the migration's transaction: about 1 s per 100,000 rows here,
  // and the file needs room for a second copy meanwhile (the old pages are reused afterwards).
  `CREATE TABLE exchanges_next (
     seq              INTEGER PRIMARY KEY,
     webhook_id       TEXT NOT NULL UNIQUE,
     exchange_id      TEXT NOT NULL,
     account_id       TEXT NOT NULL,
     connection_id    TEXT,
     state            TEXT NOT NULL
       CHECK (state IN ('queued', 'published', 'confirmed', 'unconfirmed', 'dead', 'unrouted')),
     body_hash        TEXT NOT NULL,
     attempts         INTEGER NOT NULL DEFAULT 0,
     last_error       TEXT,
     event_uuid       TEXT,
     received_at      INTEGER NOT NULL,
     updated_at       INTEGER NOT NULL,
     published_at     INTEGER,
     next_attempt_at  INTEGER NOT NULL,
     age_from         INTEGER,
     resends          INTEGER NOT NULL DEFAULT 0,
     receipt_check_at INTEGER,
     receipt          TEXT,
     confirmed_at     INTEGER
   );
   CREATE TABLE exchange_payloads (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL);
   INSERT INTO exchanges_next (seq, webhook_id, exchange_id, account_id, connection_id, state, body_hash, attempts,
     last_error, event_uuid, received_at, updated_at, published_at, next_attempt_at, age_from, resends,
     receipt_check_at, receipt, confirmed_at)
   SELECT rowid, webhook_id, exchange_id, account_id, connection_id, state, body_hash, attempts,
     last_error, event_uuid, received_at, updated_at, published_at, next_attempt_at, age_from, resends,
     receipt_check_at, receipt, confirmed_at
   FROM exchanges ORDER BY rowid;
   INSERT INTO exchange_payloads (seq, payload) SELECT rowid, payload FROM exchanges ORDER BY rowid;
   DROP TABLE exchanges;
   ALTER TABLE exchanges_next RENAME TO exchanges;
   CREATE INDEX exchanges_by_exchange_id ON exchanges (exchange_id, received_at);
   CREATE INDEX exchanges_queue ON exchanges (state, connection_id, received_at, webhook_id);
   CREATE INDEX exchanges_by_state_updated ON exchanges (state, updated_at);
   CREATE INDEX exchanges_unrouted ON exchanges (account_id) WHERE state = 'unrouted';
   CREATE INDEX exchanges_receipts_due ON exchanges (receipt_check_at)
     WHERE state = 'published' AND receipt_check_at IS NOT NULL;
   CREATE INDEX exchanges_unconfirmed ON exchanges (connection_id, received_at) WHERE state = 'unconfirmed';
   -- The counts were right before the rebuild and the copy changed no state; the triggers went with the old table.
   CREATE TRIGGER exchanges_count_insert AFTER INSERT ON exchanges BEGIN
     UPDATE exchange_counts SET n = n + 1 WHERE state = NEW.state;
   END;
   CREATE TRIGGER exchanges_count_delete AFTER DELETE ON exchanges BEGIN
     UPDATE exchange_counts SET n = n - 1 WHERE state = OLD.state;
   END;
   CREATE TRIGGER exchanges_count_state AFTER UPDATE OF state ON exchanges WHEN OLD.state IS NOT NEW.state BEGIN
     UPDATE exchange_counts SET n = n - 1 WHERE state = OLD.state;
     UPDATE exchange_counts SET n = n + 1 WHERE state = NEW.state;
   END;
   -- A row's payload goes with it (retention deletes rows; nothing else does).
   CREATE TRIGGER exchanges_payload_delete AFTER DELETE ON exchanges BEGIN
     DELETE FROM exchange_payloads WHERE seq = OLD.seq;
   END;`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the migrations this database has not had yet; answers how many ran. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`outbox database is at schema version ${current}, newer than this relay (${MIGRATIONS.length})`);
  }
  MIGRATIONS.slice(current).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    })();
  });
  return MIGRATIONS.length - current;
}
