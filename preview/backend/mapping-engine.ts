/**
 * The package's mapping engine in the preview, over the preview's org description: the target fields of a use
 * case (CardIntegrationEditorController.getTargetFields), the default rows and source paths (read from the Apex
 * at start), what an integration's rows write for the sample exchange (CardMappingService.mapExchange on
 * create, with CardFieldRules' messages), and the checks the editor's save runs (the controller's validate).
 */
import { checkLine, type MappedLine } from './field-rules';
import { fieldsOf, type DescribedField } from './org-description';
import { editorMessage, type PreviewOrg } from './preview-org';
import type { IntegrationInput, MappingRow } from './preview-types';
import { SAMPLE_EXCHANGE, sourceValue, type SourceValue } from './sample-exchange';
import { applyTransform } from './value-transform';

export interface TargetField {
  apiName: string;
  label: string;
  type: string;
  length: number;
  createable: boolean;
  updateable: boolean;
  required: boolean;
  picklistValues: string[];
}

export interface PreviewLine {
  targetField: string;
  sourcePath: string | null;
  value: string | null;
  warning: string | null;
  error: string | null;
}

export interface FieldError {
  scope: 'integration' | 'row' | 'general';
  rowIndex: number | null;
  field: string | null;
  message: string;
}

const CUSTOM_FIELDS_PREFIX = 'customFields.';
const CONSTANT = 'constant';
const NOT_PROVIDED = '[not provided]';

const isBlank = (text: string | null | undefined): boolean => !text || !text.trim();

/** Contact or Lead for a known use case (the controller's TARGET_OBJECT_BY_USE_CASE), else undefined. */
export function targetObjectOf(org: PreviewOrg, useCase: string | null | undefined): string | undefined {
  return useCase ? org.mapping.targetObjectByUseCase[useCase] : undefined;
}

