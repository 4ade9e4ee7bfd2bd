/**
 * The "John Doe" sample exchange the package sends as a test and maps in the editor's preview, as the webhook
 * contract shapes it; source paths such as `contact.email` or `customFields.Industry` are read from it.
 */
export const SAMPLE_EXCHANGE = {
  exchangeId: 'exc_sample',
  occurredAt: '2026-11-25T09:59:58Z',
  account: { id: 'acc_123', name: 'Acme Events' },
  card: {
    id: 'card_42',
    name: 'Jane Smith - Sales',
    url: 'https://cards.example/jane',
    owner: { email: 'jane@acme.example', name: 'Jane Smith' },
    tags: ['events', 'emea']
  },
  contact: {
    firstName: 'John',
    lastName: 'Doe',
    email: 'john.doe@example.com',
    phone: '+1 415 555 0100',
    mobilePhone: null,
    company: 'Example Inc',
    title: 'CTO',
    website: 'https://example.com',
    note: 'Met at the booth',
    address: { street: '1 Main St', city: 'Paris', state: null, postalCode: '75001', country: 'FR' }
  },
  consent: { marketing: true, capturedAt: '2026-11-25T09:59:58Z', text: 'I agree to receive emails' },
  source: { channel: 'qr', url: 'https://cards.example/jane?src=qr' },
  customFields: { Industry: 'Software', Badge: 1042 } as Record<string, unknown>
};

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
