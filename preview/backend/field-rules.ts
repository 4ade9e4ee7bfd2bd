/**
 * CardFieldRules.check in the preview: one mapped value against the target field of the preview's org
 * description, with CardFieldRules' messages. The field exists and may be written on create, checkboxes take
 * the same words, text is cut to the field's length with a warning, and a picklist value is matched as Apex
 * matches it: Apex's `==` ignores case, and the PicklistMatch transform adds matching by label, which the
 * org description's labels (equal to its values) make the same thing. Numbers are checked against the grammar
 * Decimal.valueOf accepts; the preview writes no record, so it does not convert them further. An opt-out
 * checkbox of CardFieldRules.OPT_OUT_FIELDS is never written false.
 */
import { fieldsOf, type DescribedField } from './org-description';
import type { PreviewOrg } from './preview-org';
import type { SourceValue } from './sample-exchange';

export interface MappedLine {
  targetField: string;
  sourcePath: string;
  value: SourceValue;
  warning: string | null;
  error: string | null;
}

class NotOfType extends Error {}

const TRUE_WORDS = new Set(['true', 'yes', '1', 'y']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'n', '']);
// java.math.BigDecimal's string form, which Apex's Decimal.valueOf parses.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toBoolean(value: SourceValue): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  const text = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(text)) {
    return true;
  }
  if (FALSE_WORDS.has(text)) {
    return false;
  }
  throw new NotOfType();
}

function toNumber(value: SourceValue, integer: boolean): SourceValue {
  const text = String(value).trim();
  if (!DECIMAL.test(text)) {
    throw new NotOfType();
  }
  return integer ? Math.trunc(Number(text)) : typeof value === 'number' ? value : text;
}

function fit(field: DescribedField, text: string, line: MappedLine): string {
  if (field.length > 0 && text.length > field.length) {
    line.warning = `${field.apiName} was cut to its ${field.length} characters (the value had ${text.length}).`;
    return text.slice(0, field.length);
  }
  return text;
}

function picklistValue(field: DescribedField, text: string, line: MappedLine): SourceValue {
  const wanted = text.trim();
  const match = field.picklistValues.find((entry) => entry.toLowerCase() === wanted.toLowerCase());
  if (match !== undefined) {
    return match;
  }
  if (field.restrictedPicklist) {
    line.error = `"${wanted}" is not a value of the ${field.label} picklist (${field.apiName}).`;
    return null;
  }
  line.warning = `"${wanted}" is not a listed value of ${field.apiName}; it was written as given.`;
  return wanted;
}

function coerce(field: DescribedField, line: MappedLine): SourceValue {
  const value = line.value;
  switch (field.type) {
    case 'BOOLEAN':
      return toBoolean(value);
    case 'INTEGER':
      return toNumber(value, true);
    case 'DOUBLE':
    case 'CURRENCY':
      return toNumber(value, false);
    case 'PICKLIST':
      return picklistValue(field, String(value), line);
    default:
      return fit(field, String(value), line);
  }
}

/** Checks and converts line.value for the target field on create; sets line.error or line.warning. */
export function checkLine(org: PreviewOrg, objectName: string, line: MappedLine): void {
  const field = fieldsOf(org.description, objectName).get(line.targetField.trim().toLowerCase());
  if (!field) {
    line.error = `${objectName} has no field ${line.targetField}.`;
    return;
  }
  line.targetField = field.apiName;
  if (!field.createable) {
    line.error = `You cannot write ${objectName}.${field.apiName}.`;
    return;
  }
  if (line.value === null) {
    return;
  }
  try {
    line.value = coerce(field, line);
    if (org.mapping.optOutFields.includes(field.apiName) && line.value === false) {
      line.value = null;
      line.warning = `An exchange never clears ${field.apiName}; false was not written.`;
    }
  } catch (error) {
    if (!(error instanceof NotOfType)) {
      throw error;
    }
    line.error = `The value for ${field.apiName} is not a valid ${field.type.toLowerCase()}.`;
    line.value = null;
  }
}
