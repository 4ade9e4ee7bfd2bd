/**
 * A small stand-in for the package's mapping engine (CardMappingService): what an integration's rows write
 * for the sample exchange, the target fields of a use case, and the checks the editor's save runs.
 */
import { fixture, type PreviewStore } from './preview-store';
import type { IntegrationInput, MappingRow } from './preview-types';
import { sampleValue } from './sample-exchange';

export const TARGET_OBJECT_BY_USE_CASE: Record<string, string> = {
  CreateContact: 'Contact',
  UpsertContactByEmail: 'Contact',
  CreateLead: 'Lead',
  UpsertLeadByEmail: 'Lead'
};

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

// Lead-only fields are left out for Contacts; the fixtures describe Lead.
const LEAD_ONLY = new Set(['Company', 'Industry']);

export function targetFields(store: PreviewStore, useCase: string): TargetField[] {
  const fields = fixture<TargetField[]>(store.fixtures, 'cardIntegrationEditor', 'targetFields', []);
  return TARGET_OBJECT_BY_USE_CASE[useCase] === 'Contact'
    ? fields.filter((field) => !LEAD_ONLY.has(field.apiName))
    : fields;
}

export function sourcePaths(store: PreviewStore): string[] {
  return fixture<string[]>(store.fixtures, 'cardIntegrationEditor', 'sourcePaths', []);
}

export function defaultRows(store: PreviewStore): MappingRow[] {
  return fixture<MappingRow[]>(store.fixtures, 'cardIntegrationEditor', 'defaultRows', []);
}

function transform(value: string, name: string | null | undefined): string {
  switch (name) {
    case 'Trim':
      return value.trim();
    case 'Upper':
      return value.toUpperCase();
    case 'Lower':
      return value.toLowerCase();
    case 'TitleCase':
      return value.toLowerCase().replace(/\b\w/g, (letter) => letter.toUpperCase());
    case 'FirstNameOfFull':
      return value.trim().split(/\s+/)[0] ?? '';
    case 'LastNameOfFull':
      return value.trim().split(/\s+/).slice(1).join(' ');
    default:
      return value;
  }
}

/** What each row writes for the sample exchange; rows empty means the use case's default rows. */
export function previewLines(store: PreviewStore, useCase: string, rows: MappingRow[]): PreviewLine[] {
  const fields = new Map(targetFields(store, useCase).map((field) => [field.apiName.toLowerCase(), field]));
  const effective = rows.length > 0 ? rows : defaultRows(store);
  return effective.map((row) => {
    const target = (row.targetField ?? '').trim();
    const field = fields.get(target.toLowerCase());
    const raw = row.constant || (row.sourcePath ? sampleValue(row.sourcePath) : undefined) || row.defaultValue || '';
    const value = raw ? transform(raw, row.transform) : '';
    let warning: string | null = null;
    let error: string | null = null;
    if (!field) {
      error = `This field does not exist or cannot be written: ${target}`;
    } else if (value.length > field.length) {
      warning = `Longer than the field allows (${field.length}); it will be cut.`;
    } else if (field.type === 'PICKLIST' && value && !field.picklistValues.includes(value)) {
      warning = `Not a value of this picklist: ${value}`;
    } else if (!value) {
      warning = 'The sample exchange has no value here.';
    }
    return {
      targetField: target,
      sourcePath: row.constant ? null : (row.sourcePath ?? null),
      value: value || null,
      warning,
      error
    };
  });
}

/** The editor's save checks, with the controller's messages, each attached to its field or row. */
export function validateIntegration(
  store: PreviewStore,
  integration: IntegrationInput,
  rows: MappingRow[]
): FieldError[] {
  const errors: FieldError[] = [];
  const add = (scope: FieldError['scope'], rowIndex: number | null, field: string, message: string) =>
    errors.push({ scope, rowIndex, field, message });
  if (!integration.name || !integration.name.trim()) {
    add('integration', null, 'name', 'Enter a name.');
  }
  if (!integration.useCase || !TARGET_OBJECT_BY_USE_CASE[integration.useCase]) {
    add('integration', null, 'useCase', 'Choose a use case first.');
    return errors;
  }
  if (integration.ownerStrategy === 'FixedUser' && !integration.defaultOwnerId) {
    add('integration', null, 'defaultOwnerId', 'Choose the user who owns the records.');
  }
  const fields = new Map(targetFields(store, integration.useCase).map((field) => [field.apiName.toLowerCase(), field]));
  const known = new Set(sourcePaths(store));
  const mapped = new Set<string>();
  rows.forEach((row, index) => {
    const target = (row.targetField ?? '').trim().toLowerCase();
    const field = fields.get(target);
    if (!target) {
      add('row', index, 'targetField', 'Choose a target field.');
    } else if (!field) {
      add('row', index, 'targetField', `This field does not exist or cannot be written: ${row.targetField}`);
    } else if (mapped.has(target)) {
      add('row', index, 'targetField', 'This field is already mapped by another row.');
    }
    mapped.add(target);
    const source = (row.sourcePath ?? '').trim();
    if (!source && !row.constant) {
      add('row', index, 'sourcePath', 'Choose a source or enter a constant.');
    } else if (source && !known.has(source) && !/^customFields\..+/.test(source)) {
      add('row', index, 'sourcePath', 'Unknown source. Use a listed path or customFields.<Key>.');
    }
    if (field && row.constant && row.constant.length > field.length) {
      add('row', index, 'constant', `Longer than the field allows (${field.length} characters).`);
    }
    if (field && row.defaultValue && row.defaultValue.length > field.length) {
      add('row', index, 'defaultValue', `Longer than the field allows (${field.length} characters).`);
    }
  });
  return errors;
}
