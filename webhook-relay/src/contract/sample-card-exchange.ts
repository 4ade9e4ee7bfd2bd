/**
 * The "John Doe" sample exchange: what `relay send-test` posts and what tests
 * start from. A valid schema-v1 envelope; `data.test` marks it as a test.
 */
import { randomUUID } from 'node:crypto';
import { CARD_EXCHANGE_EVENT_TYPE } from './card-exchange-envelope';

export interface SampleOptions {
  exchangeId?: string;
  accountId?: string;
  test?: boolean;
  now?: Date;
}

export function sampleCardExchange(options: SampleOptions = {}) {
  const now = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    type: CARD_EXCHANGE_EVENT_TYPE,
    timestamp: now,
    data: {
      exchangeId: options.exchangeId ?? `exc_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      occurredAt: now,
      account: { id: options.accountId ?? 'acc_123', name: 'Acme Events' },
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
      consent: { marketing: true, capturedAt: now, text: 'I agree to receive emails' },
      source: { channel: 'qr', url: 'https://cards.example/jane?src=qr' },
      customFields: { Industry: 'Software', Badge: 1042 },
      test: options.test ?? true
    }
  };
}
