import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';

/**
 * The "John Doe" sample exchange the package sends as a test and maps in the editor's preview, as the webhook
 * contract shapes it. Source paths such as `contact.email` or `customFields.Industry` are the webhook's own
 * paths, read from it as CardExchangeSource reads them from the event the relay publishes.
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

// The paths CardExchangeSource computes instead of copying an event field (putCard, putContact, consent).
const DERIVED: Record<string, (data: typeof SAMPLE_EXCHANGE) => SourceValue> = {
  'card.tags': (data) => (data.card.tags.length === 0 ? null : data.card.tags.join(';')),
  'contact.fullName': (data) => `${data.contact.firstName ?? ''} ${data.contact.lastName ?? ''}`.trim() || null,
  'contact.emailDomain': (data) => {
    const email = data.contact.email ?? '';
    const domain = email.includes('@')
      ? email
          .slice(email.lastIndexOf('@') + 1)
          .trim()
          .toLowerCase()
      : '';
    return domain || null;
  },
  'consent.marketing': (data) => data.consent.marketing === true,
  // Only a recorded answer that declines marketing opts out; no answer is null (CardExchangeSource).
  'consent.emailOptOut': (data) => (data.consent.capturedAt && data.consent.marketing !== true ? true : null)
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

/** The value at a source path of the sample exchange, as CardExchangeSource.get returns it; null when absent. */
export function sourceValue(sourcePath: string): SourceValue {
  const derived = DERIVED[sourcePath];
  if (derived) {
    return derived(SAMPLE_EXCHANGE);
  }
  if (sourcePath.startsWith(CUSTOM_FIELDS_PREFIX)) {
    const customFields: Record<string, unknown> = SAMPLE_EXCHANGE.customFields;
    return asSourceValue(customFields[sourcePath.slice(CUSTOM_FIELDS_PREFIX.length)]);
  }
  return asSourceValue(at(SAMPLE_EXCHANGE, sourcePath));
}
