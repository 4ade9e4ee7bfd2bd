/**
 * Publishes events with sObject Collections: `POST /composite/sobjects`,
 * `allOrNone: false`, up to 200 records, one result per record in order. A
 * queued event answers `success: true` with `OPERATION_ENQUEUED` and the event
 * UUID in `errors[0].message`.
 */
import type { EventRecord, EventTransport, RecordResult } from './event-transport';
import type { CallResult, RestApi } from './rest-api';
import { classifyCode } from './salesforce-error';

interface SaveResult {
  id?: string | null;
  success: boolean;
  errors?: { statusCode?: string; message?: string; fields?: string[] }[];
}

export function toRecordResult(result: SaveResult | undefined): RecordResult {
  if (!result) {
    return {
      ok: false,
      error: { kind: 'transient', code: 'NO_RESULT', message: 'no result for this record', status: null }
    };
  }
  const first = result.errors?.[0];
  if (result.success) {
    return { ok: true, eventUuid: first?.statusCode === 'OPERATION_ENQUEUED' ? (first.message ?? null) : null };
  }
  const fields = first?.fields?.length ? ` (${first.fields.join(', ')})` : '';
  return {
    ok: false,
    error: classifyCode(first?.statusCode ?? 'UNKNOWN_ERROR', `${first?.message ?? ''}${fields}`, null)
  };
}

export const collectionsTransport: EventTransport = {
  maxBatch: 200,
  async publish(
    api: RestApi,
    objectName: string,
    records: readonly EventRecord[]
  ): Promise<CallResult<RecordResult[]>> {
    const body = {
      allOrNone: false,
      records: records.map((record) => ({ attributes: { type: objectName }, ...record }))
    };
    const answer = await api.call<SaveResult[]>('POST', '/composite/sobjects', body);
    if (!answer.ok) return answer;
    return { ok: true, value: records.map((_, index) => toRecordResult(answer.value[index])) };
  }
};
