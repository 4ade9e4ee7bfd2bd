import { cardExchangeDataSchema } from '../../webhook-relay/src/contract/card-exchange-envelope';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';

/**
 * The "John Doe" sample exchange the package sends as a test and maps in the editor's preview, as the webhook
 * contract shapes it. Source paths such as `contact.email` or `customFields.Industry` are the webhook's own
 * paths, read from it (or from a received exchange's payload of the same shape) as CardExchangeSource reads them
 * from the event the relay publishes.
 */
export const SAMPLE_EXCHANGE = sampleCardExchange({
  exchangeId: 'exc_sample',
  now: new Date('2026-11-25T09:59:58Z')
}).data;

/** A source value as Apex holds it: text, a number, a checkbox value, or null. */
export type SourceValue = string | number | boolean | null;

const CUSTOM_FIELDS_PREFIX = 'customFields.';

function at(value: unknown, dottedPath: string): unknown {
  let current = value;
  for (const part of dottedPath.split('.')) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asSourceValue(value: unknown): SourceValue {
  if (value === undefined || value === null) {
    return null;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : JSON.stringify(value);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

// The paths CardExchangeSource computes instead of copying an event field (putCard, putContact, consent).
const DERIVED: Record<string, (data: unknown) => SourceValue> = {
  'card.tags': (data) => {
    const tags = at(data, 'card.tags');
    return Array.isArray(tags) && tags.length > 0 ? tags.join(';') : null;
  },
  'contact.fullName': (data) =>
    `${text(at(data, 'contact.firstName'))} ${text(at(data, 'contact.lastName'))}`.trim() || null,
  'contact.emailDomain': (data) => {
    const email = text(at(data, 'contact.email'));
    const domain = email.includes('@')
      ? email
          .slice(email.lastIndexOf('@') + 1)
          .trim()
          .toLowerCase()
      : '';
    return domain || null;
  },
  'consent.marketing': (data) => at(data, 'consent.marketing') === true,
  // Only a recorded answer that declines marketing opts out; no answer is null (CardExchangeSource).
  'consent.emailOptOut': (data) =>
    at(data, 'consent.capturedAt') && at(data, 'consent.marketing') !== true ? true : null
};

/** The paths the preview computes rather than reads (test/e2e/preview checks every Apex path is one or the other). */
export const DERIVED_SOURCE_PATHS = Object.keys(DERIVED);

/** True when the sample exchange carries this path (its value may be null), or the preview computes it. */
export function isReadablePath(sourcePath: string): boolean {
  if (sourcePath in DERIVED || sourcePath.startsWith(CUSTOM_FIELDS_PREFIX)) {
    return true;
  }
  const cut = sourcePath.lastIndexOf('.');
  const parent = cut === -1 ? SAMPLE_EXCHANGE : at(SAMPLE_EXCHANGE, sourcePath.slice(0, cut));
  return parent !== null && typeof parent === 'object' && sourcePath.slice(cut + 1) in parent;
}

/**
 * The value at a source path of an exchange (the sample unless told), as CardExchangeSource.get returns it; null
 * when absent.
 */
export function sourceValue(sourcePath: string, data: unknown = SAMPLE_EXCHANGE): SourceValue {
  const derived = DERIVED[sourcePath];
  if (derived) {
    return derived(data);
  }
  if (sourcePath.startsWith(CUSTOM_FIELDS_PREFIX)) {
    const customFields = at(data, 'customFields');
    const key = sourcePath.slice(CUSTOM_FIELDS_PREFIX.length);
    return customFields !== null && typeof customFields === 'object'
      ? asSourceValue((customFields as Record<string, unknown>)[key])
      : null;
  }
  return asSourceValue(at(data, sourcePath));
}

/**
 * A received exchange's payload as source data, when it is an exchange as the webhook contract shapes it (the
 * payloads the preview writes itself); null for anything else, such as the fixtures' event-shaped payloads.
 */
export function exchangeDataOf(payload: string | null | undefined): unknown {
  if (!payload) {
    return null;
  }
  try {
    const data: unknown = JSON.parse(payload);
    return cardExchangeDataSchema.safeParse(data).success ? data : null;
  } catch {
    return null;
  }
}
