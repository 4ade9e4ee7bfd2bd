/**
 * Turns a validated webhook envelope plus its `webhook-id` into the
 * `CardExchange__e` record the publisher sends to Salesforce.
 *
 * Keys are API names without namespace (the publisher adds the prefix of the
 * org's package). Absent values are sent as null so every field is explicit.
 */
import { CARD_EXCHANGE_FIELDS, type CardExchangeFieldName } from './card-exchange-fields';
import { cardExchangeEnvelopeSchema, type CardExchangeEnvelope } from './card-exchange-envelope';

/** Bumped when the meaning of an event field changes; subscribers branch on it. */
export const PAYLOAD_VERSION = 1;

export type CardExchangeEventRecord = Record<CardExchangeFieldName, string | number | boolean | null>;

/**
 * Where each text field of the event comes from in the webhook body. Tests use
 * it to prove that the schema enforces every field's length at its source.
 */
export const EVENT_FIELD_SOURCES = {
  ExchangeId__c: 'data.exchangeId',
  AccountId__c: 'data.account.id',
  AccountName__c: 'data.account.name',
  CardId__c: 'data.card.id',
  CardName__c: 'data.card.name',
  CardUrl__c: 'data.card.url',
  CardOwnerEmail__c: 'data.card.owner.email',
  CardOwnerName__c: 'data.card.owner.name',
  FirstName__c: 'data.contact.firstName',
  LastName__c: 'data.contact.lastName',
  Email__c: 'data.contact.email',
  Phone__c: 'data.contact.phone',
  MobilePhone__c: 'data.contact.mobilePhone',
  Company__c: 'data.contact.company',
  Title__c: 'data.contact.title',
  Website__c: 'data.contact.website',
  Note__c: 'data.contact.note',
  Street__c: 'data.contact.address.street',
  City__c: 'data.contact.address.city',
  State__c: 'data.contact.address.state',
  PostalCode__c: 'data.contact.address.postalCode',
  Country__c: 'data.contact.address.country',
  ConsentText__c: 'data.consent.text',
  SourceChannel__c: 'data.source.channel',
  SourceUrl__c: 'data.source.url'
} as const satisfies Partial<Record<CardExchangeFieldName, string>>;

export function toCardExchangeEvent(envelope: CardExchangeEnvelope, webhookId: string): CardExchangeEventRecord {
  const { data } = envelope;
  const contact = data.contact;
  const address = contact.address;
  const record: CardExchangeEventRecord = {
    ExchangeId__c: data.exchangeId,
    DeliveryId__c: webhookId,
    AccountId__c: data.account.id,
    AccountName__c: data.account.name ?? null,
    CardId__c: data.card.id,
    CardName__c: data.card.name ?? null,
    CardUrl__c: data.card.url ?? null,
    CardOwnerEmail__c: data.card.owner?.email ?? null,
    CardOwnerName__c: data.card.owner?.name ?? null,
    CardTags__c: JSON.stringify(data.card.tags),
    OccurredAt__c: data.occurredAt,
    FirstName__c: contact.firstName ?? null,
    LastName__c: contact.lastName ?? null,
    Email__c: contact.email ?? null,
    Phone__c: contact.phone ?? null,
    MobilePhone__c: contact.mobilePhone ?? null,
    Company__c: contact.company ?? null,
    Title__c: contact.title ?? null,
    Website__c: contact.website ?? null,
    Note__c: contact.note ?? null,
    Street__c: address?.street ?? null,
    City__c: address?.city ?? null,
    State__c: address?.state ?? null,
    PostalCode__c: address?.postalCode ?? null,
    Country__c: address?.country ?? null,
    MarketingConsent__c: data.consent?.marketing ?? false,
    ConsentCapturedAt__c: data.consent?.capturedAt ?? null,
    ConsentText__c: data.consent?.text ?? null,
    SourceChannel__c: data.source?.channel ?? null,
    SourceUrl__c: data.source?.url ?? null,
    CustomFields__c: JSON.stringify(data.customFields),
    PayloadVersion__c: PAYLOAD_VERSION,
    IsTest__c: data.test
  };
  return record;
}

/**
 * The event record for a stored outbox row (its `payload` is the normalised
 * envelope ingest validated). Throws if the payload no longer validates, which
 * only a hand-edited database can cause: the publisher dead-letters such a row.
 */
export function eventFromStoredPayload(payload: string, webhookId: string): CardExchangeEventRecord {
  const envelope = cardExchangeEnvelopeSchema.parse(JSON.parse(payload));
  return toCardExchangeEvent(envelope, webhookId);
}

/** Field names the mapping writes, in metadata order; for the publisher's describe checks. */
export const CARD_EXCHANGE_EVENT_FIELD_NAMES = Object.keys(CARD_EXCHANGE_FIELDS) as CardExchangeFieldName[];
