/**
 * The double's record check: a published event is held against force-app's
 * CardExchange__e metadata exactly as an org with the package would, so a field
 * the package does not have, a value too long or of the wrong type fails here.
 */
import type { EventField } from '../../../webhook-relay/src/salesforce/event-metadata';

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

function wrongType(field: EventField, apiName: string, expected: string): RecordError {
  return {
    statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
    message: `${field.name}: value not of required type: ${expected}`,
    fields: [apiName]
  };
}

function checkValue(field: EventField, apiName: string, value: unknown): RecordError | null {
  if (value === null) return null;
  switch (field.type) {
    case 'Text':
    case 'LongTextArea':
      if (typeof value !== 'string') return wrongType(field, apiName, 'string');
      if (field.length !== null && value.length > field.length) {
        return {
          statusCode: 'STRING_TOO_LONG',
          message: `${field.name}: data value too large: ${value.slice(0, 20)}... (max length=${field.length})`,
          fields: [apiName]
        };
      }
      return null;
    case 'Checkbox':
      return typeof value === 'boolean' ? null : wrongType(field, apiName, 'boolean');
    case 'DateTime':
    case 'Date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : wrongType(field, apiName, 'date/time');
    case 'Number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType(field, apiName, 'number');
      const digits = Math.trunc(Math.abs(value)).toString().length;
      const allowed = (field.precision ?? 18) - (field.scale ?? 0);
      return digits > allowed
        ? { statusCode: 'NUMBER_OUTSIDE_VALID_RANGE', message: `${field.name}: number too large`, fields: [apiName] }
        : null;
    }
  }
}

/** The fields by their API name in the org (namespace included), and the required ones' API names. */
interface FieldTable {
  byApiName: Map<string, EventField>;
  required: string[];
}

// Built once per field list and namespace (the double holds one of each for its lifetime), not per record.
const tablesOf = new WeakMap<readonly EventField[], Map<string, FieldTable>>();

function fieldTable(fields: readonly EventField[], namespace: string): FieldTable {
  let byNamespace = tablesOf.get(fields);
  if (!byNamespace) {
    byNamespace = new Map();
    tablesOf.set(fields, byNamespace);
  }
  let table = byNamespace.get(namespace);
  if (!table) {
    const apiName = (field: EventField) => (namespace ? `${namespace}__${field.name}` : field.name);
    table = {
      byApiName: new Map(fields.map((field) => [apiName(field), field])),
      required: fields.filter((field) => field.required).map(apiName)
    };
    byNamespace.set(namespace, table);
  }
  return table;
}

/**
 * Returns the first error of a record (as Salesforce reports one), or null when it would be accepted.
 * A name is known only with the namespace's prefix (under a namespace) and `attributes` is skipped.
 */
export function validateEventRecord(
  record: Record<string, unknown>,
  fields: readonly EventField[],
  namespace: string
): RecordError | null {
  const { byApiName, required } = fieldTable(fields, namespace);
  for (const apiName in record) {
    if (apiName === 'attributes' || !Object.hasOwn(record, apiName)) continue;
    const field = byApiName.get(apiName);
    if (!field) {
      return { statusCode: 'INVALID_FIELD', message: `No such column '${apiName}' on sobject`, fields: [apiName] };
    }
    const error = checkValue(field, apiName, record[apiName]);
    if (error) return error;
  }
  for (const apiName of required) {
    if (!Object.hasOwn(record, apiName) || record[apiName] === undefined || record[apiName] === null) {
      return {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: `Required fields are missing: [${apiName}]`,
        fields: [apiName]
      };
    }
  }
  return null;
}
