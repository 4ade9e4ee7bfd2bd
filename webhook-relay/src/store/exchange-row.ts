/**
 * How a stored exchange is kept in a table row, the same in SQLite and PostgreSQL
 * (where bigint columns come back as text), and the order leases are handed out in.
 */
import type { ExchangeRecord, ExchangeState, StoredReceipt } from './outbox-store';

type EpochMs = number | string;

export interface ExchangeRow {
  webhook_id: string;
  exchange_id: string;
  account_id: string;
  connection_id: string | null;
  state: ExchangeState;
  body_hash: string;
  payload: string;
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
}

function receiptFrom(text: string | null): StoredReceipt | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as StoredReceipt;
  } catch {
    return null;
  }
}

export function exchangeFromRow(row: ExchangeRow): ExchangeRecord {
  return {
    webhookId: row.webhook_id,
    exchangeId: row.exchange_id,
    accountId: row.account_id,
    connectionId: row.connection_id,
    state: row.state,
    bodyHash: row.body_hash,
    payload: row.payload,
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

/** Oldest first; the webhook id breaks ties, so every store leases in the same order. */
export function byReceipt(a: ExchangeRecord, b: ExchangeRecord): number {
  return a.receivedAt - b.receivedAt || a.webhookId.localeCompare(b.webhookId);
}
