/**
 * Shared pieces of the publisher tests: a real SQLite outbox in memory, stored
 * exchanges with valid envelopes, a connection pointing at an API double, and
 * a wait that polls the store until a condition holds.
 */
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import type { NewExchange, OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import type { PublisherConnection } from '../../webhook-relay/src/publish/create-publisher';
import type { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

export function memoryStore(): SqliteOutboxStore {
  return new SqliteOutboxStore({ filename: ':memory:' });
}

let sequence = 0;

export function storedExchange(overrides: Partial<NewExchange> & { lastName?: string } = {}): NewExchange {
  sequence += 1;
  const exchangeId = overrides.exchangeId ?? `exc_${sequence}`;
  const accountId = overrides.accountId ?? 'acc_1';
  const envelope = {
    type: 'card.exchange.created',
    timestamp: '2026-11-25T10:00:00Z',
    data: {
      exchangeId,
      occurredAt: '2026-11-25T09:59:58Z',
      account: { id: accountId, name: 'Acme Events' },
      card: { id: 'card_42', name: 'Jane Smith - Sales', tags: ['events'] },
      contact: { firstName: 'John', lastName: overrides.lastName ?? 'Doe', email: 'john.doe@example.com' },
      consent: { marketing: true },
      customFields: { Badge: 1042 }
    }
  };
  const { lastName: _lastName, ...rest } = overrides;
  return {
    webhookId: `msg_${sequence}`,
    exchangeId,
    accountId,
    bodyHash: `hash_${sequence}`,
    payload: JSON.stringify(envelope),
    receivedAt: Date.now(),
    connectionId: 'org_a',
    ...rest
  };
}

export async function insertMany(store: OutboxStore, exchanges: NewExchange[]): Promise<void> {
  await Promise.all(exchanges.map((exchange) => store.insert(exchange)));
}

export function connectionTo(
  double: SalesforceApiDouble,
  overrides: Partial<PublisherConnection> & { timeoutMs?: number } = {}
): PublisherConnection {
  const { timeoutMs, ...rest } = overrides;
  return {
    id: 'org_a',
    name: 'Acme org',
    accountIds: null,
    org: {
      instanceUrl: double.url,
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret },
      timeoutMs: timeoutMs ?? 2_000,
      // The double listens on 127.0.0.1: trusted here as a configured connection's own URL would be.
      allowedOrigins: [double.url]
    },
    ...rest
  };
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Fast timings so a test sees retries and probes in milliseconds. */
export const FAST = {
  pollIntervalMs: 20,
  retry: { baseMs: 10, capMs: 50 },
  pause: { baseMs: 30, capMs: 100 }
};
