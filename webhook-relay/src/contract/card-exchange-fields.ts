/**
 * The fields of the `CardExchange__e` platform event as the relay knows them:
 * API name (without namespace), metadata type and maximum length.
 *
 * This table is the relay's single source of truth for event field names and
 * lengths: the webhook schema takes its string limits from here, the event
 * mapping writes exactly these keys, and a contract test pins the table to
 * force-app's field metadata so the two halves cannot drift apart.
 */

export type EventFieldType = 'Text' | 'LongTextArea' | 'DateTime' | 'Checkbox' | 'Number';

export interface EventFieldSpec {
  type: EventFieldType;
  /** Max characters for Text and LongTextArea. */
  length?: number;
  /** Digits for Number fields. */
  precision?: number;
  scale?: number;
}

export const CARD_EXCHANGE_EVENT_OBJECT = 'CardExchange__e';

export const CARD_EXCHANGE_FIELDS = {
  ExchangeId__c: { type: 'Text', length: 80 },
  DeliveryId__c: { type: 'Text', length: 80 },
  AccountId__c: { type: 'Text', length: 80 },
  AccountName__c: { type: 'Text', length: 255 },
  CardId__c: { type: 'Text', length: 80 },
  CardName__c: { type: 'Text', length: 255 },
  CardUrl__c: { type: 'Text', length: 255 },
  CardOwnerEmail__c: { type: 'Text', length: 80 },
  CardOwnerName__c: { type: 'Text', length: 121 },
  CardTags__c: { type: 'LongTextArea', length: 4096 },
  OccurredAt__c: { type: 'DateTime' },
  FirstName__c: { type: 'Text', length: 40 },
  LastName__c: { type: 'Text', length: 80 },
  Email__c: { type: 'Text', length: 80 },
  Phone__c: { type: 'Text', length: 40 },
  MobilePhone__c: { type: 'Text', length: 40 },
  Company__c: { type: 'Text', length: 255 },
  Title__c: { type: 'Text', length: 128 },
  Website__c: { type: 'Text', length: 255 },
  Note__c: { type: 'LongTextArea', length: 32000 },
  Street__c: { type: 'Text', length: 255 },
  City__c: { type: 'Text', length: 40 },
  State__c: { type: 'Text', length: 80 },
  PostalCode__c: { type: 'Text', length: 20 },
  Country__c: { type: 'Text', length: 80 },
  MarketingConsent__c: { type: 'Checkbox' },
  ConsentCapturedAt__c: { type: 'DateTime' },
  ConsentText__c: { type: 'LongTextArea', length: 2000 },
  SourceChannel__c: { type: 'Text', length: 40 },
  SourceUrl__c: { type: 'Text', length: 255 },
  CustomFields__c: { type: 'LongTextArea', length: 32768 },
  PayloadVersion__c: { type: 'Number', precision: 4, scale: 0 },
  IsTest__c: { type: 'Checkbox' }
} as const satisfies Record<string, EventFieldSpec>;

export type CardExchangeFieldName = keyof typeof CARD_EXCHANGE_FIELDS;

type TextFieldName = {
  [K in CardExchangeFieldName]: (typeof CARD_EXCHANGE_FIELDS)[K] extends { length: number } ? K : never;
}[CardExchangeFieldName];

/** The maximum length of a text field of the event. */
export function maxLengthOf(field: TextFieldName): number {
  return CARD_EXCHANGE_FIELDS[field].length;
}
