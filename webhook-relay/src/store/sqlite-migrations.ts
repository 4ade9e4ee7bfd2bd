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
   END;`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
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
}
