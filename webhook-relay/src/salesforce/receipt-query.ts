/**
 * Reads receipts: for a list of ExchangeIds, the package's CardReceivedExchange__c rows
 * and their CardExchangeLog__c outcomes, with SOQL over REST as the connection's own user.
 *
 * At most 200 ids go into one query's IN clause, and up to five such queries travel in one
 * `POST /composite` call (the composite counts as one API call, and its subrequests carry
 * the query in the body, so long ids never meet the 16,384-byte limit on a URI). A query
 * with more rows than one batch answers `nextRecordsUrl`, which is followed with GET; so
 * is a log subquery that did not fit. Every value in the query is escaped as a SOQL string
 * literal. What comes back is trimmed to the receipt: status, record id, target object,
 * error code, and the error message cut short (it may quote a value: never logged).
 */
import { withNamespace } from './event-metadata';
import {
  EXCHANGE_LOG_FIELDS,
  LOG_RELATIONSHIP,
  RECEIVED_EXCHANGE_FIELDS,
  RECEIVED_EXCHANGE_OBJECT
} from './receipt-fields';
import type { CallResult, RestApi } from './rest-api';
import { classifyCode, plainText, type SalesforceError } from './salesforce-error';

/** Ids in one query's IN clause (the issue's "one query per 200 exchanges"). */
export const IDS_PER_QUERY = 200;
/** Query subrequests in one composite call: Salesforce allows at most five query operations in one. */
export const QUERIES_PER_CALL = 5;
/** How much of an org's error message is kept for the operator. */
export const ERROR_MESSAGE_MAX = 1_000;

