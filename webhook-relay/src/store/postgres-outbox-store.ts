/**
 * The outbox on PostgreSQL, for several relays sharing one durable queue.
 *
 * Same contract as the SQLite store (outbox-store.ts). What PostgreSQL adds:
 * - inserts arriving together are grouped into one multi-row INSERT, one commit;
 * - the webhook id is the primary key, so two relays racing on one delivery store it once;
 * - batches are leased with `FOR UPDATE SKIP LOCKED` and a lease expiry measured with
 *   the database's clock, so a batch held by an instance that died is taken over once
 *   its lease runs out, and a relay whose clock runs ahead cannot take it over sooner;
 *   results and releases check the lease owner, so a relay whose lease was taken over
 *   cannot overwrite what the new holder does;
 * - retention deletes with `FOR UPDATE SKIP LOCKED` too, so relays pruning at the
 *   same moment never wait on each other;
 * - migrations run at start under an advisory lock, so instances starting together
 *   do not race;
 * - the counts per state come from rows the count triggers keep (migration 6), never from
 *   counting the table, whose kept history may hold millions of rows.
 */
import { Pool, type PoolConfig } from 'pg';
import { migrateOutbox } from './postgres-outbox-migrations';
import {
  byReceipt,
  byReceiptCheck,
  EXCHANGE_COLUMNS,
  exchangeFromRow,
  SUMMARY_COLUMNS,
  summaryFromRow,
  type ExchangeRow,
  type ExchangeSummaryRow
} from './exchange-row';
import type {
  DeadResult,
  ExchangeRecord,
  ExchangeSummary,
  ExchangeState,
  InsertOutcome,
  LeaseRequest,
  NewExchange,
  OutboxStore,
  PublishedResult,
  QueueCounts,
  ReceiptLeaseRequest,
  ReceiptSettlement,
  RetryResult,
  UnconfirmedSummary
} from './outbox-store';
import { EXCHANGE_STATES } from './outbox-store';

export interface PostgresOutboxOptions {
  connectionString: string;
  /** Pool size; a relay needs few connections because inserts are grouped. */
  maxConnections?: number;
  /** How long concurrent inserts may wait to share one commit. */
  groupCommitWindowMs?: number;
  /** Cap on rows per grouped commit. */
  maxGroupSize?: number;
  pool?: Omit<PoolConfig, 'connectionString'>;
  now?: () => number;
}

