/**
 * What the outbox stores for one validated card exchange: its ids, the hash of the body it
 * came in (which tells a retry from a reused webhook id) and the normalised envelope that
 * gets published. Ingest stores webhooks with it, and the console its test exchange.
 */
import { createHash } from 'node:crypto';
import type { CardExchangeEnvelope } from '../contract/card-exchange-envelope';
import type { NewExchange } from '../store/outbox-store';

export function storedExchangeOf(input: {
  webhookId: string;
  envelope: CardExchangeEnvelope;
  /** The raw body the exchange arrived in. */
  body: string | Buffer;
  receivedAt: number;
  connectionId: string | null;
}): NewExchange {
  return {
    webhookId: input.webhookId,
    exchangeId: input.envelope.data.exchangeId,
    accountId: input.envelope.data.account.id,
    bodyHash: createHash('sha256').update(input.body).digest('hex'),
    payload: JSON.stringify(input.envelope),
    receivedAt: input.receivedAt,
    connectionId: input.connectionId
  };
}
