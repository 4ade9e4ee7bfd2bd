/**
 * Turns a validated webhook envelope plus its `webhook-id` into the
 * `CardExchange__e` record the publisher sends to Salesforce.
 *
 * Keys are API names without namespace (the publisher adds the prefix of the
 * org's package). Absent values are sent as null so every field is explicit.
 */
import { CARD_EXCHANGE_FIELDS, type CardExchangeFieldName } from './card-exchange-fields';
import type { CardExchangeEnvelope } from './card-exchange-envelope';

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

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object at `path` of a stored payload; a required one that is missing fails the row. */
function storedObject(parent: JsonObject, key: string, path: string): JsonObject {
  const value = parent[key];
  if (!isObject(value)) throw new Error(`stored payload has no object at ${path}`);
  return value;
}

function requireStoredText(parent: JsonObject, key: string, path: string): void {
  const value = parent[key];
  if (typeof value !== 'string' || value === '') throw new Error(`stored payload has no text at ${path}`);
}

/**
 * The event record for a stored outbox row. Its `payload` is the envelope ingest already
 * validated and normalised with the zod schema (trimmed, blanks dropped, defaults filled), so
 * it is not validated again on every publish (a measurable share of the publisher's CPU):
 * only what the mapping needs is checked. A payload that is not JSON or lacks a required
 * field — only a hand-edited database or a bug can cause one — throws, and the publisher
 * dead-letters the row with that reason. Defaults the schema fills (tags, custom fields, the
 * test flag, marketing consent) are filled here too.
 */
export function eventFromStoredPayload(payload: string, webhookId: string): CardExchangeEventRecord {
  // A row whose payload is missing (SQLite keeps payloads in a table of their own) reads as ''.
  if (payload === '') throw new Error('stored payload is missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    throw new Error(`stored payload is not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isObject(parsed)) throw new Error('stored payload is not a JSON object');
  const data = storedObject(parsed, 'data', 'data');
  requireStoredText(data, 'exchangeId', 'data.exchangeId');
  requireStoredText(data, 'occurredAt', 'data.occurredAt');
  requireStoredText(storedObject(data, 'account', 'data.account'), 'id', 'data.account.id');
  const card = storedObject(data, 'card', 'data.card');
  requireStoredText(card, 'id', 'data.card.id');
  const contact = storedObject(data, 'contact', 'data.contact');
  if (contact.address !== undefined && contact.address !== null && !isObject(contact.address)) {
    throw new Error('stored payload has no object at data.contact.address');
  }
  // Freshly parsed, so ours to fill in place.
  if (!Array.isArray(card.tags)) card.tags = [];
  if (isObject(data.consent)) data.consent.marketing = data.consent.marketing === true;
  else data.consent = undefined;
  if (!isObject(data.customFields)) data.customFields = {};
  data.test = data.test === true;
  const envelope = parsed as CardExchangeEnvelope;
  return toCardExchangeEvent(envelope, webhookId);
}

/** Field names the mapping writes, in metadata order; for the publisher's describe checks. */
export const CARD_EXCHANGE_EVENT_FIELD_NAMES = Object.keys(CARD_EXCHANGE_FIELDS) as CardExchangeFieldName[];
