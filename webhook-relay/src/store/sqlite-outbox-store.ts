/**
 * The outbox on embedded SQLite (better-sqlite3): WAL with synchronous=FULL so
 * a commit survives power loss, prepared statements, and group commit —
 * inserts arriving in the same event-loop turn share one transaction, and each
 * caller's promise resolves only after that transaction committed.
 *
 * One process owns the file: it is opened in SQLite's exclusive locking mode and
 * locked at once, so a second relay on the same data directory (a rolling deploy
 * that starts the new relay before the old one stopped) fails to start with a
 * message instead of sharing the queue. The operating system drops the lock when
 * the process ends, however it ends.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-migrations';
import {
  byReceipt,
  byReceiptCheck,
  EXCHANGE_COLUMNS,
  exchangeFromRow,
  rowFromValues,
  SUMMARY_COLUMNS,
  summaryFromRow,
  type ExchangeRow as Row
} from './exchange-row';
import type {
  DeadResult,
  ExchangeRecord,
  ExchangeState,
  ExchangeSummary,
  InsertOutcome,
  LeaseRequest,
  NewExchange,
  OutboxStore,
  PublishedResult,
  QueueCounts,
  ReceiptLeaseRequest,
  ReceiptSettlement,
  StoredReceipt,
  RetryResult,
  UnconfirmedSummary
} from './outbox-store';
import { EXCHANGE_STATES } from './outbox-store';
import { ProcessLeases } from './process-leases';

export const SQLITE_FILE_NAME = 'outbox.sqlite';

const COLUMNS = EXCHANGE_COLUMNS.join(', ');

/**
 * Rows with their payloads (kept in exchange_payloads under the row's seq, sqlite-migrations.ts).
 * A LEFT JOIN: the exchanges table is walked first, through its own indexes, and a row whose
 * payload were missing would still be listed (payload null) instead of vanishing from the queue.
 */
const WITH_PAYLOADS = 'exchanges LEFT JOIN exchange_payloads USING (seq)';

/** The lease pool of receipt checks (publishing leases are pooled per connection). */
const RECEIPT_POOL = 'receipts';

/**
 * Retention's delete (parameters: olderThan, limit). The subquery walks the index
 * exchanges_by_state_updated (state, updated_at), oldest first, and stops at the
 * limit: no table scan, no sort. (This SQLite build may lack DELETE ... LIMIT.)
 * A published row still awaiting its receipt (receipt_check_at set) is never deleted:
 * only the receipt settles it, however long the org keeps its receipts unreadable.
 */
export const PRUNE_PUBLISHED_SQL = `DELETE FROM exchanges WHERE rowid IN (
  SELECT rowid FROM exchanges WHERE state = 'published' AND receipt_check_at IS NULL AND updated_at < ?
  ORDER BY updated_at LIMIT ?)`;
/** The same for confirmed rows (updated_at: when they were confirmed), through the same index. */
export const PRUNE_CONFIRMED_SQL = `DELETE FROM exchanges WHERE rowid IN (
  SELECT rowid FROM exchanges WHERE state = 'confirmed' AND updated_at < ? ORDER BY updated_at LIMIT ?)`;

/**
 * A connection's due rows, oldest first (parameters: connectionId, now, the held rows as a JSON
 * list, limit): it walks exchanges_queue in receipt order and stops at the limit, no sort.
 */
export const LEASE_SQL = `SELECT ${COLUMNS} FROM ${WITH_PAYLOADS}
  WHERE state = 'queued' AND connection_id = ? AND next_attempt_at <= ?
    AND webhook_id NOT IN (SELECT value FROM json_each(?))
  ORDER BY received_at, webhook_id LIMIT ?`;

/*
 * Statements over a JSON list of rows look each one up by primary key. Their state condition is
 * written `+state`, which keeps it off any index (SQLite's unary-plus rule): as a plain term the
 * planner walked every row of that state through exchanges_queue and matched it against the list
 * — at 20,000 published rows, confirming 1,000 receipts took seconds instead of milliseconds.
 */
