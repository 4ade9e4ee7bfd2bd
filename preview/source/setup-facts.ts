/**
 * What the preview's setup assistant backend takes from the Apex at start, so that it refuses and limits what the
 * org refuses and limits: the messages of CardSetupAssistantController's checks (their custom labels), the
 * retention bounds (CardSettingsStore), how many waiting exchanges one run processes (CardExchangeDrain) and the
 * name of the permission set the access grant creates (CardStandardAccessGrant).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApexConstantError, readIntegerConstant, readLabelConstant, readStringConstant } from './apex-constants';

export const SETUP_MESSAGE_CONSTANTS = ['MANAGE_SETUP_REQUIRED_MESSAGE', 'RETENTION_DAYS_MESSAGE'] as const;
export type SetupMessage = (typeof SETUP_MESSAGE_CONSTANTS)[number];

export interface SetupFacts {
  /** The controller's message constants → the custom label each reads. */
  messageLabels: Record<SetupMessage, string>;
  minRetentionDays: number;
  maxRetentionDays: number;
  /** CardExchangeDrain.MAX_PER_RUN */
  maxProcessedPerRun: number;
  /** CardStandardAccessGrant.NAME_PREFIX, followed by the user's 15-character id */
  grantNamePrefix: string;
}

/** The source of an Apex class, by name. */
export type ReadApexClass = (className: string) => string;

/**
 * The custom label a message constant reads: `NAME = System.Label.X;`, or `NAME = CardOther.CONSTANT;` followed
 * into that class (the controller takes its refusal message from CardSetupPermission).
 */
function labelOf(read: ReadApexClass, className: string, name: string, depth = 0): string {
  const source = read(className);
  const reference = new RegExp(`\\b${name}\\s*=\\s*(Card\\w+)\\.([A-Z][A-Z0-9_]*)\\s*;`).exec(source);
  if (reference?.[1] && reference[2] && depth < 3) {
    return labelOf(read, reference[1], reference[2], depth + 1);
  }
  return readLabelConstant(source, name, `${className}.cls`);
}

export function parseSetupFacts(read: ReadApexClass): SetupFacts {
  const messageLabels = Object.fromEntries(
    SETUP_MESSAGE_CONSTANTS.map((name) => [name, labelOf(read, 'CardSetupAssistantController', name)])
  ) as Record<SetupMessage, string>;
  const settings = read('CardSettingsStore');
  return {
    messageLabels,
    minRetentionDays: readIntegerConstant(settings, 'MIN_RETENTION_DAYS', 'CardSettingsStore.cls'),
    maxRetentionDays: readIntegerConstant(settings, 'MAX_RETENTION_DAYS', 'CardSettingsStore.cls'),
    maxProcessedPerRun: readIntegerConstant(read('CardExchangeDrain'), 'MAX_PER_RUN', 'CardExchangeDrain.cls'),
    grantNamePrefix: readStringConstant(read('CardStandardAccessGrant'), 'NAME_PREFIX', 'CardStandardAccessGrant.cls')
  };
}

/** Reads the classes from a package directory such as force-app/main/default. */
export function loadSetupFacts(packageDir: string): SetupFacts {
  return parseSetupFacts((className) => {
    const file = path.join(packageDir, 'classes', `${className}.cls`);
    if (!existsSync(file)) {
      throw new ApexConstantError(`${file} is missing; the preview reads its setup facts from it.`);
    }
    return readFileSync(file, 'utf8');
  });
}
