/**
 * One leased batch through Salesforce: expired rows go to dead letters, the
 * rest are turned into events and published in one call, and each row gets its
 * fate (published with its UUID, retry with backoff, dead with its reason, or
 * released untouched because the org, not the event, is unwell). Pure apart
 * from the client call; the worker writes the plan to the store.
 */
import { eventFromStoredPayload } from '../contract/card-exchange-event';
import type { ReceiptAnswer } from '../salesforce/receipt-query';
import type { CallResult } from '../salesforce/rest-api';
import type { PublishOutcome, LocalEventFields } from '../salesforce/salesforce-client';
import { describeError, type SalesforceError } from '../salesforce/salesforce-error';
import type { ExchangeRecord } from '../store/outbox-store';
import { fullJitterDelay, type BackoffPolicy } from './backoff';
import { connectionStateFor, holdsEventsWithoutAttempt } from './connection-state';

export interface EventPublisher {
  publishEvents(records: readonly LocalEventFields[]): Promise<PublishOutcome>;
  /** A paused connection with nothing due asks this instead: null when the org looks usable again. */
  checkHealth?(): Promise<SalesforceError | null>;
  /** The package's receipts of these exchanges (receipt-query.ts); absent: receipts cannot be read. */
  readReceipts?(exchangeIds: readonly string[]): Promise<CallResult<ReceiptAnswer>>;
}

export interface BatchContext {
  now: number;
  maxAgeMs: number;
  retry: BackoffPolicy;
  random?: () => number;
  /** Send at most this many (a paused org is probed with one); the rest are released unsent. */
  sendAtMost?: number;
}

export interface BatchPlan {
  published: { webhookId: string; eventUuid: string | null; receivedAt: number }[];
  retry: { webhookId: string; error: string; nextAttemptAt: number; code: string }[];
  dead: { webhookId: string; error: string; code: string }[];
  /** Leases to give back without counting an attempt. */
  release: string[];
  /** The failure that should pause the connection, if any. */
  connectionFailure: SalesforceError | null;
  /** Salesforce took the call and answered per record: the org is reachable and signed in. */
  orgAnswered: boolean;
}

function durationText(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

const EXPIRED_PREFIX = /^EXPIRED: not published within [^;]*(?:; last error |$)/;

/**
 * The failure that led to expiry, without the wrapping of earlier expiries: a dead
 * letter replayed and expired again says what last went wrong, never
 * "EXPIRED: ...; last error EXPIRED: ...".
 */
export function rootCause(lastError: string | null): string | null {
  let cause = lastError;
  while (cause !== null && EXPIRED_PREFIX.test(cause)) cause = cause.replace(EXPIRED_PREFIX, '');
  return cause === '' ? null : cause;
}

export async function publishBatch(
  rows: readonly ExchangeRecord[],
  client: EventPublisher,
  context: BatchContext
): Promise<BatchPlan> {
  const plan: BatchPlan = {
    published: [],
    retry: [],
    dead: [],
    release: [],
    connectionFailure: null,
    orgAnswered: false
  };
  const sendable: { row: ExchangeRecord; fields: LocalEventFields }[] = [];

  for (const row of rows) {
    // From receipt, or from the last routing or replay: a replayed dead letter gets the full time again.
    if (context.now - row.ageFrom > context.maxAgeMs) {
      const cause = rootCause(row.lastError);
      const last = cause ? `; last error ${cause}` : '';
      plan.dead.push({
        webhookId: row.webhookId,
        code: 'EXPIRED',
        error: `EXPIRED: not published within ${durationText(context.maxAgeMs)} after ${row.attempts} attempts${last}`
      });
      continue;
    }
    try {
      sendable.push({ row, fields: eventFromStoredPayload(row.payload, row.webhookId) });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      plan.dead.push({ webhookId: row.webhookId, code: 'INVALID_PAYLOAD', error: `INVALID_PAYLOAD: ${reason}` });
    }
  }
  // Expired rows were settled above even when probing: a long outage must not keep them forever.
  const held = sendable.splice(context.sendAtMost ?? sendable.length);
  plan.release.push(...held.map(({ row }) => row.webhookId));
  if (sendable.length === 0) return plan;

  const outcome = await client.publishEvents(sendable.map((item) => item.fields));
  plan.orgAnswered = outcome.failure === null;
  sendable.forEach(({ row }, index) => {
    const result = outcome.results[index];
    if (result?.ok) {
      plan.published.push({ webhookId: row.webhookId, eventUuid: result.eventUuid, receivedAt: row.receivedAt });
      return;
    }
    const error: SalesforceError = result?.error ?? {
      kind: 'transient',
      code: 'NO_RESULT',
      message: 'Salesforce returned no result for this event',
      status: null
    };
    // One event's lock or outage does not pause the org; a spent allocation or a missing package does.
    if (!outcome.failure && holdsEventsWithoutAttempt(error.kind)) plan.connectionFailure ??= error;
    if (error.kind === 'invalid_record' && !outcome.failure) {
      plan.dead.push({ webhookId: row.webhookId, code: error.code, error: describeError(error) });
    } else if (holdsEventsWithoutAttempt(error.kind)) {
      plan.release.push(row.webhookId);
    } else {
      const delay = fullJitterDelay(row.attempts + 1, context.retry, context.random);
      plan.retry.push({
        webhookId: row.webhookId,
        code: error.code,
        error: describeError(error),
        nextAttemptAt: context.now + delay
      });
    }
  });
  // A whole-call failure (auth, outage, throttle) is the connection's, even when its kind is per-event.
  if (outcome.failure && connectionStateFor(outcome.failure.kind)) plan.connectionFailure = outcome.failure;
  return plan;
}