/** Receipts found (a JSON list of {id, receipt}), one statement per batch as for published marks. */
export const CONFIRM_RECEIPTS_SQL = `UPDATE exchanges SET state = 'confirmed', receipt = t.receipt, confirmed_at = @now,
    updated_at = @now, receipt_check_at = NULL, last_error = NULL
  FROM (SELECT value ->> 'id' AS id, value -> 'receipt' AS receipt FROM json_each(@rows)) AS t
  WHERE exchanges.webhook_id = t.id AND +exchanges.state = 'published'
  RETURNING exchanges.webhook_id`;
/** Published rows whose receipt check is due, soonest first, without payloads (parameters: now, held, limit). */
export const LEASE_RECEIPTS_SQL = `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM exchanges INDEXED BY exchanges_receipts_due
  WHERE state = 'published' AND receipt_check_at IS NOT NULL AND receipt_check_at <= ?
    AND webhook_id NOT IN (SELECT value FROM json_each(?))
  ORDER BY receipt_check_at LIMIT ?`;
/** Which of these rows (a JSON list of ids) are still queued: a lease renewal keeps only those. */
export const STILL_QUEUED_SQL = `SELECT webhook_id FROM exchanges
  WHERE webhook_id IN (SELECT value FROM json_each(?)) AND +state = 'queued'`;

/*
 * The routing sweep's questions, both through the partial index exchanges_unrouted, named:
 * with no statistics the planner would walk every unrouted row by state instead.
 * Which of these accounts (a JSON list) have exchanges waiting unrouted: one index lookup each.
 */
export const UNROUTED_AMONG_SQL = `SELECT a.value AS account_id FROM json_each(?) AS a
  WHERE EXISTS (SELECT 1 FROM exchanges INDEXED BY exchanges_unrouted WHERE state = 'unrouted' AND account_id = a.value)
  LIMIT ?`;
/** Accounts with anything waiting unrouted (the limit, 1, asks whether anything waits at all). */
export const ANY_UNROUTED_SQL = `SELECT DISTINCT account_id FROM exchanges INDEXED BY exchanges_unrouted
  WHERE state = 'unrouted' LIMIT ?`;

export interface SqliteOutboxOptions {
  /** Database file, or ':memory:' for tests that need no durability. */
  filename: string;
  /** How long to wait for another process to let go of the file before failing (default 5 s). */
  lockTimeoutMs?: number;
  /** Most inserts grouped in one transaction. */
  maxBatch?: number;
  /** How long the first insert of a group waits for others to join (ms); 0 = this event-loop turn only. */
  groupWindowMs?: number;
  /** Told after each group commit with the number of inserts it carried. */
  onGroupCommit?: (size: number) => void;
  now?: () => number;
}

