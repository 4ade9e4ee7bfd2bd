import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';

/**
 * The "John Doe" sample exchange the package sends as a test and maps in the editor's preview, as the webhook
 * contract shapes it; source paths such as `contact.email` or `customFields.Industry` are read from it.
 */
export const SAMPLE_EXCHANGE = sampleCardExchange({
  exchangeId: 'exc_sample',
  now: new Date('2026-11-25T09:59:58Z')
}).data;

/** The value at a dotted source path, as text; undefined when absent or null. */
export function sampleValue(sourcePath: string): string | undefined {
  let value: unknown = SAMPLE_EXCHANGE;
  for (const part of sourcePath.trim().split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  if (value === null || value === undefined) {
    return undefined;
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
}
