/**
 * The durable outbox: the one place the relay keeps card exchanges between
 * "acknowledged to the card platform" and "published to Salesforce".
 *
 * This module owns the contract only. `sqlite-outbox-store.ts` fills it with
 * embedded SQLite (the default) and a PostgreSQL implementation fills it for
 * several relays sharing one queue. It knows nothing of HTTP or Salesforce.
 *
 * Invariants every implementation keeps:
 * - `insert` resolves only once the row is durable (committed and synced); a
 *   rejected promise means nothing was stored and nothing may be acknowledged.
 * - one row per `webhookId`; a second insert with the same id answers
 *   `duplicate` (same body hash) or `conflict` (different body) and stores nothing.
 * - the relay deletes rows only through `prunePublished`, and only `published` and
 *   `confirmed` ones: queued, unrouted, unconfirmed and dead rows stay until they are
 *   published and confirmed (or replayed).
 * - receipt checks lease `published` rows the same way publishing leases `queued` ones:
 *   one relay checks a row at a time, and only the holder of its lease settles it.
 * - a lease belongs to its owner: results and releases that name an owner change
 *   only the rows that owner still holds (a relay whose lease ran out and was taken
 *   over cannot overwrite what the new holder does), and answer the rest as rejected.
 * - PostgreSQL measures lease expiry with the database's clock (`now()`), never a
 *   relay's, so relays with skewed clocks cannot cut into each other's leases; SQLite
 *   serves one process, whose clock is the database's.
 */

/**
 * Where an exchange is in its life: `unrouted` -> `queued` -> `published` (Salesforce
 * enqueued the event) -> `confirmed` (the package's receipt was read back), or `dead`
 * (never publishable) and `unconfirmed` (re-sent and still no receipt: a human looks).
 */
export type ExchangeState = 'queued' | 'published' | 'confirmed' | 'unconfirmed' | 'dead' | 'unrouted';

export const EXCHANGE_STATES: readonly ExchangeState[] = [
  'queued',
  'published',
  'confirmed',
  'unconfirmed',
  'dead',
  'unrouted'
];

/** One integration's outcome in the org (a CardExchangeLog__c row), as the receipt keeps it. */
export interface StoredLogOutcome {
  status: string | null;
  recordId: string | null;
  targetObject: string | null;
  errorCode: string | null;
  /** May quote a value of the exchange: shown to operators, never logged. */
  errorMessage: string | null;
}

/** What the org holds for an exchange (its CardReceivedExchange__c row and logs). */
export interface StoredReceipt {
  /** Pending, Processed, Waiting or Invalid. */
  status: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  logs: StoredLogOutcome[];
}

/** What ingest hands to the store once a webhook is verified and valid. */
export interface NewExchange {
  /** The Standard Webhooks `webhook-id`: the idempotency key. */
  webhookId: string;
  exchangeId: string;
  /** The card-platform account id, used for routing to an org connection. */
  accountId: string;
  /** Hex SHA-256 of the raw request body; tells a retry from a reused id. */
  bodyHash: string;
  /** The validated, normalised envelope as JSON text (what gets published). */
  payload: string;
  /** Unix epoch milliseconds. */
  receivedAt: number;
  /** The org connection that serves the account, or null: stored as `unrouted`. */
  connectionId: string | null;
}

/** One stored exchange as the store sees it. */
export interface ExchangeRecord {
  webhookId: string;
  exchangeId: string;
  accountId: string;
  connectionId: string | null;
  state: ExchangeState;
  bodyHash: string;
  payload: string;
  /** Publish attempts made so far. */
  attempts: number;
  /** The last failure in plain words, with its code first (`CODE: message`). */
  lastError: string | null;
  /** The Salesforce event UUID returned with OPERATION_ENQUEUED. */
  eventUuid: string | null;
  receivedAt: number;
  /**
   * Where the age limit (`maxAgeHours`) counts from: when the exchange was received,
   * or last routed to a connection or replayed from dead letters (epoch ms).
   */
  ageFrom: number;
  updatedAt: number;
  publishedAt: number | null;
  /** Not to be leased before this time (epoch ms); backoff lives here. */
  nextAttemptAt: number;
  /** Times it was published again because no receipt came. */
  resends: number;
  /** When a `published` row's receipt is next looked for (epoch ms); null when none is awaited. */
  receiptCheckAt: number | null;
  /** The org's receipt: set once confirmed (or while the org still processes it). */
  receipt: StoredReceipt | null;
  confirmedAt: number | null;
}