interface PendingInsert {
  exchange: NewExchange;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

/** Another process holds the outbox: only one relay may use a data directory at a time. */
export class OutboxLockedError extends Error {
  readonly code = 'OUTBOX_LOCKED';
  constructor(readonly filename: string) {
    super(
      `${filename} is in use by another relay process: one relay per data directory (RELAY_DATA_DIR). ` +
        'Stop the other relay first (a rolling deploy must stop the old relay before the new one starts ' +
        'on the same directory), give each relay its own directory, or share one queue on PostgreSQL (RELAY_DATABASE_URL).'
    );
  }
}

/** Open (creating and migrating if needed) the outbox database in a data directory. */
export function openSqliteOutboxStore(dataDir: string, options: Omit<SqliteOutboxOptions, 'filename'> = {}) {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteOutboxStore({ ...options, filename: path.join(dataDir, SQLITE_FILE_NAME) });
}

/**
 * The record of a row just inserted, as the INSERT wrote it (no read-back). Spelled out:
 * `{ ...exchange, state, ... }` cost about 25 µs a row in V8 (the spread's copy takes
 * no shared shape, so each added property made a new one), a twentieth of an ingest.
 */
function newRecord(exchange: NewExchange, state: ExchangeState): ExchangeRecord {
  const at = exchange.receivedAt;
  return {
    webhookId: exchange.webhookId,
    exchangeId: exchange.exchangeId,
    accountId: exchange.accountId,
    connectionId: exchange.connectionId,
    state,
    bodyHash: exchange.bodyHash,
    attempts: 0,
    lastError: null,
    eventUuid: null,
    receivedAt: at,
    ageFrom: at,
    updatedAt: at,
    publishedAt: null,
    nextAttemptAt: at,
    resends: 0,
    receiptCheckAt: null,
    receipt: null,
    confirmedAt: null,
    payload: exchange.payload
  };
}

export class SqliteOutboxStore implements OutboxStore {
  private readonly db: Database.Database;
  private readonly maxBatch: number;
  private readonly groupWindowMs: number;
  private readonly now: () => number;
  private readonly onGroupCommit: ((size: number) => void) | undefined;
  private pending: PendingInsert[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;
  /** Who holds which rows: in memory, since only this process can open the file (process-leases.ts). */
  private readonly leases = new ProcessLeases();
  private readonly insertBatch: (batch: PendingInsert[]) => InsertOutcome[];

  constructor(options: SqliteOutboxOptions) {
    this.maxBatch = options.maxBatch ?? 500;
    this.groupWindowMs = options.groupWindowMs ?? 2;
    this.now = options.now ?? Date.now;
    this.onGroupCommit = options.onGroupCommit;
    this.db = new Database(options.filename);
    this.db.pragma(`busy_timeout = ${options.lockTimeoutMs ?? 5000}`);
    try {
      // Exclusive before the first access: the lock is then taken by the write below and
      // held until close (and WAL keeps its index in this process's memory).
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new OutboxLockedError(options.filename);
      throw error;
    }
    // better-sqlite3 leaves WAL at NORMAL, which can lose acknowledged rows on power loss.
    this.db.pragma('synchronous = FULL');
    // Statement journals (the undo of one statement inside a transaction, never used for
    // crash recovery) in memory, not in temporary files: an UPDATE over a batch or an
    // INSERT firing a count trigger wrote one, and its pwrite calls took 12% of a loop of
    // leases and published marks (docs/benchmarks.md, fourth round). A journal holds the
    // pages one statement changes, at most one batch's.
    this.db.pragma('temp_store = MEMORY');
    // Leases live in this process's memory (process-leases.ts); the columns relays before 2026-12
    // wrote them into are dropped by the payload migration, which so hands a dead process's leased
    // rows back to the queue.
    if (migrate(this.db) > 0) {
      // A migration that rebuilt a table left a WAL as large as the table, and a WAL keeps its
      // size until the process ends: checkpoint it into the file and truncate it now.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }

    const db = this.db;
    this.statements = {
      byWebhookId: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM ${WITH_PAYLOADS} WHERE webhook_id = ?`),
      byExchangeId: db.prepare<[string], Row>(
        `SELECT ${COLUMNS} FROM ${WITH_PAYLOADS} WHERE exchange_id = ? ORDER BY received_at, webhook_id`
      ),
      insert: db.prepare<[string, string, string, string | null, ExchangeState, string, number, number, number]>(
        `INSERT INTO exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash,
           attempts, received_at, updated_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
         ON CONFLICT (webhook_id) DO NOTHING`
      ),
      // Under the row's seq, in the insert's transaction: the row is never without its payload. A
      // payload already under that seq can belong to no row (one is deleted with its row): replaced.
      insertPayload: db.prepare<[number | bigint, string]>(
        `INSERT INTO exchange_payloads (seq, payload) VALUES (?, ?)
         ON CONFLICT (seq) DO UPDATE SET payload = excluded.payload`
      ),
      // A read: the lease itself is kept in memory (process-leases.ts); the held rows are
      // passed as a JSON list and skipped. Rows come back as arrays (raw: rowFromValues).
      lease: db.prepare<[string, number, string, number], unknown[]>(LEASE_SQL).raw(true),
      // A whole batch in one statement (a JSON list of {id, uuid, checkAt}, the rows the owner
      // still holds): one primary-key lookup per row, instead of one statement run per row.
      published: db.prepare<{ rows: string; now: number }, { webhook_id: string }>(
        `UPDATE exchanges SET state = 'published', event_uuid = t.uuid, published_at = @now, updated_at = @now,
           attempts = attempts + 1, last_error = NULL, receipt_check_at = t.check_at
         FROM (SELECT value ->> 'id' AS id, value ->> 'uuid' AS uuid, value ->> 'checkAt' AS check_at
               FROM json_each(@rows)) AS t
         WHERE exchanges.webhook_id = t.id
         RETURNING exchanges.webhook_id`
      ),
      leaseReceipts: db.prepare<[number, string, number], unknown[]>(LEASE_RECEIPTS_SQL).raw(true),
      confirmed: db.prepare<{ rows: string; now: number }, { webhook_id: string }>(CONFIRM_RECEIPTS_SQL),
      checkLater: db.prepare(
        `UPDATE exchanges SET receipt_check_at = @checkAt, receipt = COALESCE(@receipt, receipt)
         WHERE webhook_id = @webhookId AND state = 'published'`
      ),
      resend: db.prepare(
        `UPDATE exchanges SET state = 'queued', resends = resends + 1, last_error = @error, next_attempt_at = @now,
           updated_at = @now, receipt_check_at = NULL
         WHERE webhook_id = @webhookId AND state = 'published'`
      ),
      unconfirmed: db.prepare(
        `UPDATE exchanges SET state = 'unconfirmed', last_error = @error, updated_at = @now, receipt_check_at = NULL
         WHERE webhook_id = @webhookId AND state = 'published'`
      ),
      nextReceiptCheck: db.prepare<[], { at: number | null }>(
        `SELECT MIN(receipt_check_at) AS at FROM exchanges INDEXED BY exchanges_receipts_due
         WHERE state = 'published' AND receipt_check_at IS NOT NULL`
      ),
      listUnconfirmed: db.prepare<[number, number], Row>(
        `SELECT ${COLUMNS} FROM ${WITH_PAYLOADS} WHERE state = 'unconfirmed'
         ORDER BY received_at, webhook_id LIMIT ? OFFSET ?`
      ),
      replayUnconfirmedOne: db.prepare(
        `UPDATE exchanges SET state = 'queued', resends = 0, next_attempt_at = @now, updated_at = @now, age_from = @now
         WHERE webhook_id = @webhookId AND state = 'unconfirmed'`
      ),
      replayUnconfirmedAll: db.prepare(
        `UPDATE exchanges SET state = 'queued', resends = 0, next_attempt_at = @now, updated_at = @now, age_from = @now
         WHERE state = 'unconfirmed'`
      ),
      unconfirmedByConnection: db.prepare<[], { connection_id: string | null; n: number; oldest: number }>(
        `SELECT connection_id, COUNT(*) AS n, MIN(received_at) AS oldest FROM exchanges INDEXED BY exchanges_unconfirmed
         WHERE state = 'unconfirmed' GROUP BY connection_id`
      ),
      pruneConfirmed: db.prepare<[number, number]>(PRUNE_CONFIRMED_SQL),
      retry: db.prepare(
        `UPDATE exchanges SET state = 'queued', last_error = @error, next_attempt_at = @nextAttemptAt,
           updated_at = @now, attempts = attempts + 1
         WHERE webhook_id = @webhookId AND state = 'queued'`
      ),
      dead: db.prepare(
        `UPDATE exchanges SET state = 'dead', last_error = @error, updated_at = @now, attempts = attempts + 1
         WHERE webhook_id = @webhookId`
      ),
      stillQueued: db.prepare<[string], { webhook_id: string }>(STILL_QUEUED_SQL),
      routeSome: db.prepare(
        `UPDATE exchanges SET state = 'queued', connection_id = @connectionId, updated_at = @now, next_attempt_at = @now,
           age_from = @now
         WHERE state = 'unrouted' AND account_id = @accountId`
      ),
      routeAll: db.prepare(
        `UPDATE exchanges SET state = 'queued', connection_id = @connectionId, updated_at = @now, next_attempt_at = @now,
           age_from = @now
         WHERE state = 'unrouted'`
      ),
      anyUnrouted: db.prepare<[number], { account_id: string }>(ANY_UNROUTED_SQL),
      unroutedAmong: db.prepare<[string, number], { account_id: string }>(UNROUTED_AMONG_SQL),
      listDead: db.prepare<[number, number], Row>(
        `SELECT ${COLUMNS} FROM ${WITH_PAYLOADS} WHERE state = 'dead'
         ORDER BY updated_at DESC, webhook_id LIMIT ? OFFSET ?`
      ),
      replayOne: db.prepare(
        `UPDATE exchanges SET state = CASE WHEN connection_id IS NULL THEN 'unrouted' ELSE 'queued' END,
           attempts = 0, next_attempt_at = @now, updated_at = @now, age_from = @now
         WHERE webhook_id = @webhookId AND state = 'dead'`
      ),
      replayAll: db.prepare(
        `UPDATE exchanges SET state = CASE WHEN connection_id IS NULL THEN 'unrouted' ELSE 'queued' END,
           attempts = 0, next_attempt_at = @now, updated_at = @now, age_from = @now
         WHERE state = 'dead'`
      ),
      prunePublished: db.prepare<[number, number]>(PRUNE_PUBLISHED_SQL),
      // Kept by triggers (sqlite-migrations.ts): six rows, however many exchanges are kept.
      countByState: db.prepare<[], { state: ExchangeState; n: number }>('SELECT state, n FROM exchange_counts'),
      // Covered by exchanges_queue (state, connection_id, received_at): no table access.
      queuedByConnection: db.prepare<[], { connection_id: string; n: number; oldest: number }>(
        `SELECT connection_id, COUNT(*) AS n, MIN(received_at) AS oldest FROM exchanges WHERE state = 'queued'
         GROUP BY connection_id`
      ),
      oldestUnrouted: db.prepare<[], { oldest: number | null }>(
        `SELECT MIN(received_at) AS oldest FROM exchanges WHERE state = 'unrouted'`
      ),
      // Retention deletes published and confirmed rows by updated_at: the first entry of
      // exchanges_by_state_updated for each, two index lookups.
      oldestPublished: db.prepare<[], { oldest: number | null }>(
        `SELECT MIN(oldest) AS oldest FROM (
           SELECT MIN(updated_at) AS oldest FROM exchanges WHERE state = 'published'
           UNION ALL SELECT MIN(updated_at) FROM exchanges WHERE state = 'confirmed')`
      ),
      ping: db.prepare('SELECT 1')
    };

    this.insertBatch = db.transaction((batch: PendingInsert[]) =>
      batch.map(({ exchange }): InsertOutcome => {
        const state: ExchangeState = exchange.connectionId === null ? 'unrouted' : 'queued';
        const { changes, lastInsertRowid } = this.statements.insert.run(
          exchange.webhookId,
          exchange.exchangeId,
          exchange.accountId,
          exchange.connectionId,
          state,
          exchange.bodyHash,
          exchange.receivedAt,
          exchange.receivedAt,
          exchange.receivedAt
        );
        if (changes === 1) {
          this.statements.insertPayload.run(lastInsertRowid, exchange.payload);
          return { kind: 'created', record: newRecord(exchange, state) };
        }
        const existing = exchangeFromRow(this.statements.byWebhookId.get(exchange.webhookId) as Row);
        return { kind: existing.bodyHash === exchange.bodyHash ? 'duplicate' : 'conflict', record: existing };
      })
    );
  }

  insert(exchange: NewExchange): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new Error('outbox store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ exchange, resolve, reject });
      if (this.pending.length >= this.maxBatch) {
        this.flush();
      } else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // A commit costs an fsync; a window of a few ms lets concurrent requests share it.
        if (this.groupWindowMs > 0) setTimeout(() => this.flush(), this.groupWindowMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      let outcomes: InsertOutcome[];
      try {
        outcomes = this.insertBatch(batch);
      } catch (error) {
        batch.forEach((p) => p.reject(error));
        continue;
      }
      this.onGroupCommit?.(batch.length);
      batch.forEach((p, i) => p.resolve(outcomes[i] as InsertOutcome));
    }
  }

  async getByWebhookId(webhookId: string): Promise<ExchangeRecord | undefined> {
    const row = this.statements.byWebhookId.get(webhookId);
    return row ? exchangeFromRow(row) : undefined;
  }

  async findByExchangeId(exchangeId: string): Promise<ExchangeRecord[]> {
    return this.statements.byExchangeId.all(exchangeId).map(exchangeFromRow);
  }

  async lease(request: LeaseRequest): Promise<ExchangeRecord[]> {
    const { owner, now, leaseMs, connectionId, limit } = request;
    const pool = `queue:${connectionId}`;
    const held = JSON.stringify(this.leases.heldIn(pool, now));
    // A row still held under another pool (unrouted mid-publish and routed to another
    // connection since) waits for that lease to end, as it did when leases were columns.
    const rows = this.statements.lease
      .all(connectionId, now, held, limit)
      .map(rowFromValues)
      .filter((row) => !this.leases.held(row.webhook_id, now));
    this.leases.take(
      pool,
      rows.map((row) => row.webhook_id),
      owner,
      now + leaseMs
    );
    return rows.map(exchangeFromRow).sort(byReceipt);
  }

  /**
   * Runs one statement per row the owner still holds, in a transaction, and lets go of the
   * lease of each row it changed; answers the rows it did not change while checking an owner.
   */
  private settle<R extends { webhookId: string }>(
    statement: Database.Statement,
    rows: readonly R[],
    owner: string | undefined,
    extra: Record<string, unknown>
  ): string[] {
    const rejected: string[] = [];
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const row of rows) {
        const ran = this.leases.heldBy(row.webhookId, owner) && statement.run({ ...row, ...extra }).changes > 0;
        if (ran) changed.push(row.webhookId);
        else if (owner !== undefined) rejected.push(row.webhookId);
      }
    })();
    changed.forEach((id) => this.leases.drop(id));
    return rejected;
  }

  async markPublished(results: PublishedResult[], owner?: string): Promise<string[]> {
    const held = results.filter((r) => this.leases.heldBy(r.webhookId, owner));
    const taken = new Set<string>();
    if (held.length > 0) {
      const rows = JSON.stringify(
        held.map((r) => ({ id: r.webhookId, uuid: r.eventUuid, checkAt: r.receiptCheckAt ?? null }))
      );
      for (const { webhook_id } of this.statements.published.all({ rows, now: this.now() })) {
        taken.add(webhook_id);
        this.leases.drop(webhook_id);
      }
    }
    if (owner === undefined) return [];
    return results.map((r) => r.webhookId).filter((id) => !taken.has(id));
  }

  async leaseReceiptChecks(request: ReceiptLeaseRequest): Promise<ExchangeSummary[]> {
    const { owner, now, leaseMs, limit } = request;
    const held = JSON.stringify(this.leases.heldIn(RECEIPT_POOL, now));
    // Arrays of SUMMARY_COLUMNS (no payload, the last of EXCHANGE_COLUMNS): summaryFromRow reads no payload.
    const rows = this.statements.leaseReceipts.all(now, held, limit).map(rowFromValues);
    this.leases.take(
      RECEIPT_POOL,
      rows.map((row) => row.webhook_id),
      owner,
      now + leaseMs
    );
    return rows.map(summaryFromRow).sort(byReceiptCheck);
  }

  async settleReceipts(results: ReceiptSettlement[], owner?: string): Promise<string[]> {
    const now = this.now();
    const changed: string[] = [];
    const rejected = this.db.transaction(() => {
      const rejected: string[] = [];
      const confirmed: { id: string; receipt: StoredReceipt }[] = [];
      for (const result of results) {
        const base = { webhookId: result.webhookId, now };
        let changes: number;
        if (!this.leases.heldBy(result.webhookId, owner)) {
          changes = 0;
        } else if (result.outcome === 'confirmed') {
          confirmed.push({ id: result.webhookId, receipt: result.receipt });
          continue;
        } else if (result.outcome === 'check_later') {
          const receipt = result.receipt ? JSON.stringify(result.receipt) : null;
          changes = this.statements.checkLater.run({
            webhookId: base.webhookId,
            checkAt: result.checkAt,
            receipt
          }).changes;
        } else if (result.outcome === 'resend') {
          changes = this.statements.resend.run({ ...base, error: result.error }).changes;
        } else {
          changes = this.statements.unconfirmed.run({ ...base, error: result.error }).changes;
        }
        if (changes > 0) changed.push(result.webhookId);
        else if (owner !== undefined) rejected.push(result.webhookId);
      }
      if (confirmed.length > 0) {
        const rows = JSON.stringify(confirmed);
        const taken = new Set(this.statements.confirmed.all({ rows, now }).map((row) => row.webhook_id));
        for (const { id } of confirmed) {
          if (taken.has(id)) changed.push(id);
          else if (owner !== undefined) rejected.push(id);
        }
      }
      return rejected;
    })();
    changed.forEach((id) => this.leases.drop(id));
    return rejected;
  }

  async nextReceiptCheckAt(): Promise<number | null> {
    return this.statements.nextReceiptCheck.get()?.at ?? null;
  }

  async listUnconfirmed(limit: number, offset = 0): Promise<ExchangeRecord[]> {
    return this.statements.listUnconfirmed.all(limit, offset).map(exchangeFromRow);
  }

  async replayUnconfirmed(webhookIds?: readonly string[]): Promise<number> {
    const now = this.now();
    return this.db.transaction(() => {
      if (webhookIds === undefined) return this.statements.replayUnconfirmedAll.run({ now }).changes;
      return webhookIds.reduce(
        (moved, webhookId) => moved + this.statements.replayUnconfirmedOne.run({ webhookId, now }).changes,
        0
      );
    })();
  }

  async unconfirmedByConnection(): Promise<Record<string, UnconfirmedSummary>> {
    const out: Record<string, UnconfirmedSummary> = {};
    for (const { connection_id, n, oldest } of this.statements.unconfirmedByConnection.all()) {
      out[connection_id ?? ''] = { count: n, oldestReceivedAt: oldest };
    }
    return out;
  }

  async markRetry(results: RetryResult[], owner?: string): Promise<string[]> {
    return this.settle(this.statements.retry, results, owner, { now: this.now() });
  }

  async markDead(results: DeadResult[], owner?: string): Promise<string[]> {
    return this.settle(this.statements.dead, results, owner, { now: this.now() });
  }

  /** Nothing to write: the lease lives in memory. */
  async release(webhookIds: string[], owner?: string): Promise<string[]> {
    const rejected: string[] = [];
    for (const id of webhookIds) {
      if (this.leases.heldBy(id, owner)) this.leases.drop(id);
      else if (owner !== undefined) rejected.push(id);
    }
    return rejected;
  }

  /** Only rows still queued are renewed (a row moved on has nothing left to hold). */
  async renewLease(webhookIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    const until = this.now() + leaseMs;
    const queued = new Set(this.statements.stillQueued.all(JSON.stringify(webhookIds)).map((r) => r.webhook_id));
    return webhookIds.filter((id) => !(queued.has(id) && this.leases.extend(id, owner, until)));
  }

  async routeUnrouted(connectionId: string, accountIds: readonly string[] | null): Promise<number> {
    const now = this.now();
    return this.db.transaction(() => {
      if (accountIds === null) return this.statements.routeAll.run({ connectionId, now }).changes;
      return accountIds.reduce(
        (moved, accountId) => moved + this.statements.routeSome.run({ connectionId, accountId, now }).changes,
        0
      );
    })();
  }

  async unrouteQueued(connectionId: string, keepAccountIds: readonly string[] = []): Promise<number> {
    return this.db
      .prepare(
        `UPDATE exchanges SET state = 'unrouted', connection_id = NULL, updated_at = @now
         WHERE state = 'queued' AND connection_id = @connectionId
           AND account_id NOT IN (SELECT value FROM json_each(@keep))`
      )
      .run({ connectionId, keep: JSON.stringify(keepAccountIds), now: this.now() }).changes;
  }

  async unroutedAccounts(accountIds: readonly string[] | null, limit: number): Promise<string[]> {
    const rows =
      accountIds === null
        ? this.statements.anyUnrouted.all(limit)
        : this.statements.unroutedAmong.all(JSON.stringify([...new Set(accountIds)]), limit);
    return rows.map((row) => row.account_id);
  }

  async listDead(limit: number, offset = 0): Promise<ExchangeRecord[]> {
    return this.statements.listDead.all(limit, offset).map(exchangeFromRow);
  }

  async replayDead(webhookIds?: readonly string[]): Promise<number> {
    const now = this.now();
    webhookIds?.forEach((id) => this.leases.drop(id));
    return this.db.transaction(() => {
      if (webhookIds === undefined) return this.statements.replayAll.run({ now }).changes;
      return webhookIds.reduce(
        (moved, webhookId) => moved + this.statements.replayOne.run({ webhookId, now }).changes,
        0
      );
    })();
  }

  async prunePublished(olderThan: number, limit: number): Promise<number> {
    const published = this.statements.prunePublished.run(olderThan, limit).changes;
    if (published >= limit) return published;
    return published + this.statements.pruneConfirmed.run(olderThan, limit - published).changes;
  }

  async counts(): Promise<QueueCounts> {
    const byState = Object.fromEntries(EXCHANGE_STATES.map((s) => [s, 0])) as Record<ExchangeState, number>;
    for (const { state, n } of this.statements.countByState.all()) byState[state] = n;
    const queuedByConnection: Record<string, number> = {};
    const oldestQueuedByConnection: Record<string, number> = {};
    for (const { connection_id, n, oldest } of this.statements.queuedByConnection.all()) {
      queuedByConnection[connection_id] = n;
      oldestQueuedByConnection[connection_id] = oldest;
    }
    // Only when some wait: the count above says so without another walk.
    const oldestUnroutedAt = byState.unrouted > 0 ? (this.statements.oldestUnrouted.get()?.oldest ?? null) : null;
    const oldestPublishedAt = this.statements.oldestPublished.get()?.oldest ?? null;
    return { byState, queuedByConnection, oldestQueuedByConnection, oldestUnroutedAt, oldestPublishedAt };
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  /**
   * A consistent copy of the outbox in `target` while it keeps taking webhooks: SQLite's
   * online backup API, in steps of 256 pages with the event loop free between them (only
   * this process may read the file: it holds it exclusively). See sqlite-backup.ts.
   */
  async backup(target: string): Promise<void> {
    await this.db.backup(target, { progress: () => 256 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