/** The fields the controller offers: createable ones, sorted by label as TargetField.compareTo sorts them. */
export function targetFields(org: PreviewOrg, useCase: string): TargetField[] {
  const objectName = targetObjectOf(org, useCase) ?? '';
  return [...fieldsOf(org.description, objectName).values()]
    .filter((field) => field.createable)
    .map((field): TargetField => ({
      apiName: field.apiName,
      label: field.label,
      type: field.type,
      length: field.length,
      createable: field.createable,
      updateable: field.updateable,
      required: field.required,
      picklistValues: [...field.picklistValues]
    }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** CardExchangeSource.PATHS, as getSourcePaths serves them (patterns such as customFields.<key> left out). */
export function sourcePaths(org: PreviewOrg): string[] {
  return org.mapping.sourcePaths.filter((path) => !path.includes('<'));
}

/** CardMappingService.defaultRows: PERSON_DEFAULTS, then CONTACT_DEFAULTS or LEAD_DEFAULTS. */
export function defaultRows(org: PreviewOrg, useCase: string): MappingRow[] {
  const { personDefaults, contactDefaults, leadDefaults } = org.mapping;
  const own = targetObjectOf(org, useCase) === 'Contact' ? contactDefaults : leadDefaults;
  return [...personDefaults, ...own].map(({ sourcePath, targetField }) => ({
    sourcePath,
    targetField,
    transform: 'None'
  }));
}

function isKnownPath(org: PreviewOrg, path: string): boolean {
  return (
    org.mapping.sourcePaths.includes(path) ||
    (path.startsWith(CUSTOM_FIELDS_PREFIX) && path.length > CUSTOM_FIELDS_PREFIX.length)
  );
}

// MappingRowInput.toRecord: what the controller hands the engine.
function asRecord(row: MappingRow) {
  return {
    sourcePath: isBlank(row.sourcePath) ? null : (row.sourcePath ?? '').trim(),
    constant: isBlank(row.constant) ? null : (row.constant ?? null),
    targetField: row.targetField == null ? null : row.targetField.trim(),
    defaultValue: isBlank(row.defaultValue) ? null : (row.defaultValue ?? null),
    transform: isBlank(row.transform) ? 'None' : (row.transform ?? 'None')
  };
}

function lineFor(org: PreviewOrg, row: MappingRow, objectName: string, data: unknown): MappedLine {
  const record = asRecord(row);
  const isConstant = record.sourcePath === null;
  const line: MappedLine = {
    targetField: record.targetField ?? '',
    sourcePath: isConstant ? CONSTANT : (record.sourcePath ?? ''),
    value: null,
    warning: null,
    error: null
  };
  if (isBlank(record.targetField)) {
    line.error = 'A mapping row has no target field.';
    return line;
  }
  if (!isConstant && !isKnownPath(org, line.sourcePath)) {
    line.error = `Unknown source path ${line.sourcePath} for ${line.targetField}.`;
    return line;
  }
  let value: SourceValue = isConstant ? record.constant : sourceValue(line.sourcePath, data);
  if (typeof value === 'string' && isBlank(value)) {
    value = null;
  }
  if (value === null && record.defaultValue !== null) {
    value = record.defaultValue;
  }
  line.value = applyTransform(record.transform, value);
  checkLine(org, objectName, line);
  return line;
}

// CardMappingPreview.values(): the lines that would be written, by field.
function writtenValues(lines: MappedLine[]): Map<string, SourceValue> {
  return new Map(
    lines.filter((line) => line.error === null && line.value !== null).map((line) => [line.targetField, line.value])
  );
}

function addLine(
  org: PreviewOrg,
  lines: MappedLine[],
  objectName: string,
  field: string,
  value: SourceValue,
  warning: string | null
): MappedLine {
  const line: MappedLine = { targetField: field, sourcePath: CONSTANT, value, warning: null, error: null };
  checkLine(org, objectName, line);
  line.warning ??= warning;
  lines.push(line);
  return line;
}

// Apex compares the field names with ==, which ignores case.
const hasErrorFor = (lines: MappedLine[], field: string): boolean =>
  lines.some((line) => line.targetField.toLowerCase() === field.toLowerCase() && line.error !== null);

/**
 * What each row writes for an exchange (the sample unless told) on create; no rows means the use case's default
 * rows.
 */
export function previewLines(
  org: PreviewOrg,
  integration: IntegrationInput,
  rows: MappingRow[],
  data: unknown = SAMPLE_EXCHANGE
): PreviewLine[] {
  const useCase = integration.useCase ?? '';
  const objectName = targetObjectOf(org, useCase) ?? 'Lead';
  const effective = rows.length > 0 ? rows : defaultRows(org, useCase);
  const lines = effective.map((row) => lineFor(org, row, objectName, data));
  // CardMappingService.addRequiredFallbacks: LastName, and a Lead's Company, keep the record savable.
  if (!writtenValues(lines).has('LastName') && !hasErrorFor(lines, 'LastName')) {
    addLine(org, lines, objectName, 'LastName', NOT_PROVIDED, 'The exchange has no last name.');
  }
  if (objectName === 'Lead' && !writtenValues(lines).has('Company') && !hasErrorFor(lines, 'Company')) {
    const company = isBlank(integration.companyPlaceholder) ? NOT_PROVIDED : (integration.companyPlaceholder ?? '');
    addLine(org, lines, objectName, 'Company', company, null);
  }
  // CardMappingService.addLeadSource: the integration's lead source unless a row maps one.
  if (!isBlank(integration.leadSource) && !writtenValues(lines).has('LeadSource')) {
    const line = addLine(org, lines, objectName, 'LeadSource', integration.leadSource ?? '', null);
    if (line.error === null) {
      // The admin chose this value on purpose; an unlisted value of an open picklist is no news to them.
      line.warning = null;
    }
  }
  return lines.map((line) => ({
    targetField: line.targetField,
    sourcePath: line.sourcePath,
    value: line.value === null ? null : String(line.value),
    warning: line.warning,
    error: line.error
  }));
}

function isKnownSource(org: PreviewOrg, sourcePath: string): boolean {
  const path = sourcePath.trim();
  return (
    sourcePaths(org).includes(path) ||
    (path.startsWith(CUSTOM_FIELDS_PREFIX) && path.length > CUSTOM_FIELDS_PREFIX.length)
  );
}

/** The controller's validate: its messages (from its custom labels), each attached to its field or row. */
export function validateIntegration(org: PreviewOrg, integration: IntegrationInput, rows: MappingRow[]): FieldError[] {
  const errors: FieldError[] = [];
  const add = (scope: FieldError['scope'], rowIndex: number | null, field: string, message: string) =>
    errors.push({ scope, rowIndex, field, message });
  if (isBlank(integration.name)) {
    add('integration', null, 'name', editorMessage(org, 'NAME_REQUIRED_MESSAGE'));
  }
  const objectName = targetObjectOf(org, integration.useCase);
  if (!objectName) {
    add('integration', null, 'useCase', editorMessage(org, 'UNKNOWN_USE_CASE_MESSAGE'));
    return errors;
  }
  // As the controller: every strategy falls back to the default owner, so each needs one.
  if (!integration.defaultOwnerId) {
    const message =
      integration.ownerStrategy === 'FixedUser' ? 'FIXED_OWNER_REQUIRED_MESSAGE' : 'DEFAULT_OWNER_REQUIRED_MESSAGE';
    add('integration', null, 'defaultOwnerId', editorMessage(org, message));
  }
  const writable = new Map<string, DescribedField>(
    [...fieldsOf(org.description, objectName)].filter(([, field]) => field.createable)
  );
  const mapped = new Set<string>();
  rows.forEach((row, index) => {
    const target = (row.targetField ?? '').trim().toLowerCase();
    const field = writable.get(target);
    if (!target) {
      add('row', index, 'targetField', editorMessage(org, 'TARGET_REQUIRED_MESSAGE'));
    } else if (!field) {
      add('row', index, 'targetField', editorMessage(org, 'TARGET_UNKNOWN_MESSAGE', row.targetField ?? ''));
    } else if (mapped.has(target)) {
      add('row', index, 'targetField', editorMessage(org, 'TARGET_DUPLICATE_MESSAGE'));
    } else {
      mapped.add(target);
    }
    if (isBlank(row.sourcePath) && isBlank(row.constant)) {
      add('row', index, 'sourcePath', editorMessage(org, 'SOURCE_REQUIRED_MESSAGE'));
    } else if (!isBlank(row.sourcePath) && !isKnownSource(org, row.sourcePath ?? '')) {
      add('row', index, 'sourcePath', editorMessage(org, 'SOURCE_UNKNOWN_MESSAGE'));
    }
    const maxLength = field?.length ?? 0;
    if (maxLength > 0 && !isBlank(row.constant) && (row.constant ?? '').length > maxLength) {
      add('row', index, 'constant', editorMessage(org, 'TOO_LONG_MESSAGE', String(maxLength)));
    }
    if (maxLength > 0 && !isBlank(row.defaultValue) && (row.defaultValue ?? '').length > maxLength) {
      add('row', index, 'defaultValue', editorMessage(org, 'TOO_LONG_MESSAGE', String(maxLength)));
    }
  });
  return errors;
}
