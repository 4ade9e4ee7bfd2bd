/**
 * Realistic card-exchange bodies for load: 1-2 KB, every field varied by a
 * sequence number so no two deliveries are alike, signed like the card platform.
 */
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../webhook-relay/src/ingest/webhook-signature';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';

const FIRST = ['John', 'Amélie', 'Wei', 'Fatima', 'Lars', 'Priya', 'Diego', 'Chiara'];
const LAST = ['Doe', 'Lefèvre', 'Zhang', 'Haddad', 'Nilsson', 'Raman', 'Ortega', 'Bianchi'];

/** Email local parts stay ASCII (the relay checks an email's shape). */
const ascii = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function realisticExchangeBody(seq: number, accountId = 'acc_bench'): string {
  const body = sampleCardExchange({
    exchangeId: `exc_bench_${seq}_${randomUUID().slice(0, 8)}`,
    accountId,
    test: false
  });
  const first = FIRST[seq % FIRST.length] as string;
  const last = LAST[(seq >> 3) % LAST.length] as string;
  Object.assign(body.data.contact, {
    firstName: first,
    lastName: last,
    email: `${ascii(first)}.${ascii(last)}.${seq}@example.com`,
    phone: `+33 1 ${String(10_000_000 + seq).slice(-8)}`,
    company: `Company ${seq % 997}`,
    note: `Met at booth ${seq % 40} during the morning session; interested in a demo of the enterprise plan and pricing for ${seq % 500} seats. Follow up next week.`
  });
  body.data.card.tags = ['events', 'emea', `booth-${seq % 40}`];
  const customFields: Record<string, string | number> = { Industry: 'Software', Badge: seq };
  customFields.Interest = 'Enterprise plan';
  customFields.Seats = seq % 500;
  return JSON.stringify({ ...body, data: { ...body.data, customFields } });
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

export function signedRequest(secret: string, body: string, nowSeconds = Math.floor(Date.now() / 1000)): SignedRequest {
  const id = `msg_${randomUUID()}`;
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(nowSeconds),
      'webhook-signature': signWebhook(secret, id, nowSeconds, body)
    },
    body
  };
}
