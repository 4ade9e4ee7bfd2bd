/**
 * The editor's mapping preview without a browser: it must show what an org shows, with the Apex's messages,
 * and take its defaults and source paths from the Apex rather than from a copy that drifts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PreviewBackend } from '../../../preview/backend/preview-backend';
import { loadPreviewOrg } from '../../../preview/backend/preview-org';
import { isReadablePath } from '../../../preview/backend/sample-exchange';
import { PREVIEW_TRANSFORMS } from '../../../preview/backend/value-transform';
import { ApexConstantError, readStringList, readStringPairs } from '../../../preview/source/apex-constants';
import { loadLabelTable } from '../../../preview/source/custom-labels';
import { loadBundleFixtures, scanLwcBundles } from '../../../preview/source/lwc-bundles';
import { parsePackageMapping, type ApexSources } from '../../../preview/source/package-mapping';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..', 'force-app', 'main', 'default');
const apex = (className: keyof ApexSources) =>
  readFileSync(path.join(PACKAGE_DIR, 'classes', `${className}.cls`), 'utf8');
const APEX_SOURCES: ApexSources = {
  CardExchangeSource: apex('CardExchangeSource'),
  CardMappingService: apex('CardMappingService'),
  CardIntegrationEditorController: apex('CardIntegrationEditorController'),
  CardValueTransform: apex('CardValueTransform'),
  CardFieldRules: apex('CardFieldRules')
};
const fromApex = parsePackageMapping(APEX_SOURCES);
const labels = loadLabelTable(PACKAGE_DIR).master;
const org = loadPreviewOrg(PACKAGE_DIR);
const fixtures = loadBundleFixtures(scanLwcBundles(path.join(PACKAGE_DIR, 'lwc')));
const USE_CASES = ['CreateContact', 'UpsertContactByEmail', 'CreateLead', 'UpsertLeadByEmail'];

interface Line {
  targetField: string;
  sourcePath: string | null;
  value: string | null;
  warning: string | null;
  error: string | null;
}
type Row = { sourcePath?: string | null; constant?: string | null; targetField: string; transform?: string };

function call(method: string, params: Record<string, unknown>): unknown {
  const outcome = new PreviewBackend(fixtures, org).call(`CardIntegrationEditorController.${method}`, params);
  if (!outcome.ok) {
    throw new Error(`${method} failed: ${outcome.error.message}`);
  }
  return outcome.result;
}

function preview(useCase: string, rows: Row[], settings: Record<string, unknown> = {}): Line[] {
  const result = call('previewMapping', { integration: { useCase, ...settings }, rows }) as { lines: Line[] };
  return result.lines;
}

const lineFor = (lines: Line[], field: string) => lines.find((line) => line.targetField === field);
const problems = (lines: Line[]) =>
  lines.filter((line) => line.error).map((line) => `${line.targetField}: ${line.error}`);

describe('the mapping preview maps the John Doe sample like the org', () => {
  it.each(USE_CASES)('maps %s with its default rows without a single error', (useCase) => {
    const defaults = call('getDefaultRows', { useCase }) as Row[];
    for (const rows of [[], defaults]) {
      const lines = preview(useCase, rows, { leadSource: 'Digital Business Card' });
      expect(problems(lines)).toEqual([]);
      expect(lineFor(lines, 'FirstName')?.value).toBe('John');
      expect(lineFor(lines, 'LastName')?.value).toBe('Doe');
      expect(lineFor(lines, 'HasOptedOutOfEmail')).toMatchObject({ sourcePath: 'consent.emailOptOut', error: null });
    }
  });

  it('writes the Lead use cases company and lead source, and warns about neither', () => {
    const lines = preview('CreateLead', [], { leadSource: 'Digital Business Card' });
    expect(lineFor(lines, 'Company')).toMatchObject({ value: 'Example Inc', warning: null });
    expect(lineFor(lines, 'LeadSource')).toMatchObject({
      sourcePath: 'constant',
      value: 'Digital Business Card',
      warning: null,
      error: null
    });
  });

  it('fills a Lead without company or last name with the Apex placeholders', () => {
    const lines = preview('CreateLead', [{ sourcePath: 'contact.email', targetField: 'Email' }]);
    expect(lineFor(lines, 'LastName')).toMatchObject({
      value: '[not provided]',
      warning: 'The exchange has no last name.'
    });
    expect(lineFor(lines, 'Company')).toMatchObject({ value: '[not provided]', warning: null });
    expect(lineFor(preview('CreateLead', [], { companyPlaceholder: 'Unknown Inc' }), 'Company')?.value).toBe(
      'Example Inc'
    );
    const placeholder = preview('CreateLead', [{ sourcePath: 'contact.lastName', targetField: 'LastName' }], {
      companyPlaceholder: 'Unknown Inc'
    });
    expect(lineFor(placeholder, 'Company')?.value).toBe('Unknown Inc');
  });

  it("names a field Lead really lacks with CardFieldRules' message", () => {
    const lines = preview('CreateLead', [
      { sourcePath: 'contact.lastName', targetField: 'LastName' },
      { sourcePath: 'contact.email', targetField: 'Emial' }
    ]);
    expect(lineFor(lines, 'Emial')?.error).toBe('Lead has no field Emial.');
    expect(
      lineFor(preview('CreateContact', [{ sourcePath: 'contact.company', targetField: 'Company' }]), 'Company')?.error
    ).toBe('Contact has no field Company.');
  });

  it("refuses a read-only field and an unknown source with the Apex's messages", () => {
    const lines = preview('CreateLead', [
      { sourcePath: 'contact.fullName', targetField: 'Name' },
      { sourcePath: 'contact.nickname', targetField: 'Title' }
    ]);
    expect(lineFor(lines, 'Name')?.error).toBe('You cannot write Lead.Name.');
    expect(lineFor(lines, 'Title')?.error).toBe('Unknown source path contact.nickname for Title.');
  });

  it('cuts a long text to the field length and says so as CardFieldRules does', () => {
    const title = lineFor(preview('CreateLead', [{ constant: 'T'.repeat(200), targetField: 'Title' }]), 'Title');
    expect(title?.value).toHaveLength(128);
    expect(title?.warning).toBe('Title was cut to its 128 characters (the value had 200).');
  });

  it('writes an unlisted value of an open picklist as given, with the Apex warning, and matches case', () => {
    const lines = preview('CreateLead', [
      { sourcePath: 'customFields.Industry', targetField: 'Industry' },
      { constant: 'hot', targetField: 'Rating' }
    ]);
    expect(lineFor(lines, 'Industry')).toMatchObject({
      value: 'Software',
      warning: '"Software" is not a listed value of Industry; it was written as given.',
      error: null
    });
    expect(lineFor(lines, 'Rating')).toMatchObject({ value: 'Hot', warning: null });
  });

  it('checks checkboxes and numbers as Apex converts them', () => {
    const lines = preview('CreateLead', [
      { constant: 'yes', targetField: 'DoNotCall' },
      { constant: 'maybe', targetField: 'HasOptedOutOfFax' },
      { sourcePath: 'customFields.Badge', targetField: 'NumberOfEmployees' }
    ]);
    expect(lineFor(lines, 'DoNotCall')?.value).toBe('true');
    expect(lineFor(lines, 'HasOptedOutOfFax')?.error).toBe('The value for HasOptedOutOfFax is not a valid boolean.');
    expect(lineFor(lines, 'NumberOfEmployees')).toMatchObject({ value: '1042', error: null });
  });

  it('never clears an opt-out where CardFieldRules declares OPT_OUT_FIELDS', () => {
    const line = lineFor(preview('CreateLead', [{ constant: 'no', targetField: 'DoNotCall' }]), 'DoNotCall');
    expect(line).toMatchObject(
      fromApex.optOutFields.includes('DoNotCall')
        ? { value: null, warning: 'An exchange never clears DoNotCall; false was not written.', error: null }
        : { value: 'false', warning: null, error: null }
    );
  });
});

describe('the preview takes its mapping facts from the Apex', () => {
  it.each(USE_CASES)('serves the default rows CardMappingService declares for %s', (useCase) => {
    const own =
      fromApex.targetObjectByUseCase[useCase] === 'Contact' ? fromApex.contactDefaults : fromApex.leadDefaults;
    const served = (call('getDefaultRows', { useCase }) as Row[]).map(({ sourcePath, targetField }) => ({
      sourcePath,
      targetField
    }));
    expect(served).toEqual([...fromApex.personDefaults, ...own]);
    expect(served).toContainEqual({ sourcePath: 'contact.lastName', targetField: 'LastName' });
  });

  it('serves the source paths of CardExchangeSource.PATHS, each of which it can read', () => {
    const served = call('getSourcePaths', {}) as string[];
    expect(served).toEqual(fromApex.sourcePaths);
    expect(served).toContain('contact.email');
    expect(served.filter((sourcePath) => !isReadablePath(sourcePath))).toEqual([]);
  });

  it('knows the use cases of the editor controller and the transforms of CardValueTransform', () => {
    expect(Object.keys(fromApex.targetObjectByUseCase).sort()).toEqual([...USE_CASES].sort());
    expect([...PREVIEW_TRANSFORMS].sort()).toEqual([...fromApex.transforms].sort());
  });

  it('offers only fields the org describes as createable, Company for Leads only', () => {
    const contact = (call('getTargetFields', { useCase: 'CreateContact' }) as { apiName: string }[]).map(
      (field) => field.apiName
    );
    const lead = (call('getTargetFields', { useCase: 'CreateLead' }) as { apiName: string }[]).map(
      (field) => field.apiName
    );
    expect(contact).toEqual(expect.arrayContaining(['FirstName', 'MailingCity', 'HasOptedOutOfEmail']));
    expect(contact).not.toContain('Company');
    expect(lead).toEqual(expect.arrayContaining(['FirstName', 'Company', 'City', 'Status']));
    expect(lead).not.toContain('Name');
  });

  it("refuses to save rows with the editor controller's labels", () => {
    const result = call('save', {
      integration: { name: 'Broken', useCase: 'CreateLead', defaultOwnerId: '005000000000002AAA' },
      rows: [
        { sourcePath: 'contact.lastName', targetField: 'NoSuchField__c' },
        { sourcePath: 'contact.nickname', targetField: 'Title' },
        { constant: 'x'.repeat(81), targetField: 'Email' }
      ]
    }) as { errors: { rowIndex: number; field: string; message: string }[] };
    expect(result.errors).toEqual([
      {
        scope: 'row',
        rowIndex: 0,
        field: 'targetField',
        message: (labels.CardValidationTargetUnknown ?? '').replace('{0}', 'NoSuchField__c')
      },
      { scope: 'row', rowIndex: 1, field: 'sourcePath', message: labels.CardValidationSourceUnknown },
      {
        scope: 'row',
        rowIndex: 2,
        field: 'constant',
        message: (labels.CardValidationTooLong ?? '').replace('{0}', '80')
      }
    ]);
  });
});

describe('reading constants from Apex source', () => {
  const service = `
    public with sharing class CardMappingService {
      // 'not.a.pair', 'Comment'
      private static final List<List<String>> LEAD_DEFAULTS = new List<List<String>>{
          new List<String>{ 'contact.company', 'Company' }, /* a comment { with a brace */
          new List<String>{ 'contact.note', 'Description' }
      };
      private static final Map<String, String> ADDRESS_CODE_FIELDS = new Map<String, String>{
          'MailingCountry' => 'MailingCountryCode'
      };
    }`;

  it('reads pairs past comments and an ADDRESS_CODE_FIELDS map', () => {
    expect(readStringPairs(service, 'LEAD_DEFAULTS', 'CardMappingService.cls')).toEqual([
      ['contact.company', 'Company'],
      ['contact.note', 'Description']
    ]);
  });

  it('fails with the file and the constant when the constant is gone', () => {
    expect(() => readStringPairs(service, 'CONTACT_DEFAULTS', 'CardMappingService.cls')).toThrow(
      new ApexConstantError(
        'CardMappingService.cls has no constant CONTACT_DEFAULTS initialised as new List<List<String>>{ ... }; ' +
          'the preview reads it from there. If it was renamed or reshaped, update preview/source/package-mapping.ts.'
      )
    );
    expect(() =>
      parsePackageMapping({ ...APEX_SOURCES, CardExchangeSource: 'public class CardExchangeSource {}' })
    ).toThrow(/CardExchangeSource\.cls has no constant PATHS/);
  });

  it('fails when a constant no longer has the expected shape', () => {
    const reshaped = "List<String> PATHS = new List<String>{ 'contact.email', SOME_OTHER_CONSTANT };";
    expect(() => readStringList(reshaped, 'PATHS', 'CardExchangeSource.cls')).toThrow(
      /CardExchangeSource\.cls: PATHS should hold only quoted strings, but has SOME_OTHER_CONSTANT/
    );
  });
});
