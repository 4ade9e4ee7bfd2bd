/**
 * What the subscriber would do with an exchange in the preview: every active integration whose card filter
 * matches gets a log row; a mapping with errors fails the row as CardRecordBuilder does (CARD_MAPPING_ERROR,
 * the errors joined), and the mapping's warnings go to the row. Once none of an exchange's rows failed, its payload
 * is cleared, as CardExchangeProcessor clears it. Retry runs a failed row again while its payload and integration
 * remain.
 */
import { previewLines, targetObjectOf } from './mapping-engine';
import { newId, type PreviewStore } from './preview-store';
import type { LogRow, StoredIntegration } from './preview-types';
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

/** Fills in a log row's outcome from the integration's current mapping. */
function applyOutcome(store: PreviewStore, entry: StoredIntegration, row: LogRow): LogRow {
  const useCase = entry.integration.useCase ?? 'CreateLead';
  const targetObject = targetObjectOf(store.org, useCase) ?? 'Lead';
  const lines = previewLines(store.org, { ...entry.integration, useCase }, entry.rows);
  const errors = lines.flatMap((line) => (line.error ? [line.error] : []));
  const warnings = lines.flatMap((line) => (line.warning ? [line.warning] : []));
  row.integrationId = entry.integration.id;
  row.integrationName = entry.integration.name;
  row.targetObject = targetObject;
  row.processedAt = new Date().toISOString();
  row.warnings = warnings.length > 0 ? warnings.join('\n') : null;
  if (errors.length > 0) {
    row.status = 'Failed';
    row.errorCode = 'CARD_MAPPING_ERROR';
    row.errorMessage = errors.join(' ');
    row.recordId = null;
    row.recordUrl = null;
    entry.failedLast7Days += 1;
  } else {
    row.status = useCase.startsWith('Upsert') ? 'Updated' : 'Created';
    row.recordId = newId(store, targetObject === 'Lead' ? '00Q' : '003');
    row.recordUrl = `/${row.recordId}`;
    row.errorCode = null;
    row.errorMessage = null;
    entry.createdLast7Days += 1;
  }
  return row;
}

/** Clears the payload of each exchange none of whose log rows failed (CardExchangeProcessor.finish). */
function clearSettledPayloads(store: PreviewStore, exchangeIds: string[]): void {
  const now = new Date().toISOString();
  for (const exchangeId of new Set(exchangeIds)) {
    const rows = store.logs.filter((row) => row.exchangeId === exchangeId);
    if (rows.every((row) => row.status !== 'Failed')) {
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
    applyOutcome(store, entry, {
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
  for (const row of store.logs.filter((log) => logIds.includes(log.id) && log.status === 'Failed')) {
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
