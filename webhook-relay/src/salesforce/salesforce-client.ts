/**
 * One org as the publisher sees it: publish events (namespace applied, at most
 * one transport batch per call), describe the event object, read limits. It
 * knows nothing of the outbox; every failure is a value.
 */
import { collectionsTransport } from './collections-transport';
import { eventObjectName } from './event-metadata';
import type { EventTransport, RecordResult } from './event-transport';
import { namespacedRecords } from './namespaced-record';
import { salesforceOrgSchema, type SalesforceOrgInput } from './org-config';
import type { RefreshTokenKeeper } from './authorize';
import { readReceipts, type ReceiptAnswer } from './receipt-query';
import { createRestApi, type CallResult, type RestApi } from './rest-api';
import type { SalesforceError } from './salesforce-error';
import type { TokenResult } from './oauth-token';

/** Field values keyed by local API name (`ExchangeId__c`), without namespace. */
export type LocalEventFields = Record<string, string | number | boolean | null>;

export interface PublishOutcome {
  /** One result per record, in order; records of a failed call carry that call's error. */
  results: RecordResult[];
  /** The first whole-call failure (auth, throttle, outage), or null. */
  failure: SalesforceError | null;
}

export interface EventDescribe {
  name: string;
  createable: boolean;
  fields: { name: string; type: string; length: number; createable: boolean }[];
}

export interface SalesforceClient {
  readonly objectName: string;
  readonly maxBatch: number;
  publishEvents(records: readonly LocalEventFields[]): Promise<PublishOutcome>;
  describeEvent(): Promise<CallResult<EventDescribe>>;
  limits(): Promise<CallResult<Record<string, { Max: number; Remaining: number }>>>;
  authorize(): Promise<TokenResult>;
  /** Signed in, event object present and createable: null; else what is wrong. */
  checkHealth(): Promise<SalesforceError | null>;
  /** The package's receipts of these exchanges (receipt-query.ts), as the connection's user. */
  readReceipts(exchangeIds: readonly string[]): Promise<CallResult<ReceiptAnswer>>;
}

export function createSalesforceClient(
  input: SalesforceOrgInput,
  options: {
    transport?: EventTransport;
    refreshTokens?: RefreshTokenKeeper;
    onTokenFailure?: (error: SalesforceError) => void;
  } = {}
): SalesforceClient {
  const org = salesforceOrgSchema.parse(input);
  const api: RestApi = createRestApi(org, {
    refreshTokens: options.refreshTokens,
    onTokenFailure: options.onTokenFailure
  });
  const transport = options.transport ?? collectionsTransport;
  const objectName = eventObjectName(org.namespace);

  const applyNamespace = namespacedRecords(org.namespace);

  return {
    objectName,
    maxBatch: transport.maxBatch,
    async publishEvents(records) {
      const results: RecordResult[] = [];
      let failure: SalesforceError | null = null;
      for (let start = 0; start < records.length; start += transport.maxBatch) {
        const chunk = records.slice(start, start + transport.maxBatch);
        const answer = await transport.publish(api, objectName, chunk.map(applyNamespace));
        if (answer.ok) {
          results.push(...answer.value);
        } else {
          failure ??= answer.error;
          results.push(...chunk.map((): RecordResult => ({ ok: false, error: answer.error })));
        }
      }
      return { results, failure };
    },
    describeEvent: () => api.call<EventDescribe>('GET', `/sobjects/${objectName}/describe`),
    async checkHealth() {
      const describe = await api.call<EventDescribe>('GET', `/sobjects/${objectName}/describe`);
      if (!describe.ok) return describe.error;
      return describe.value.createable
        ? null
        : {
            kind: 'permission_denied',
            code: 'NOT_CREATEABLE',
            message: `the user may not create ${objectName}`,
            status: null
          };
    },
    limits: () => api.call('GET', '/limits'),
    readReceipts: (exchangeIds) => readReceipts(api, org.namespace, exchangeIds),
    authorize: () => api.authorize()
  };
}
