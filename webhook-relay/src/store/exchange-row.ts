/**
 * How a stored exchange is kept in a table row, the same in SQLite and PostgreSQL
 * (where bigint columns come back as text), and the order leases are handed out in.
 */
import type { ExchangeRecord, ExchangeState, ExchangeSummary, StoredReceipt } from './outbox-store';

type EpochMs = number | string;

export interface ExchangeRow {
  webhook_id: string;
  exchange_id: string;
  account_id: string;
  connection_id: string | null;
  state: ExchangeState;
  body_hash: string;
  attempts: number;
  last_error: string | null;
  event_uuid: string | null;
  received_at: EpochMs;
  /** Null until the row is first routed or replayed: the age clock then still counts from receipt. */
  age_from: EpochMs | null;
  updated_at: EpochMs;
  published_at: EpochMs | null;
  next_attempt_at: EpochMs;
  resends: number;
  receipt_check_at: EpochMs | null;
  /** StoredReceipt as JSON text. */
  receipt: string | null;
  confirmed_at: EpochMs | null;
  /**
   * SQLite keeps it in a table of its own (exchange_payloads, read with a LEFT JOIN): null there
   * if it were ever missing, so the row still shows (and its publish fails visibly as an invalid
   * payload) instead of dropping out of the join.
   */
  payload: string | null;
}

/** A row read without its payload: what a receipt check needs. */
export type ExchangeSummaryRow = Omit<ExchangeRow, 'payload'>;

function receiptFrom(text: string | null): StoredReceipt | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as StoredReceipt;
  } catch {
    return null;
  }
}

export function summaryFromRow(row: ExchangeSummaryRow): ExchangeSummary {
  return {
    webhookId: row.webhook_id,
    exchangeId: row.exchange_id,
    accountId: row.account_id,
    connectionId: row.connection_id,
    state: row.state,
    bodyHash: row.body_hash,
    attempts: row.attempts,
    lastError: row.last_error,
    eventUuid: row.event_uuid,
    receivedAt: Number(row.received_at),
    ageFrom: Number(row.age_from ?? row.received_at),
    updatedAt: Number(row.updated_at),
    publishedAt: row.published_at === null ? null : Number(row.published_at),
    nextAttemptAt: Number(row.next_attempt_at),
    resends: Number(row.resends ?? 0),
    receiptCheckAt:
      row.receipt_check_at === null || row.receipt_check_at === undefined ? null : Number(row.receipt_check_at),
    receipt: receiptFrom(row.receipt ?? null),
    confirmedAt: row.confirmed_at === null || row.confirmed_at === undefined ? null : Number(row.confirmed_at)
  };
}

/** The summary with its payload added last, the same order as an inserted row's record (newRecord). */
export function exchangeFromRow(row: ExchangeRow): ExchangeRecord {
  const record = summaryFromRow(row) as ExchangeRecord;
  record.payload = row.payload ?? '';
  return record;
}

/**
 * Every column `exchangeFromRow` reads, in one order: the SQLite outbox reads its hot
 * paths (leasing) as arrays in this order, since better-sqlite3 builds an object per row
 * one property at a time and that took half the time of reading a leased row.
 */
export const EXCHANGE_COLUMNS = [
  'webhook_id',
  'exchange_id',
  'account_id',
  'connection_id',
  'state',
  'body_hash',
  'attempts',
  'last_error',
  'event_uuid',
  'received_at',
  'age_from',
  'updated_at',
  'published_at',
  'next_attempt_at',
  'resends',
  'receipt_check_at',
  'receipt',
  'confirmed_at',
  'payload'
] as const satisfies readonly (keyof ExchangeRow)[];

/** The same without the payload, which comes last: what a receipt check reads. */
export const SUMMARY_COLUMNS = EXCHANGE_COLUMNS.slice(0, -1) as readonly Exclude<
  (typeof EXCHANGE_COLUMNS)[number],
  'payload'
>[];

/**
 * A row read as an array in EXCHANGE_COLUMNS' order. Spelled out as one literal (every
 * row then shares one shape); test/store/exchange-row.test.ts holds it to the list.
 */
export function rowFromValues(values: readonly unknown[]): ExchangeRow {
  return {
    webhook_id: values[0],
    exchange_id: values[1],
    account_id: values[2],
    connection_id: values[3],
    state: values[4],
    body_hash: values[5],
    attempts: values[6],
    last_error: values[7],
    event_uuid: values[8],
    received_at: values[9],
    age_from: values[10],
    updated_at: values[11],
    published_at: values[12],
    next_attempt_at: values[13],
    resends: values[14],
    receipt_check_at: values[15],
    receipt: values[16],
    confirmed_at: values[17],
    payload: values[18]
  } as ExchangeRow;
}

/**
 * Webhook ids by UTF-16 code unit: the order of SQLite's BINARY collation and PostgreSQL's "C"
 * for any id without characters beyond U+FFFF (webhook ids are ASCII), and the same in every
 * process whatever its locale (localeCompare is not, and sorted 'msg_a' before 'msg_B').
 * docs/verified-where.md.
 */
function byWebhookId(a: ExchangeSummary, b: ExchangeSummary): number {
  if (a.webhookId === b.webhookId) return 0;
  return a.webhookId < b.webhookId ? -1 : 1;
}

/** Oldest first; the webhook id breaks ties, so every store leases in the same order. */
export function byReceipt(a: ExchangeSummary, b: ExchangeSummary): number {
  return a.receivedAt - b.receivedAt || byWebhookId(a, b);
}

/** Soonest receipt check first; the webhook id breaks ties (receipt checks leased by either store). */
export function byReceiptCheck(a: ExchangeSummary, b: ExchangeSummary): number {
  return (a.receiptCheckAt ?? 0) - (b.receiptCheckAt ?? 0) || byWebhookId(a, b);
}