export interface LogOutcome {
  status: string | null;
  recordId: string | null;
  targetObject: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface ExchangeReceipt {
  exchangeId: string;
  /** CardReceivedExchange__c.Status__c: Pending, Processed, Waiting or Invalid. */
  status: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** One per integration that took the exchange; none when no integration's filter matched. */
  logs: LogOutcome[];
}

export interface ReceiptAnswer {
  receipts: Map<string, ExchangeReceipt>;
  /** REST calls it took (composite calls plus pages followed). */
  calls: number;
}

/** A SOQL string literal: backslash, quotes and control characters escaped. */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
  // Other control characters have no escape of their own: \uXXXX.
  // eslint-disable-next-line no-control-regex
  return `'${escaped.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** The receipt query for up to 200 ids, namespaced. */
export function receiptQuery(namespace: string, exchangeIds: readonly string[]): string {
  if (exchangeIds.length === 0 || exchangeIds.length > IDS_PER_QUERY) {
    throw new Error(`a receipt query takes 1 to ${IDS_PER_QUERY} ids, not ${exchangeIds.length}`);
  }
  const ns = (name: string) => withNamespace(namespace, name);
  const logFields = EXCHANGE_LOG_FIELDS.map(ns).join(', ');
  const fields = RECEIVED_EXCHANGE_FIELDS.map(ns).join(', ');
  return (
    `SELECT ${fields}, (SELECT ${logFields} FROM ${ns(LOG_RELATIONSHIP)}) ` +
    `FROM ${ns(RECEIVED_EXCHANGE_OBJECT)} WHERE ${ns('ExchangeId__c')} IN (${exchangeIds.map(soqlString).join(', ')})`
  );
}

interface QueryResult {
  done?: boolean;
  nextRecordsUrl?: string;
  records?: Record<string, unknown>[];
}

interface CompositeAnswer {
  compositeResponse?: { body?: unknown; httpStatusCode?: number; referenceId?: string }[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const cut = (value: unknown): string | null => {
  const t = text(value);
  return t === null ? null : t.slice(0, ERROR_MESSAGE_MAX);
};

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A `nextRecordsUrl` as a path the REST API takes (relative to /services/data/vNN.0), or null when it is not one. */
export function nextPath(url: unknown, apiVersion: string): string | null {
  if (typeof url !== 'string') return null;
  const prefix = `/services/data/v${apiVersion}`;
  const rest = url.startsWith(prefix) ? url.slice(prefix.length) : null;
  return rest !== null && /^\/query\/[A-Za-z0-9-]+$/.test(rest) ? rest : null;
}

const malformed = (message: string): SalesforceError => ({
  kind: 'transient',
  code: 'MALFORMED_ANSWER',
  message,
  status: null
});

/** Reads the receipts of these exchanges; exchanges the org has no row for are absent from the map. */
export async function readReceipts(
  api: RestApi,
  namespace: string,
  exchangeIds: readonly string[]
): Promise<CallResult<ReceiptAnswer>> {
  const ns = (name: string) => withNamespace(namespace, name);
  const version = api.org.apiVersion;
  const receipts = new Map<string, ExchangeReceipt>();
  let calls = 0;
  const wanted = new Set(exchangeIds);

  const logsOf = async (value: unknown): Promise<CallResult<LogOutcome[]>> => {
    const logs: LogOutcome[] = [];
    let page = value as QueryResult | null | undefined;
    while (page) {
      for (const log of page.records ?? []) {
        logs.push({
          status: text(log[ns('Status__c')]),
          recordId: text(log[ns('RecordId__c')]),
          targetObject: text(log[ns('TargetObject__c')]),
          errorCode: text(log[ns('ErrorCode__c')]),
          errorMessage: cut(log[ns('ErrorMessage__c')])
        });
      }
      if (page.done !== false) break;
      const next = nextPath(page.nextRecordsUrl, version);
      if (!next) return { ok: false, error: malformed('a log page without a usable nextRecordsUrl') };
      calls += 1;
      const more = await api.call<QueryResult>('GET', next);
      if (!more.ok) return more;
      page = more.value;
    }
    return { ok: true, value: logs };
  };

  const take = async (result: QueryResult): Promise<SalesforceError | null> => {
    let page: QueryResult | undefined = result;
    while (page) {
      for (const row of page.records ?? []) {
        const exchangeId = text(row[ns('ExchangeId__c')]);
        if (exchangeId === null || !wanted.has(exchangeId)) continue;
        const logs = await logsOf(row[ns(LOG_RELATIONSHIP)]);
        if (!logs.ok) return logs.error;
        receipts.set(exchangeId, {
          exchangeId,
          status: text(row[ns('Status__c')]),
          errorCode: text(row[ns('ErrorCode__c')]),
          errorMessage: cut(row[ns('ErrorMessage__c')]),
          logs: logs.value
        });
      }
      if (page.done !== false) return null;
      const next = nextPath(page.nextRecordsUrl, version);
      if (!next) return malformed('a query page without a usable nextRecordsUrl');
      calls += 1;
      const more = await api.call<QueryResult>('GET', next);
      if (!more.ok) return more.error;
      page = more.value;
    }
    return null;
  };

  for (const group of chunk(chunk([...wanted], IDS_PER_QUERY), QUERIES_PER_CALL)) {
    const compositeRequest = group.map((ids, index) => ({
      method: 'GET',
      url: `/services/data/v${version}/query?q=${encodeURIComponent(receiptQuery(namespace, ids))}`,
      referenceId: `receipts${index}`
    }));
    calls += 1;
    const answer = await api.call<CompositeAnswer>('POST', '/composite', { allOrNone: false, compositeRequest });
    if (!answer.ok) return answer;
    const responses = answer.value.compositeResponse;
    if (!Array.isArray(responses) || responses.length !== group.length) {
      return { ok: false, error: malformed('the composite answer does not hold one response per query') };
    }
    for (const response of responses) {
      const status = response.httpStatusCode ?? 0;
      if (status < 200 || status >= 300) {
        const first = (Array.isArray(response.body) ? response.body[0] : undefined) as
          { errorCode?: string; message?: string } | undefined;
        return {
          ok: false,
          error: classifyCode(first?.errorCode ?? `HTTP_${status}`, plainText(first?.message), status)
        };
      }
      const failed = await take(response.body as QueryResult);
      if (failed) return { ok: false, error: failed };
    }
  }
  return { ok: true, value: { receipts, calls } };
}
