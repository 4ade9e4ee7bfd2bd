/**
 * What the preview needs to know of the package's mapping engine, read from its Apex classes at start: the
 * source paths (CardExchangeSource.PATHS), the default rows of each use case (CardMappingService's
 * PERSON_DEFAULTS plus CONTACT_DEFAULTS or LEAD_DEFAULTS), the use cases and their target objects
 * (CardIntegrationEditorController.TARGET_OBJECT_BY_USE_CASE), the transforms (CardValueTransform) and the
 * custom labels the editor controller's checks use. Nothing here is typed a second time.
 *
 * CardFieldRules.OPT_OUT_FIELDS (the checkboxes an exchange may set but never clear) is read where it exists.
 *
 * CardMappingService may also declare ADDRESS_CODE_FIELDS (e.g. MailingCountry => MailingCountryCode), which
 * applies only in orgs with State and Country/Territory picklists. The preview's org has none, so it is not read.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ApexConstantError,
  hasConstant,
  readLabelConstant,
  readStringList,
  readStringMap,
  readStringPairs,
  readStringSet,
  readSwitchLabels
} from './apex-constants';

export interface DefaultPair {
  sourcePath: string;
  targetField: string;
}

export interface PackageMapping {
  sourcePaths: string[];
  personDefaults: DefaultPair[];
  contactDefaults: DefaultPair[];
  leadDefaults: DefaultPair[];
  targetObjectByUseCase: Record<string, string>;
  transforms: string[];
  /** CardFieldRules.OPT_OUT_FIELDS, or none where the class has no such constant. */
  optOutFields: string[];
  /** The editor controller's message constants (NAME_REQUIRED_MESSAGE, ...) → the custom label each reads. */
  editorMessageLabels: Record<string, string>;
}

export const EDITOR_MESSAGE_CONSTANTS = [
  'NOT_FOUND_MESSAGE',
  'UNKNOWN_USE_CASE_MESSAGE',
  'NAME_REQUIRED_MESSAGE',
  'FIXED_OWNER_REQUIRED_MESSAGE',
  'DEFAULT_OWNER_REQUIRED_MESSAGE',
  'TARGET_REQUIRED_MESSAGE',
  'TARGET_UNKNOWN_MESSAGE',
  'TARGET_DUPLICATE_MESSAGE',
  'SOURCE_REQUIRED_MESSAGE',
  'SOURCE_UNKNOWN_MESSAGE',
  'TOO_LONG_MESSAGE',
  'CHECK_INVALID_MESSAGE',
  'CHECK_SAMPLE_GONE_MESSAGE'
] as const;
export type EditorMessage = (typeof EDITOR_MESSAGE_CONSTANTS)[number];

export interface ApexSources {
  CardExchangeSource: string;
  CardMappingService: string;
  CardIntegrationEditorController: string;
  CardValueTransform: string;
  CardFieldRules: string;
}

function pairs(source: string, name: string): DefaultPair[] {
  return readStringPairs(source, name, 'CardMappingService.cls').map(([sourcePath, targetField]) => ({
    sourcePath,
    targetField
  }));
}

/** The mapping facts from the classes' source text (tests pass fixture strings). */
export function parsePackageMapping(sources: ApexSources): PackageMapping {
  const controller = 'CardIntegrationEditorController.cls';
  return {
    sourcePaths: readStringList(sources.CardExchangeSource, 'PATHS', 'CardExchangeSource.cls'),
    personDefaults: pairs(sources.CardMappingService, 'PERSON_DEFAULTS'),
    contactDefaults: pairs(sources.CardMappingService, 'CONTACT_DEFAULTS'),
    leadDefaults: pairs(sources.CardMappingService, 'LEAD_DEFAULTS'),
    targetObjectByUseCase: readStringMap(
      sources.CardIntegrationEditorController,
      'TARGET_OBJECT_BY_USE_CASE',
      controller
    ),
    transforms: readSwitchLabels(sources.CardValueTransform, 'CardValueTransform.cls'),
    optOutFields: hasConstant(sources.CardFieldRules, 'OPT_OUT_FIELDS')
      ? readStringSet(sources.CardFieldRules, 'OPT_OUT_FIELDS', 'CardFieldRules.cls')
      : [],
    editorMessageLabels: Object.fromEntries(
      EDITOR_MESSAGE_CONSTANTS.map((name) => [
        name,
        readLabelConstant(sources.CardIntegrationEditorController, name, controller)
      ])
    )
  };
}

/** Reads the classes from a package directory such as force-app/main/default. */
export function loadPackageMapping(packageDir: string): PackageMapping {
  const read = (className: keyof ApexSources): string => {
    const file = path.join(packageDir, 'classes', `${className}.cls`);
    if (!existsSync(file)) {
      throw new ApexConstantError(`${file} is missing; the preview reads its mapping constants from it.`);
    }
    return readFileSync(file, 'utf8');
  };
  return parsePackageMapping({
    CardExchangeSource: read('CardExchangeSource'),
    CardMappingService: read('CardMappingService'),
    CardIntegrationEditorController: read('CardIntegrationEditorController'),
    CardValueTransform: read('CardValueTransform'),
    CardFieldRules: read('CardFieldRules')
  });
}
