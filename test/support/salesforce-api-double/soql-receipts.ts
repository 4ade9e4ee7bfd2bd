/**
 * The one SOQL query the API double answers: the relay's receipt query,
 *   SELECT <received exchange fields>, (SELECT <log fields> FROM <ns>__ExchangeLogs__r)
 *   FROM <ns>__CardReceivedExchange__c WHERE <ns>__ExchangeId__c IN ('…', …)
 * parsed strictly: every name must exist in force-app's metadata (read here, not taken from
 * the relay), carry the namespace, and never be Payload__c; the relationship name is the one
 * the lookup field declares; string literals use SOQL's escapes. Anything else is refused
 * with MALFORMED_QUERY, loudly, so a relay that sends something else fails its tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../webhook-relay/src/salesforce/event-metadata';
import type { ReceivedRow } from './package-subscriber';

const OBJECTS = path.join(REPO_ROOT, 'force-app', 'main', 'default', 'objects');
const PARENT = 'CardReceivedExchange__c';
const CHILD = 'CardExchangeLog__c';

// The metadata does not change while a double runs: each answer is read from disk once (a receipt
// query per batch of published exchanges would otherwise read the same files every time).
const knownFields = new Map<string, boolean>();

function fieldExists(object: string, field: string): boolean {
  const key = `${object}.${field}`;
  let exists = knownFields.get(key);
  if (exists === undefined) {
    exists = existsSync(path.join(OBJECTS, object, 'fields', `${field}.field-meta.xml`));
    knownFields.set(key, exists);
  }
  return exists;
}

/** `<relationshipName>__r` of the log's lookup to the received exchange, as force-app declares it. */
let relationshipName: string | undefined;

function childRelationship(): string {
  relationshipName ??= readChildRelationship();
  return relationshipName;
}

function readChildRelationship(): string {
  const xml = readFileSync(path.join(OBJECTS, CHILD, 'fields', 'ReceivedExchange__c.field-meta.xml'), 'utf8');
  const name = /<relationshipName>([^<]+)<\/relationshipName>/.exec(xml)?.[1];
  if (!name) throw new Error('CardExchangeLog__c.ReceivedExchange__c declares no relationshipName');
  return `${name}__r`;
}

export class QueryRefused extends Error {}

/** Parses `'a', 'b\'c'` (SOQL string literals separated by commas). */
export function parseStringList(list: string): string[] {
  const values: string[] = [];
  let i = 0;
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '"': '"',
    "'": "'",
    '\\': '\\'
  };
  while (i < list.length) {
    if (list[i] !== "'") throw new QueryRefused(`expected a string literal at ${i}`);
    i += 1;
    let value = '';
    for (;;) {
      const c = list[i];
      if (c === undefined) throw new QueryRefused('unterminated string literal');
      if (c === "'") break;
      if (c === '\\') {
        const next = list[i + 1] ?? '';
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(list.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(list.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const escaped = escapes[next];
        if (escaped === undefined) throw new QueryRefused(`invalid escape \\${next}`);
        value += escaped;
        i += 2;
        continue;
      }
      value += c;
      i += 1;
    }
    i += 1;
    values.push(value);
    if (i < list.length) {
      if (list.slice(i, i + 2) !== ', ') throw new QueryRefused(`expected ", " at ${i}`);
      i += 2;
    }
  }
  return values;
}

export interface ParsedReceiptQuery {
  exchangeIds: string[];
  parentFields: string[];
  logFields: string[];
}

/** Parses the receipt query or throws QueryRefused saying what is wrong. */
export function parseReceiptQuery(soql: string, namespace: string): ParsedReceiptQuery {
  const match = /^SELECT (.+?), \(SELECT (.+?) FROM (\S+)\) FROM (\S+) WHERE (\S+) IN \((.*)\)$/s.exec(soql);
  if (!match) throw new QueryRefused('not the receipt query shape');
  const [, parentList, logList, relationship, object, filterField, ids] = match as unknown as string[];
  const prefix = namespace ? `${namespace}__` : '';
  const local = (name: string): string => {
    if (!name.startsWith(prefix)) throw new QueryRefused(`${name} lacks the namespace prefix ${prefix}`);
    return name.slice(prefix.length);
  };
  if (local(object as string) !== PARENT) throw new QueryRefused(`FROM ${object}: only ${prefix}${PARENT} is answered`);
  if (local(relationship as string) !== childRelationship()) {
    throw new QueryRefused(`no child relationship ${relationship} on ${PARENT}`);
  }
  if (local(filterField as string) !== 'ExchangeId__c')
    throw new QueryRefused(`WHERE ${filterField}: only ExchangeId__c`);
  const fieldsOf = (list: string, objectName: string) =>
    list.split(', ').map((name) => {
      const field = local(name);
      if (field === 'Payload__c') throw new QueryRefused(`${name}: the relay's user may not read the payload`);
      if (!fieldExists(objectName, field)) throw new QueryRefused(`No such column '${name}' on ${objectName}`);
      return field;
    });
  const parentFields = fieldsOf(parentList as string, PARENT);
  const logFields = fieldsOf(logList as string, CHILD);
  const exchangeIds = parseStringList(ids as string);
  if (exchangeIds.length === 0) throw new QueryRefused('an empty IN list');
  return { exchangeIds, parentFields, logFields };
}

/** The query's records, as the REST API shapes them (attributes, namespaced names, a child query result). */
export function receiptRecords(
  parsed: ParsedReceiptQuery,
  rows: ReadonlyMap<string, ReceivedRow>,
  namespace: string,
  apiVersion: string
): Record<string, unknown>[] {
  const ns = (name: string) => (namespace ? `${namespace}__${name}` : name);
  const parentValue: Record<string, (row: ReceivedRow) => unknown> = {
    ExchangeId__c: (row) => row.exchangeId,
    Status__c: (row) => row.status,
    ErrorCode__c: (row) => row.errorCode,
    ErrorMessage__c: (row) => row.errorMessage
  };
  const logValue: Record<string, (log: ReceivedRow['logs'][number]) => unknown> = {
    Status__c: (log) => log.status,
    RecordId__c: (log) => log.recordId,
    TargetObject__c: (log) => log.targetObject,
    ErrorCode__c: (log) => log.errorCode,
    ErrorMessage__c: (log) => log.errorMessage
  };
  const records: Record<string, unknown>[] = [];
  for (const id of new Set(parsed.exchangeIds)) {
    const row = rows.get(id);
    if (!row) continue;
    const record: Record<string, unknown> = {
      attributes: {
        type: ns(PARENT),
        url: `/services/data/v${apiVersion}/sobjects/${ns(PARENT)}/${row.id}`
      }
    };
    for (const field of parsed.parentFields) record[ns(field)] = parentValue[field]?.(row) ?? null;
    record[ns(childRelationship())] =
      row.logs.length === 0
        ? null
        : {
            totalSize: row.logs.length,
            done: true,
            records: row.logs.map((log) => {
              const child: Record<string, unknown> = {
                attributes: { type: ns(CHILD), url: `/services/data/v${apiVersion}/sobjects/${ns(CHILD)}/${log.id}` }
              };
              for (const field of parsed.logFields) child[ns(field)] = logValue[field]?.(log) ?? null;
              return child;
            })
          };
    records.push(record);
  }
  return records;
}
