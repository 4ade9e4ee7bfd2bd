/**
 * CardPersonExchangesController in the preview: a Contact's or Lead's card exchanges are the log rows that touched
 * the record (CardExchangeLogBuilder links each row to its Contact or Lead), newest met first, at most MAX_ROWS
 * (read from the controller), with whether there are more. Contacts converted from a Lead are not modelled.
 */
import type { ApexHandler } from '../apex-params';
import type { PreviewStore } from '../preview-store';
import type { LogRow } from '../preview-types';

// The key prefixes of Contact and Lead ids: the controller answers for those objects only.
const PERSON_PREFIXES = ['003', '00Q'];

const isBlank = (text: string | null | undefined): boolean => !text || !text.trim();

/** ExchangeRow: the card's name, else its id; when met, else when processed. */
function exchangeRow(row: LogRow) {
  return {
    id: row.id,
    name: row.name,
    cardName: isBlank(row.cardName) ? (row.cardId ?? null) : (row.cardName ?? null),
    metAt: row.metAt ?? row.processedAt ?? null,
    metBy: row.metBy ?? null,
    status: row.status,
    isTest: row.isTest === true
  };
}

// ORDER BY MetAt__c DESC NULLS LAST, CreatedDate DESC
function newestMetFirst(a: LogRow, b: LogRow): number {
  if (Boolean(a.metAt) !== Boolean(b.metAt)) {
    return a.metAt ? -1 : 1;
  }
  return (b.metAt ?? '').localeCompare(a.metAt ?? '') || b.createdDate.localeCompare(a.createdDate);
}

export function personExchanges(store: PreviewStore, recordId: unknown) {
  if (typeof recordId !== 'string' || !PERSON_PREFIXES.some((prefix) => recordId.startsWith(prefix))) {
    return { rows: [], hasMore: false };
  }
  const max = store.org.person.maxExchanges;
  const logs = store.logs.filter((row) => row.recordId === recordId).sort(newestMetFirst);
  return { rows: logs.slice(0, max).map(exchangeRow), hasMore: logs.length > max };
}

export const PERSON_EXCHANGES_HANDLERS: Record<string, ApexHandler> = {
  getExchanges: (store, { recordId }) => personExchanges(store, recordId)
};
