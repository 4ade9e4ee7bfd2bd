/**
 * What the subscriber would do with an exchange in the preview: every active integration whose card filter
 * matches gets a log row; an integration that holds exchanges for review logs it Review and creates nothing. The
 * "create or update by email" use cases find John Doe (sample-records.ts): the integration's repeat policy
 * (CardRepeatPolicy.of, read from its source) updates him, or logs the exchange on him as a Repeat without mapping
 * anything. A mapping with errors fails the row as CardRecordBuilder does (CARD_MAPPING_ERROR, the errors joined),
 * and the mapping's warnings go to the row. Once none of an exchange's rows failed or waits for review, its payload is
 * cleared, as CardExchangeProcessor clears it. Retry runs a failed row again, an approval a held one, while its
 * payload and integration remain; a rejection keeps the trail and creates nothing.
 */
import { previewLines, targetObjectOf } from './mapping-engine';
import { newId, type PreviewStore } from './preview-store';
import type { IntegrationInput, LogRow, MappingRow, StoredIntegration } from './preview-types';
import { repeatPolicyOf } from '../source/repeat-policy-facts';
import { PREVIEW_USER_ID, samplePerson, sampleUserName } from './sample-records';
import { SAMPLE_EXCHANGE } from './sample-exchange';

function splitList(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function matchesCard(entry: StoredIntegration, cardId: string, tags: string[]): boolean {
  const ids = splitList(entry.integration.cardIds);
  const wantedTags = splitList(entry.integration.cardTags);
  if (ids.length === 0 && wantedTags.length === 0) {
    return true;
  }
  return ids.includes(cardId) || wantedTags.some((tag) => tags.includes(tag));
}

/** What mapping an exchange with an integration's settings and rows would end in, before any record is written. */
export interface MappedOutcome {
  targetObject: string;
  /** Created, Updated or Repeat (the preview's upserts find John Doe, the repeat policy decides), or Failed */
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  /** The mapping's errors, one per line with its target field, as CardMappingPreview.Line gives them. */
  errors: { field: string; message: string }[];
  warnings: string[];
  /** The person who already exists (Updated, Repeat): the record the exchange is logged on, and its owner. */
  existing: { recordId: string; ownerId: string | null } | null;
}

/** The person a use case finds by email: John Doe for the "create or update by email" use cases, else nobody. */
function existingPerson(useCase: string, targetObject: string): MappedOutcome['existing'] {
  const person = useCase.startsWith('Upsert') ? samplePerson(targetObject) : undefined;
  return person ? { recordId: person.id, ownerId: person.ownerId ?? null } : null;
}

/** Maps an exchange (the sample unless told) as CardRecordBuilder would, and says how it would end. */
export function mappedOutcome(
  store: PreviewStore,
  integration: IntegrationInput,
  rows: MappingRow[],
  data: unknown = SAMPLE_EXCHANGE
): MappedOutcome {
  const useCase = integration.useCase ?? 'CreateLead';
  const targetObject = targetObjectOf(store.org, useCase) ?? 'Lead';
  const { statuses, mappingErrorCode } = store.org.review;
  const existing = existingPerson(useCase, targetObject);
  const none = { errorCode: null, errorMessage: null, errors: [], warnings: [] };
  if (
    existing &&
    repeatPolicyOf(store.org.repeatPolicy, { ...integration, useCase }) !== store.org.repeatPolicy.update
  ) {
    // CardRepeatPolicy.apply: the job ends as a Repeat on the person, with no record to map.
    return { targetObject, status: statuses.repeat, existing, ...none };
  }
  const lines = previewLines(store.org, { ...integration, useCase }, rows, data);
  const errors = lines.flatMap((line) => (line.error ? [{ field: line.targetField, message: line.error }] : []));
  const warnings = lines.flatMap((line) => (line.warning ? [line.warning] : []));
  const failed = errors.length > 0;
  return {
    targetObject,
    status: failed ? statuses.failed : existing ? statuses.updated : statuses.created,
    errorCode: failed ? mappingErrorCode : null,
    errorMessage: failed ? errors.map((error) => error.message).join(' ') : null,
    errors,
    warnings,
    existing
  };
}

/** Fills in a log row's outcome from the integration's current mapping. */
function applyOutcome(store: PreviewStore, entry: StoredIntegration, row: LogRow): LogRow {
  const outcome = mappedOutcome(store, entry.integration, entry.rows);
  const { targetObject } = outcome;
  row.integrationId = entry.integration.id;
  row.integrationName = entry.integration.name;
  row.targetObject = targetObject;
  row.processedAt = new Date().toISOString();
  row.warnings = outcome.warnings.length > 0 ? outcome.warnings.join('\n') : null;
  row.status = outcome.status;
  row.errorCode = outcome.errorCode;
  row.errorMessage = outcome.errorMessage;
  if (outcome.errorCode) {
    row.recordId = null;
    row.recordUrl = null;
    entry.failedLast7Days += 1;
  } else {
    row.recordId = outcome.existing?.recordId ?? newId(store, targetObject === 'Lead' ? '00Q' : '003');
    row.recordUrl = `/${row.recordId}`;
    entry.createdLast7Days += 1;
  }
  return row;
}

/** CardExchangePlanner for an integration that holds exchanges: the row waits for review, nothing is created. */
function holdForReview(store: PreviewStore, entry: StoredIntegration, row: LogRow): LogRow {
  row.integrationId = entry.integration.id;
  row.integrationName = entry.integration.name;
  row.targetObject = targetObjectOf(store.org, entry.integration.useCase) ?? null;
  row.processedAt = new Date().toISOString();
  row.status = store.org.review.statuses.review;
  return row;
}

/**
 * Clears the payload of each exchange none of whose log rows failed or waits for review (CardExchangeProcessor.finish,
 * CardExchangeLogStore.needingPayload).
 */
function clearSettledPayloads(store: PreviewStore, exchangeIds: string[]): void {
  const now = new Date().toISOString();
  const { failed, review } = store.org.review.statuses;
  for (const exchangeId of new Set(exchangeIds)) {
    const rows = store.logs.filter((row) => row.exchangeId === exchangeId);
    if (rows.every((row) => row.status !== failed && row.status !== review)) {
      for (const row of rows.filter((candidate) => candidate.payload)) {
        row.payload = null;
        row.payloadClearedAt = now;
      }
    }
  }
}

/** Processes one exchange of the sample card; returns the new log rows (none when no integration matches). */
export function processSampleExchange(store: PreviewStore, exchangeId: string, isTest: boolean): LogRow[] {
  const matching = store.integrations.filter(
    (entry) => entry.integration.active && matchesCard(entry, SAMPLE_EXCHANGE.card.id, SAMPLE_EXCHANGE.card.tags)
  );
  const created = matching.map((entry) =>
    (entry.integration.holdForReview ? holdForReview : applyOutcome)(store, entry, {
      id: newId(store, 'a01'),
      name: `CEL-${String(store.logs.length + 1).padStart(7, '0')}`,
      createdDate: new Date().toISOString(),
      exchangeId,
      status: 'Created',
      isTest,
      attempts: 1,
      cardId: SAMPLE_EXCHANGE.card.id,
      eventUuid: crypto.randomUUID(),
      payload: JSON.stringify({ ...SAMPLE_EXCHANGE, exchangeId })
    })
  );
  store.logs.push(...created);
  clearSettledPayloads(store, [exchangeId]);
  return created;
}

/**
 * Retries failed rows in place (Attempts + 1); rows that did not fail are left alone, as in the package. A failed
 * row no integration took, whose integration was deleted or whose payload is gone cannot be retried.
 */
export function retryLogs(store: PreviewStore, logIds: string[]): { retried: LogRow[]; notRetryable: LogRow[] } {
  const retried: LogRow[] = [];
  const notRetryable: LogRow[] = [];
  for (const row of store.logs.filter(
    (log) => logIds.includes(log.id) && log.status === store.org.review.statuses.failed
  )) {
    const entry = store.integrations.find((candidate) => candidate.integration.id === row.integrationId);
    if (!entry || !row.payload) {
      notRetryable.push(row);
      continue;
    }
    row.attempts += 1;
    entry.failedLast7Days = Math.max(0, entry.failedLast7Days - 1);
    applyOutcome(store, entry, row);
    retried.push(row);
  }
  clearSettledPayloads(
    store,
    retried.map((row) => row.exchangeId)
  );
  return { retried, notRetryable };
}

/** Why a selected row was not approved or rejected: one of CardExchangeReviewService's or RetryService's REASON_*. */
export interface RowReason {
  logId: string;
  code: string;
}

/** The selected rows in the order they were selected; those not waiting for review get REASON_NOT_WAITING. */
function waitingAmong(store: PreviewStore, logIds: string[], reasons: RowReason[]): LogRow[] {
  const { statuses, reasons: codes } = store.org.review;
  return [...new Set(logIds)].flatMap((logId) => {
    const row = store.logs.find((log) => log.id === logId);
    if (row?.status === statuses.review) {
      return [row];
    }
    reasons.push({ logId, code: codes.notWaiting });
    return [];
  });
}

/**
 * CardExchangeReviewService.approve: each selected row waiting for review runs through its integration, as a retry
 * does (Attempts + 1), and is stamped with who approved it and when. A row no integration took, whose integration
 * was deleted or whose payload is gone cannot be approved and keeps waiting; every row not approved gets its reason.
 */
export function approveLogs(store: PreviewStore, logIds: string[]): { approved: LogRow[]; reasons: RowReason[] } {
  const approved: LogRow[] = [];
  const reasons: RowReason[] = [];
  const codes = store.org.review.reasons;
  const now = new Date().toISOString();
  for (const row of waitingAmong(store, logIds, reasons)) {
    const entry = store.integrations.find((candidate) => candidate.integration.id === row.integrationId);
    if (!entry || !row.payload) {
      // CardExchangeRetryService.reprocess's order: no integration, a deleted one, then no payload.
      const code = !row.integrationId ? codes.noIntegration : !entry ? codes.integrationDeleted : codes.noPayload;
      reasons.push({ logId: row.id, code });
      continue;
    }
    row.attempts += 1;
    applyOutcome(store, entry, row);
    row.reviewedBy = sampleUserName(PREVIEW_USER_ID) ?? null;
    row.reviewedAt = now;
    approved.push(row);
  }
  clearSettledPayloads(
    store,
    approved.map((row) => row.exchangeId)
  );
  return { approved, reasons };
}

/**
 * CardExchangeReviewService.reject: each selected row waiting for review becomes Rejected, with who and when, and
 * nothing is created; its exchange's payload is cleared unless another row still needs it. The others get their
 * reason (not waiting for review; the preview always saves a rejection).
 */
export function rejectLogs(store: PreviewStore, logIds: string[]): { rejected: LogRow[]; reasons: RowReason[] } {
  const now = new Date().toISOString();
  const reasons: RowReason[] = [];
  const rejected = waitingAmong(store, logIds, reasons);
  for (const row of rejected) {
    row.status = store.org.review.statuses.rejected;
    row.processedAt = now;
    row.reviewedBy = sampleUserName(PREVIEW_USER_ID) ?? null;
    row.reviewedAt = now;
  }
  clearSettledPayloads(
    store,
    rejected.map((row) => row.exchangeId)
  );
  return { rejected, reasons };
}
