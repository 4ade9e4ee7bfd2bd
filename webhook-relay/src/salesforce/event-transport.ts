/**
 * How events travel to an org, kept behind an interface so sObject Collections
 * can be swapped for `/composite` or the Pub/Sub API without touching the
 * publisher. One call carries at most `maxBatch` events; results come back in
 * the order of the records sent.
 */
import type { CallResult, RestApi } from './rest-api';
import type { SalesforceError } from './salesforce-error';

/** Field values keyed by full API name (namespace applied). */
export type EventRecord = Record<string, string | number | boolean | null>;

export type RecordResult = { ok: true; eventUuid: string | null } | { ok: false; error: SalesforceError };

export interface EventTransport {
  readonly maxBatch: number;
  publish(api: RestApi, objectName: string, records: readonly EventRecord[]): Promise<CallResult<RecordResult[]>>;
}