/** A stored exchange without its payload: what receipt checks lease (they never publish it). */
export type ExchangeSummary = Omit<ExchangeRecord, 'payload'>;

/**
 * The delivery that speaks for an exchange (several webhooks may carry one exchangeId): the
 * one that reached the org furthest (confirmed, then published, then unconfirmed), else the
 * latest received. `records` are one exchange's deliveries, oldest first, at least one.
 */
export function primaryDelivery(records: readonly ExchangeRecord[]): ExchangeRecord {
  for (const state of ['confirmed', 'published', 'unconfirmed'] as const) {
    const found = records.find((r) => r.state === state);
    if (found) return found;
  }
  return records[records.length - 1] as ExchangeRecord;
}

export type InsertOutcome =
  | { kind: 'created'; record: ExchangeRecord }
  | { kind: 'duplicate'; record: ExchangeRecord }
  | { kind: 'conflict'; record: ExchangeRecord };

export interface PublishedResult {
  webhookId: string;
  eventUuid: string | null;
  /** When to look for its receipt first; absent or null: no receipt is awaited. */
  receiptCheckAt?: number | null;
}

/** Where a receipt check leaves a published row. */
export type ReceiptSettlement =
  | { webhookId: string; outcome: 'confirmed'; receipt: StoredReceipt }
  /** No receipt yet, or the org still processes it (`receipt`): look again at `checkAt`. */
  | { webhookId: string; outcome: 'check_later'; checkAt: number; receipt?: StoredReceipt | null }
  /** Back to `queued` to be published again (resends + 1), with why. */
  | { webhookId: string; outcome: 'resend'; error: string }
  | { webhookId: string; outcome: 'unconfirmed'; error: string };

export interface ReceiptLeaseRequest {
  /** Rows whose receiptCheckAt <= now are due. */
  now: number;
  limit: number;
  leaseMs: number;
  owner: string;
}

/** Unconfirmed exchanges of one connection. */
export interface UnconfirmedSummary {
  count: number;
  /** When the oldest of them was received (epoch ms). */
  oldestReceivedAt: number;
}

export interface RetryResult {
  webhookId: string;
  error: string;
  nextAttemptAt: number;
}

export interface DeadResult {
  webhookId: string;
  error: string;
}

export interface QueueCounts {
  byState: Record<ExchangeState, number>;
  /** Queued rows per connection id. */
  queuedByConnection: Record<string, number>;
  /**
   * When the oldest queued row of each connection was received (epoch ms): the age
   * alerts page on. Read in the same pass as the counts, never a query per scrape.
   */
  oldestQueuedByConnection: Record<string, number>;
  /** When the oldest `unrouted` row was received (epoch ms), null when none waits. */
  oldestUnroutedAt: number | null;
  /**
   * When the oldest `published` or `confirmed` row still kept was last updated (epoch ms), null
   * when none: how far retention's pruner is behind (index lookups: the first entries of the
   * indexes it deletes by).
   */
  oldestPublishedAt: number | null;
}

export interface LeaseRequest {
  connectionId: string;
  /** Max rows to lease (publish batches are at most 200). */
  limit: number;
  /**
   * Epoch ms "now" of the leasing relay: rows with nextAttemptAt <= now are due (and,
   * on SQLite, leases that ran out before now are free again).
   */
  now: number;
  /** How long the lease holds before another worker may take the rows over (renew it to keep it longer). */
  leaseMs: number;
  /** Identifies the leasing worker/instance. */
  owner: string;
}

