/**
 * The double's record check: a published event is held against force-app's
 * CardExchange__e metadata exactly as an org with the package would, so a field
 * the package does not have, a value too long or of the wrong type fails here.
 */
import { withoutNamespace, type EventField } from '../../../webhook-relay/src/salesforce/event-metadata';

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

// The fields by name, built once per field list (the double holds one for its lifetime).
const byNameOf = new WeakMap<readonly EventField[], Map<string, EventField>>();

function fieldsByName(fields: readonly EventField[]): Map<string, EventField> {
  let byName = byNameOf.get(fields);
  if (!byName) {
    byName = new Map(fields.map((field) => [field.name, field]));
    byNameOf.set(fields, byName);
  }
  return byName;
}

/** Returns the first error of a record (as Salesforce reports one), or null when it would be accepted. */
export function validateEventRecord(
  record: Record<string, unknown>,
  fields: readonly EventField[],
  namespace: string
): RecordError | null {
  const byName = fieldsByName(fields);
  for (const [apiName, value] of Object.entries(record)) {
    if (apiName === 'attributes') continue;
    const field = byName.get(withoutNamespace(namespace, apiName));
    if (!field || (namespace && !apiName.startsWith(`${namespace}__`))) {
      return { statusCode: 'INVALID_FIELD', message: `No such column '${apiName}' on sobject`, fields: [apiName] };
    }
    const error = checkValue(field, apiName, value);
    if (error) return error;
  }
  for (const field of fields) {
    const apiName = namespace ? `${namespace}__${field.name}` : field.name;
    if (field.required && (record[apiName] === undefined || record[apiName] === null)) {
      return {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: `Required fields are missing: [${apiName}]`,
        fields: [apiName]
      };
    }
  }
  return null;
}