interface PendingInsert {
  exchange: NewExchange;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

/** Rows per state: the folded row and whatever the triggers appended since. */
export const STATE_COUNTS_SQL = 'SELECT state, sum(n) AS n FROM relay_state_counts GROUP BY state';

/** The live queue per connection, from relay_exchanges_queue (… WHERE state = 'queued'): no history read. */
export const QUEUED_BY_CONNECTION_SQL = `SELECT connection_id, count(*) AS n, min(received_at) AS oldest
  FROM relay_exchanges WHERE state = 'queued' AND connection_id IS NOT NULL GROUP BY connection_id`;

/**
 * The oldest unrouted row (relay_exchanges_unrouted_age), and how far retention is behind:
 * retention deletes published and confirmed rows by updated_at, so that is the first entry of
 * the partial indexes relay_exchanges_published and relay_exchanges_confirmed: three index lookups.
 */
export const OLDEST_KEPT_SQL = `SELECT (SELECT min(received_at) FROM relay_exchanges WHERE state = 'unrouted') AS unrouted,
  least((SELECT min(updated_at) FROM relay_exchanges WHERE state = 'published'),
        (SELECT min(updated_at) FROM relay_exchanges WHERE state = 'confirmed')) AS published`;

/** Arbitrary constant naming the "cardbridge state count fold" advisory lock. */
export const COUNT_FOLD_LOCK = 73_442_013;

/**
 * Folds the rows the count triggers appended (migration 6) into one per state, in one statement.
 * A relay that finds another folding skips (the lock is tried, not awaited). Rows other
 * transactions append meanwhile are not in this statement's snapshot: they stay for the next fold.
 */
export const FOLD_STATE_COUNTS_SQL = `WITH lock AS (SELECT pg_try_advisory_xact_lock($1) AS held),
  gone AS (DELETE FROM relay_state_counts WHERE (SELECT held FROM lock)
    -- Only states with something to fold: an idle outbox's fold rewrites nothing.
    AND state IN (SELECT state FROM relay_state_counts GROUP BY state HAVING count(*) > 1 OR sum(n) = 0)
    RETURNING state, n)
  INSERT INTO relay_state_counts (state, n) SELECT state, sum(n) FROM gone GROUP BY state HAVING sum(n) <> 0`;

/**
 * Retention's delete ($1 olderThan, $2 limit). The subquery walks the partial index
 * relay_exchanges_published oldest first; SKIP LOCKED lets relays pruning together
 * each take rows the others have not locked, none waiting. ANY(ARRAY(...)) keeps the
 * delete a primary-key lookup even under a generic plan (IN may hash-join a table scan).
 * A published row still awaiting its receipt (receipt_check_at set) is never deleted.
 */
export const PRUNE_PUBLISHED_SQL = `DELETE FROM relay_exchanges WHERE webhook_id = ANY(ARRAY(
  SELECT webhook_id FROM relay_exchanges
  WHERE state = 'published' AND receipt_check_at IS NULL AND updated_at < $1
  ORDER BY updated_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED))`;

/** The database's clock in epoch ms: lease expiry never depends on a relay's clock. */
const DB_NOW_MS = `(extract(epoch from now()) * 1000)::bigint`;

/** The ids sent minus those a statement answered with (RETURNING webhook_id). */
function missing(sent: readonly string[], changed: readonly { webhook_id: string }[]): string[] {
  const done = new Set(changed.map((row) => row.webhook_id));
  return sent.filter((id) => !done.has(id));
}

const COLUMNS = EXCHANGE_COLUMNS.join(', ');
/** Without the payload: a receipt check never publishes, and a payload is most of a row's bytes. */
const SUMMARY = SUMMARY_COLUMNS.join(', ');

/** The same as PRUNE_PUBLISHED_SQL for confirmed rows, through relay_exchanges_confirmed. */
export const PRUNE_CONFIRMED_SQL = `DELETE FROM relay_exchanges WHERE webhook_id = ANY(ARRAY(
  SELECT webhook_id FROM relay_exchanges
  WHERE state = 'confirmed' AND updated_at < $1
  ORDER BY updated_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED))`;

export class PostgresOutboxStore implements OutboxStore {
  private readonly pool: Pool;
  private readonly windowMs: number;
  private readonly maxGroup: number;
  private readonly now: () => number;
  private pending: PendingInsert[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();
  private closed = false;

  private constructor(pool: Pool, options: PostgresOutboxOptions) {
    this.pool = pool;
    this.windowMs = options.groupCommitWindowMs ?? 2;
    this.maxGroup = options.maxGroupSize ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** Connects, applies migrations and answers a ready store. */
  static async open(options: PostgresOutboxOptions): Promise<PostgresOutboxStore> {
    const pool = new Pool({
      ...options.pool,
      connectionString: options.connectionString,
      max: options.maxConnections ?? 8
    });
    // An idle client's network error must not crash the relay; the next query reports it.
    pool.on('error', () => undefined);
    try {
      await migrateOutbox(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresOutboxStore(pool, options);
  }

  insert(exchange: NewExchange): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new Error('outbox store is closed'));
    return new Promise<InsertOutcome>((resolve, reject) => {
      this.pending.push({ exchange, resolve, reject });
      if (this.pending.length >= this.maxGroup) this.flush();
      else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const group = this.pending.splice(0, this.maxGroup);
    if (group.length === 0) return;
    const work = this.commitGroup(group).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    if (this.pending.length > 0) this.flush();
  }

  private async commitGroup(group: PendingInsert[]): Promise<void> {
    // The first of several inserts with one webhook id inside the group is the one stored;
    // the others are answered against it once the commit is done.
    const firsts = new Map<string, PendingInsert>();
    for (const item of group) if (!firsts.has(item.exchange.webhookId)) firsts.set(item.exchange.webhookId, item);
    const rows = [...firsts.values()].map((p) => p.exchange);
    let created: Set<string>;
    let existing: Map<string, ExchangeRecord>;
    try {
      const inserted = await this.pool.query<{ webhook_id: string }>(
        `INSERT INTO relay_exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload,
           attempts, received_at, updated_at, next_attempt_at)
         SELECT w, e, a, c, CASE WHEN c IS NULL THEN 'unrouted' ELSE 'queued' END, h, p, 0, r, r, r
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
           AS t(w, e, a, c, h, p, r)
         ON CONFLICT (webhook_id) DO NOTHING
         RETURNING webhook_id`,
        [
          rows.map((r) => r.webhookId),
          rows.map((r) => r.exchangeId),
          rows.map((r) => r.accountId),
          rows.map((r) => r.connectionId),
          rows.map((r) => r.bodyHash),
          rows.map((r) => r.payload),
          rows.map((r) => r.receivedAt)
        ]
      );
      created = new Set(inserted.rows.map((r) => r.webhook_id));
      const ids = rows.map((r) => r.webhookId);
      const stored = await this.pool.query<ExchangeRow>(
        `SELECT ${COLUMNS} FROM relay_exchanges WHERE webhook_id = ANY($1::text[])`,
        [ids]
      );
      existing = new Map(stored.rows.map((row) => [row.webhook_id, exchangeFromRow(row)]));
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    for (const item of group) {
      const record = existing.get(item.exchange.webhookId);
      if (!record) {
        item.reject(new Error(`outbox row ${item.exchange.webhookId} missing after insert`));
        continue;
      }
      const isFirst = firsts.get(item.exchange.webhookId) === item;
      if (isFirst && created.has(record.webhookId)) {
        item.resolve({ kind: 'created', record });
      } else {
        item.resolve({ kind: record.bodyHash === item.exchange.bodyHash ? 'duplicate' : 'conflict', record });
      }
    }
  }

  async getByWebhookId(webhookId: string): Promise<ExchangeRecord | undefined> {
    const result = await this.pool.query<ExchangeRow>(`SELECT ${COLUMNS} FROM relay_exchanges WHERE webhook_id = $1`, [
      webhookId
    ]);
    const row = result.rows[0];
    return row ? exchangeFromRow(row) : undefined;
  }

  async findByExchangeId(exchangeId: string): Promise<ExchangeRecord[]> {
    const result = await this.pool.query<ExchangeRow>(
      `SELECT ${COLUMNS} FROM relay_exchanges WHERE exchange_id = $1 ORDER BY received_at, webhook_id`,
      [exchangeId]
    );
    return result.rows.map(exchangeFromRow);
  }

  async lease(request: LeaseRequest): Promise<ExchangeRecord[]> {
    const result = await this.pool.query<ExchangeRow>(
      `UPDATE relay_exchanges SET lease_owner = $4, lease_expires_at = ${DB_NOW_MS} + $5::bigint
       WHERE webhook_id IN (
         SELECT webhook_id FROM relay_exchanges
         WHERE state = 'queued' AND connection_id = $1 AND next_attempt_at <= $3
           AND (lease_expires_at IS NULL OR lease_expires_at <= ${DB_NOW_MS})
         ORDER BY received_at, webhook_id
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [request.connectionId, request.limit, request.now, request.owner, request.leaseMs]
    );
    return result.rows.map(exchangeFromRow).sort(byReceipt);
  }

  async markPublished(results: PublishedResult[], owner?: string): Promise<string[]> {
    if (results.length === 0) return [];
    const ids = results.map((r) => r.webhookId);
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges AS x
       SET state = 'published', event_uuid = t.uuid, attempts = x.attempts + 1, last_error = NULL,
           published_at = $3, updated_at = $3, lease_owner = NULL, lease_expires_at = NULL, receipt_check_at = t.check_at
       FROM unnest($1::text[], $2::text[], $5::bigint[]) AS t(id, uuid, check_at)
       WHERE x.webhook_id = t.id AND ($4::text IS NULL OR x.lease_owner = $4)
       RETURNING x.webhook_id`,
      [ids, results.map((r) => r.eventUuid), this.now(), owner ?? null, results.map((r) => r.receiptCheckAt ?? null)]
    );
    return owner === undefined ? [] : missing(ids, changed.rows);
  }

  async markRetry(results: RetryResult[], owner?: string): Promise<string[]> {
    if (results.length === 0) return [];
    const ids = results.map((r) => r.webhookId);
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges AS x
       SET state = 'queued', attempts = x.attempts + 1, last_error = t.error, next_attempt_at = t.due,
           updated_at = $4, lease_owner = NULL, lease_expires_at = NULL
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(id, error, due)
       WHERE x.webhook_id = t.id AND x.state = 'queued' AND ($5::text IS NULL OR x.lease_owner = $5)
       RETURNING x.webhook_id`,
      [ids, results.map((r) => r.error), results.map((r) => r.nextAttemptAt), this.now(), owner ?? null]
    );
    return owner === undefined ? [] : missing(ids, changed.rows);
  }

  async markDead(results: DeadResult[], owner?: string): Promise<string[]> {
    if (results.length === 0) return [];
    const ids = results.map((r) => r.webhookId);
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges AS x
       SET state = 'dead', attempts = x.attempts + 1, last_error = t.error, updated_at = $3,
           lease_owner = NULL, lease_expires_at = NULL
       FROM unnest($1::text[], $2::text[]) AS t(id, error)
       WHERE x.webhook_id = t.id AND ($4::text IS NULL OR x.lease_owner = $4)
       RETURNING x.webhook_id`,
      [ids, results.map((r) => r.error), this.now(), owner ?? null]
    );
    return owner === undefined ? [] : missing(ids, changed.rows);
  }

  async release(webhookIds: string[], owner?: string): Promise<string[]> {
    if (webhookIds.length === 0) return [];
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges SET lease_owner = NULL, lease_expires_at = NULL
       WHERE webhook_id = ANY($1::text[]) AND ($2::text IS NULL OR lease_owner = $2)
       RETURNING webhook_id`,
      [webhookIds, owner ?? null]
    );
    return owner === undefined ? [] : missing(webhookIds, changed.rows);
  }

  async renewLease(webhookIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    if (webhookIds.length === 0) return [];
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges SET lease_expires_at = ${DB_NOW_MS} + $3::bigint
       WHERE webhook_id = ANY($1::text[]) AND state = 'queued' AND lease_owner = $2
       RETURNING webhook_id`,
      [webhookIds, owner, leaseMs]
    );
    return missing(webhookIds, changed.rows);
  }

  async routeUnrouted(connectionId: string, accountIds: readonly string[] | null): Promise<number> {
    const now = this.now();
    const result =
      accountIds === null
        ? await this.pool.query(
            `UPDATE relay_exchanges SET state = 'queued', connection_id = $1, next_attempt_at = $2, updated_at = $2,
               age_from = $2
             WHERE state = 'unrouted'`,
            [connectionId, now]
          )
        : await this.pool.query(
            `UPDATE relay_exchanges SET state = 'queued', connection_id = $1, next_attempt_at = $2, updated_at = $2,
               age_from = $2
             WHERE state = 'unrouted' AND account_id = ANY($3::text[])`,
            [connectionId, now, [...accountIds]]
          );
    return result.rowCount ?? 0;
  }

  async unrouteQueued(connectionId: string, keepAccountIds: readonly string[] = []): Promise<number> {
    const result = await this.pool.query(
      `UPDATE relay_exchanges SET state = 'unrouted', connection_id = NULL, updated_at = $2
       WHERE state = 'queued' AND connection_id = $1 AND NOT (account_id = ANY($3::text[]))`,
      [connectionId, this.now(), [...keepAccountIds]]
    );
    return result.rowCount ?? 0;
  }

  async unroutedAccounts(accountIds: readonly string[] | null, limit: number): Promise<string[]> {
    // Through the partial index relay_exchanges_unrouted (account_id) WHERE state = 'unrouted'.
    const result =
      accountIds === null
        ? await this.pool.query<{ account_id: string }>(
            `SELECT DISTINCT account_id FROM relay_exchanges WHERE state = 'unrouted' LIMIT $1`,
            [limit]
          )
        : await this.pool.query<{ account_id: string }>(
            `SELECT a.id AS account_id FROM unnest($1::text[]) AS a(id)
             WHERE EXISTS (SELECT 1 FROM relay_exchanges x WHERE x.state = 'unrouted' AND x.account_id = a.id)
             LIMIT $2`,
            [[...new Set(accountIds)], limit]
          );
    return result.rows.map((row) => row.account_id);
  }

  async listDead(limit: number, offset = 0): Promise<ExchangeRecord[]> {
    const result = await this.pool.query<ExchangeRow>(
      `SELECT ${COLUMNS} FROM relay_exchanges WHERE state = 'dead'
       ORDER BY updated_at DESC, webhook_id LIMIT $1 OFFSET $2`,
      [limit, offset]
    );
    return result.rows.map(exchangeFromRow);
  }

  async replayDead(webhookIds?: readonly string[]): Promise<number> {
    const now = this.now();
    const result = webhookIds
      ? await this.pool.query(
          `UPDATE relay_exchanges SET state = CASE WHEN connection_id IS NULL THEN 'unrouted' ELSE 'queued' END, attempts = 0, next_attempt_at = $1, updated_at = $1,
             age_from = $1, lease_owner = NULL, lease_expires_at = NULL
           WHERE state = 'dead' AND webhook_id = ANY($2::text[])`,
          [now, [...webhookIds]]
        )
      : await this.pool.query(
          `UPDATE relay_exchanges SET state = CASE WHEN connection_id IS NULL THEN 'unrouted' ELSE 'queued' END, attempts = 0, next_attempt_at = $1, updated_at = $1,
             age_from = $1, lease_owner = NULL, lease_expires_at = NULL
           WHERE state = 'dead'`,
          [now]
        );
    return result.rowCount ?? 0;
  }

  async prunePublished(olderThan: number, limit: number): Promise<number> {
    // Retention runs on every relay whether or not anything reads the counts: the count rows
    // the triggers append are folded here too, so they stay a handful however long nobody scrapes.
    await this.foldStateCounts();
    const result = await this.pool.query(PRUNE_PUBLISHED_SQL, [olderThan, limit]);
    const published = result.rowCount ?? 0;
    if (published >= limit) return published;
    const confirmed = await this.pool.query(PRUNE_CONFIRMED_SQL, [olderThan, limit - published]);
    return published + (confirmed.rowCount ?? 0);
  }

  async leaseReceiptChecks(request: ReceiptLeaseRequest): Promise<ExchangeSummary[]> {
    const result = await this.pool.query<ExchangeSummaryRow>(
      `UPDATE relay_exchanges SET lease_owner = $3, lease_expires_at = ${DB_NOW_MS} + $4::bigint
       WHERE webhook_id IN (
         SELECT webhook_id FROM relay_exchanges
         WHERE state = 'published' AND receipt_check_at IS NOT NULL AND receipt_check_at <= $1
           AND (lease_expires_at IS NULL OR lease_expires_at <= ${DB_NOW_MS})
         ORDER BY receipt_check_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING ${SUMMARY}`,
      [request.now, request.limit, request.owner, request.leaseMs]
    );
    return result.rows.map(summaryFromRow).sort(byReceiptCheck);
  }

  async settleReceipts(results: ReceiptSettlement[], owner?: string): Promise<string[]> {
    if (results.length === 0) return [];
    const ids = results.map((r) => r.webhookId);
    // One statement for every outcome: each row's new state, receipt, check time and error side by side.
    const changed = await this.pool.query<{ webhook_id: string }>(
      `UPDATE relay_exchanges AS x
       SET state = CASE t.outcome WHEN 'confirmed' THEN 'confirmed' WHEN 'resend' THEN 'queued'
                     WHEN 'unconfirmed' THEN 'unconfirmed' ELSE x.state END,
           receipt = COALESCE(t.receipt, x.receipt),
           confirmed_at = CASE WHEN t.outcome = 'confirmed' THEN $6 ELSE x.confirmed_at END,
           receipt_check_at = CASE WHEN t.outcome = 'check_later' THEN t.check_at ELSE NULL END,
           resends = CASE WHEN t.outcome = 'resend' THEN x.resends + 1 ELSE x.resends END,
           next_attempt_at = CASE WHEN t.outcome = 'resend' THEN $6 ELSE x.next_attempt_at END,
           last_error = CASE WHEN t.outcome IN ('resend', 'unconfirmed') THEN t.error
                        WHEN t.outcome = 'confirmed' THEN NULL ELSE x.last_error END,
           updated_at = CASE WHEN t.outcome = 'check_later' THEN x.updated_at ELSE $6 END,
           lease_owner = NULL, lease_expires_at = NULL
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(id, outcome, receipt, check_at, error)
       WHERE x.webhook_id = t.id AND x.state = 'published' AND ($7::text IS NULL OR x.lease_owner = $7)
       RETURNING x.webhook_id`,
      [
        ids,
        results.map((r) => r.outcome),
        results.map((r) =>
          r.outcome === 'confirmed' || (r.outcome === 'check_later' && r.receipt) ? JSON.stringify(r.receipt) : null
        ),
        results.map((r) => (r.outcome === 'check_later' ? r.checkAt : null)),
        results.map((r) => (r.outcome === 'resend' || r.outcome === 'unconfirmed' ? r.error : null)),
        this.now(),
        owner ?? null
      ]
    );
    return owner === undefined ? [] : missing(ids, changed.rows);
  }

  async nextReceiptCheckAt(): Promise<number | null> {
    const result = await this.pool.query<{ at: string | null }>(
      `SELECT min(receipt_check_at) AS at FROM relay_exchanges WHERE state = 'published' AND receipt_check_at IS NOT NULL`
    );
    const at = result.rows[0]?.at ?? null;
    return at === null ? null : Number(at);
  }

  async listUnconfirmed(limit: number, offset = 0): Promise<ExchangeRecord[]> {
    const result = await this.pool.query<ExchangeRow>(
      `SELECT ${COLUMNS} FROM relay_exchanges WHERE state = 'unconfirmed'
       ORDER BY received_at, webhook_id LIMIT $1 OFFSET $2`,
      [limit, offset]
    );
    return result.rows.map(exchangeFromRow);
  }

  async replayUnconfirmed(webhookIds?: readonly string[]): Promise<number> {
    const now = this.now();
    const set = `state = 'queued', resends = 0, next_attempt_at = $1, updated_at = $1, age_from = $1,
      lease_owner = NULL, lease_expires_at = NULL`;
    const result = webhookIds
      ? await this.pool.query(
          `UPDATE relay_exchanges SET ${set} WHERE state = 'unconfirmed' AND webhook_id = ANY($2::text[])`,
          [now, [...webhookIds]]
        )
      : await this.pool.query(`UPDATE relay_exchanges SET ${set} WHERE state = 'unconfirmed'`, [now]);
    return result.rowCount ?? 0;
  }

  async unconfirmedByConnection(): Promise<Record<string, UnconfirmedSummary>> {
    const result = await this.pool.query<{ connection_id: string | null; n: string; oldest: string }>(
      `SELECT connection_id, count(*) AS n, min(received_at) AS oldest FROM relay_exchanges
       WHERE state = 'unconfirmed' GROUP BY connection_id`
    );
    const out: Record<string, UnconfirmedSummary> = {};
    for (const row of result.rows) {
      out[row.connection_id ?? ''] = { count: Number(row.n), oldestReceivedAt: Number(row.oldest) };
    }
    return out;
  }

  /**
   * The counts per state: one row per state in relay_state_counts, plus the rows the count
   * triggers appended since the last fold (migration 6); never a count of the table itself.
   * Queued rows per connection and the oldest ages come from the partial indexes of those
   * states (the live queue, not the kept history). One REPEATABLE READ snapshot for all of it.
   */
  async counts(): Promise<QueueCounts> {
    await this.foldStateCounts();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const states = await client.query<{ state: ExchangeState; n: string }>(STATE_COUNTS_SQL);
      const queued = await client.query<{ connection_id: string; n: string; oldest: string }>(QUEUED_BY_CONNECTION_SQL);
      const oldest = await client.query<{ unrouted: string | null; published: string | null }>(OLDEST_KEPT_SQL);
      await client.query('COMMIT');
      const byState = Object.fromEntries(EXCHANGE_STATES.map((s) => [s, 0])) as Record<ExchangeState, number>;
      for (const row of states.rows) if (row.state in byState) byState[row.state] = Number(row.n);
      const queuedByConnection: Record<string, number> = {};
      const oldestQueuedByConnection: Record<string, number> = {};
      for (const row of queued.rows) {
        queuedByConnection[row.connection_id] = Number(row.n);
        oldestQueuedByConnection[row.connection_id] = Number(row.oldest);
      }
      const ages = oldest.rows[0];
      return {
        byState,
        queuedByConnection,
        oldestQueuedByConnection,
        oldestUnroutedAt: ages?.unrouted == null ? null : Number(ages.unrouted),
        oldestPublishedAt: ages?.published == null ? null : Number(ages.published)
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Best effort: the counts read every row the triggers appended, folded or not, so a fold that
   * fails (a timeout, a lock) must not cost a scrape or a retention pass; the next one folds.
   */
  private async foldStateCounts(): Promise<void> {
    await this.pool.query(FOLD_STATE_COUNTS_SQL, [COUNT_FOLD_LOCK]).catch(() => undefined);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await Promise.allSettled([...this.inFlight]);
    await this.pool.end();
  }
}