export interface OutboxStore {
  /** Store one exchange durably (group-committed with concurrent inserts). */
  insert(exchange: NewExchange): Promise<InsertOutcome>;
  getByWebhookId(webhookId: string): Promise<ExchangeRecord | undefined>;
  /** Every delivery that carried this exchange id, oldest first. */
  findByExchangeId(exchangeId: string): Promise<ExchangeRecord[]>;
  /** Lease due `queued` rows of one connection, oldest first. */
  lease(request: LeaseRequest): Promise<ExchangeRecord[]>;
  /**
   * To `published`. With `owner`, only rows that owner still holds leased are changed;
   * the answer lists the webhook ids rejected because another worker holds them now
   * (without `owner`, an operator's or a test's write, nothing is checked or rejected).
   * The same goes for markRetry, markDead and release.
   */
  markPublished(results: PublishedResult[], owner?: string): Promise<string[]>;
  /** Back to `queued`, lease released, attempts + 1, due again at nextAttemptAt. */
  markRetry(results: RetryResult[], owner?: string): Promise<string[]>;
  /** To `dead` with its reason. */
  markDead(results: DeadResult[], owner?: string): Promise<string[]>;
  /** Release leases without counting an attempt (shutdown, connection paused). */
  release(webhookIds: string[], owner?: string): Promise<string[]>;
  /**
   * Extend the lease of rows `owner` still holds to `leaseMs` from now (a publish that
   * takes longer than expected keeps its rows). Answers the ids it no longer holds.
   */
  renewLease(webhookIds: string[], owner: string, leaseMs: number): Promise<string[]>;
  /**
   * Route `unrouted` rows to a connection: rows whose account is in
   * `accountIds`, or every unrouted row when `accountIds` is null. Their age
   * clock (`ageFrom`) restarts. Returns how many moved to `queued`.
   */
  routeUnrouted(connectionId: string, accountIds: readonly string[] | null): Promise<number>;
  /**
   * Distinct account ids of `unrouted` rows, at most `limit`: among `accountIds` only,
   * or any when null (is anything waiting at all?). Index lookups per account, so a
   * routing sweep stays cheap however many exchanges wait for accounts nobody serves.
   */
  unroutedAccounts(accountIds: readonly string[] | null, limit: number): Promise<string[]>;
  /**
   * The opposite, for a connection that was removed or no longer serves some accounts:
   * its `queued` rows (all, or those whose account is not in `keepAccountIds`) go back
   * to `unrouted`, connection cleared, attempts and leases untouched, so they wait
   * visibly and are routed again once a connection serves their account. Returns how many.
   */
  unrouteQueued(connectionId: string, keepAccountIds?: readonly string[]): Promise<number>;
  /** Dead letters, newest first. */
  listDead(limit: number, offset?: number): Promise<ExchangeRecord[]>;
  /**
   * Dead rows back to `queued` (all, or the listed ids), attempts reset and their age
   * clock (`ageFrom`) restarted, so an old dead letter gets a full `maxAgeHours` again.
   * Returns how many.
   */
  replayDead(webhookIds?: readonly string[]): Promise<number>;
  /**
   * Retention: delete at most `limit` `published` rows whose `updatedAt` (the time
   * they were published) is before `olderThan` (epoch ms), oldest first. Never
   * touches queued, unrouted or dead rows. Returns how many were deleted; fewer
   * than `limit` means none older is left (on PostgreSQL, none that another relay
   * is not deleting at the same moment).
   */
  prunePublished(olderThan: number, limit: number): Promise<number>;
  counts(): Promise<QueueCounts>;
  /**
   * Lease `published` rows whose receipt check is due, any connection, soonest due first
   * (an index walk: nothing is read while no receipt is awaited). Without payloads: a check
   * never publishes (a re-send goes back to the queue and is leased from there).
   */
  leaseReceiptChecks(request: ReceiptLeaseRequest): Promise<ExchangeSummary[]>;
  /** Settle receipt checks; with `owner`, only rows it still holds (answers the rest, like markPublished). */
  settleReceipts(results: ReceiptSettlement[], owner?: string): Promise<string[]>;
  /** The earliest receipt check due among `published` rows, or null when no receipt is awaited. */
  nextReceiptCheckAt(): Promise<number | null>;
  /** Unconfirmed exchanges, the longest waiting first. */
  listUnconfirmed(limit: number, offset?: number): Promise<ExchangeRecord[]>;
  /**
   * Unconfirmed rows back to `queued` (all, or the listed ids), resends reset and age clock
   * restarted, to be published and confirmed again. Returns how many.
   */
  replayUnconfirmed(webhookIds?: readonly string[]): Promise<number>;
  /** Unconfirmed exchanges per connection id (count and oldest), for /metrics. */
  unconfirmedByConnection(): Promise<Record<string, UnconfirmedSummary>>;
  /** Throws when storage cannot be used (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
