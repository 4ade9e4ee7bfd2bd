/**
 * The platform event's shape as force-app declares it: field names, types and
 * lengths read from `CardExchange__e/fields/*.field-meta.xml`, plus the
 * namespace prefix that turns local names into API names. The relay never keeps
 * a second, hand-typed list of the event's fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const EVENT_OBJECT = 'CardExchange__e';

export type EventFieldType = 'Text' | 'LongTextArea' | 'Checkbox' | 'DateTime' | 'Date' | 'Number';

export interface EventField {
  /** Local API name without namespace, e.g. `ExchangeId__c`. */
  name: string;
  type: EventFieldType;
  /** Maximum characters for text fields. */
  length: number | null;
  /** Total digits for numbers. */
  precision: number | null;
  scale: number | null;
  required: boolean;
}

/** The repository root, found from this file's place in webhook-relay/src/salesforce. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const KNOWN_TYPES: readonly EventFieldType[] = ['Text', 'LongTextArea', 'Checkbox', 'DateTime', 'Date', 'Number'];

function tag(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.trim() ?? null;
}

function toNumber(text: string | null): number | null {
  return text === null ? null : Number(text);
}

export function parseFieldMetadata(xml: string, fileName: string): EventField {
  const name = tag(xml, 'fullName');
  const type = tag(xml, 'type');
  if (!name || !type || !KNOWN_TYPES.includes(type as EventFieldType)) {
    throw new Error(
      `${fileName}: cannot read fullName/type (type ${String(type)} is not supported on platform events)`
    );
  }
  return {
    name,
    type: type as EventFieldType,
    length: toNumber(tag(xml, 'length')),
    precision: toNumber(tag(xml, 'precision')),
    scale: toNumber(tag(xml, 'scale')),
    required: tag(xml, 'required') === 'true'
  };
}

/** Reads every field of CardExchange__e from force-app (sorted by name). */
export function loadEventFields(repoRoot: string = REPO_ROOT): EventField[] {
  const dir = path.join(repoRoot, 'force-app', 'main', 'default', 'objects', EVENT_OBJECT, 'fields');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.field-meta.xml'))
    .sort()
    .map((file) => parseFieldMetadata(readFileSync(path.join(dir, file), 'utf8'), file));
}

/** Prefixes a local API name with the namespace (`cardbridge__`); an empty namespace adds nothing. */
export function withNamespace(namespace: string, localName: string): string {
  return namespace ? `${namespace}__${localName}` : localName;
}

/** Strips the namespace prefix off an API name, when present. */
export function withoutNamespace(namespace: string, apiName: string): string {
  const prefix = namespace ? `${namespace}__` : '';
  return prefix && apiName.startsWith(prefix) ? apiName.slice(prefix.length) : apiName;
}

export function eventObjectName(namespace: string): string {
  return withNamespace(namespace, EVENT_OBJECT);
}
