/**
 * Version 1 of the card-exchange webhook body (a Standard Webhooks envelope),
 * as a zod schema: the single source of truth for its shape and its types.
 *
 * Every string limit comes from the platform event field it lands in
 * (`card-exchange-fields.ts`), so whatever passes here fits in Salesforce.
 * Blank optional strings count as absent; unknown keys are dropped.
 */
import { z } from 'zod';
import { maxLengthOf } from './card-exchange-fields';

export const CARD_EXCHANGE_EVENT_TYPE = 'card.exchange.created';
export const MAX_CUSTOM_FIELDS = 50;
/** Longest tag: a tag longer than this is a card-platform bug, not a tag. */
export const MAX_TAG_LENGTH = 255;

const blankToUndefined = (value: unknown): unknown =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const trimmed = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * Length as Salesforce counts it: UTF-16 code units (Apex `String.length()`).
 * zod's `.max()` counts code points, which would let emoji-rich text overflow a field.
 */
const fitsField = (max: number) => (value: string) => value.length <= max;

/** A string that must be present and not blank. */
const requiredText = (max: number) =>
  z.preprocess(
    trimmed,
    z
      .string({ error: 'expected a string' })
      .min(1, { error: 'must not be blank' })
      .refine(fitsField(max), { error: `must be at most ${max} characters` })
  );

/** A string that may be null, absent or blank (all three mean "absent"). */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => trimmed(blankToUndefined(value)),
    z
      .string({ error: 'expected a string' })
      .refine(fitsField(max), { error: `must be at most ${max} characters` })
      .optional()
  );

const optionalEmail = (max: number) =>
  z.preprocess(
    (value) => trimmed(blankToUndefined(value)),
    z
      .email({ error: 'expected an email address' })
      .refine(fitsField(max), { error: `must be at most ${max} characters` })
      .optional()
  );

const dateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a time zone' });
const optionalDateTime = z.preprocess(blankToUndefined, dateTime.optional());

/** Optional object: null means absent. */
const optionalObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional());

const tagsSchema = z
  .array(requiredText(MAX_TAG_LENGTH), { error: 'expected a list of strings' })
  .refine((tags) => JSON.stringify(tags).length <= maxLengthOf('CardTags__c'), {
    error: `tags must fit in ${maxLengthOf('CardTags__c')} characters as JSON`
  });

const customFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null'
});

const customFieldsSchema = z
  .record(z.string(), customFieldValue)
  .refine((fields) => Object.keys(fields).length <= MAX_CUSTOM_FIELDS, {
    error: `at most ${MAX_CUSTOM_FIELDS} custom fields`
  })
  .refine((fields) => JSON.stringify(fields).length <= maxLengthOf('CustomFields__c'), {
    error: `custom fields must fit in ${maxLengthOf('CustomFields__c')} characters as JSON`
  });

const contactSchema = z
  .object({
    firstName: optionalText(maxLengthOf('FirstName__c')),
    lastName: optionalText(maxLengthOf('LastName__c')),
    email: optionalEmail(maxLengthOf('Email__c')),
    phone: optionalText(maxLengthOf('Phone__c')),
    mobilePhone: optionalText(maxLengthOf('MobilePhone__c')),
    company: optionalText(maxLengthOf('Company__c')),
    title: optionalText(maxLengthOf('Title__c')),
    website: optionalText(maxLengthOf('Website__c')),
    note: optionalText(maxLengthOf('Note__c')),
    address: optionalObject(
      z.object({
        street: optionalText(maxLengthOf('Street__c')),
        city: optionalText(maxLengthOf('City__c')),
        state: optionalText(maxLengthOf('State__c')),
        postalCode: optionalText(maxLengthOf('PostalCode__c')),
        country: optionalText(maxLengthOf('Country__c'))
      })
    )
  })
  .refine((c) => c.firstName !== undefined || c.lastName !== undefined || c.email !== undefined, {
    error: 'needs at least one of firstName, lastName, email'
  });

export const cardExchangeDataSchema = z.object({
  exchangeId: requiredText(maxLengthOf('ExchangeId__c')),
  occurredAt: dateTime,
  account: z.object({
    id: requiredText(maxLengthOf('AccountId__c')),
    name: optionalText(maxLengthOf('AccountName__c'))
  }),
  card: z.object({
    id: requiredText(maxLengthOf('CardId__c')),
    name: optionalText(maxLengthOf('CardName__c')),
    url: optionalText(maxLengthOf('CardUrl__c')),
    owner: optionalObject(
      z.object({
        email: optionalEmail(maxLengthOf('CardOwnerEmail__c')),
        name: optionalText(maxLengthOf('CardOwnerName__c'))
      })
    ),
    tags: z.preprocess((v) => (v === null ? undefined : v), tagsSchema.default([]))
  }),
  contact: contactSchema,
  consent: optionalObject(
    z.object({
      marketing: z.preprocess(
        (v) => (v === null ? undefined : v),
        z.boolean({ error: 'expected true or false' }).default(false)
      ),
      capturedAt: optionalDateTime,
      text: optionalText(maxLengthOf('ConsentText__c'))
    })
  ),
  source: optionalObject(
    z.object({
      channel: optionalText(maxLengthOf('SourceChannel__c')),
      url: optionalText(maxLengthOf('SourceUrl__c'))
    })
  ),
  customFields: z.preprocess((v) => (v === null ? undefined : v), customFieldsSchema.default({})),
  /** Marks a test exchange (the relay's send-test, the setup assistant). */
  test: z.preprocess((v) => (v === null ? undefined : v), z.boolean({ error: 'expected true or false' }).default(false))
});

export const cardExchangeEnvelopeSchema = z.object({
  type: z.literal(CARD_EXCHANGE_EVENT_TYPE, {
    error: `unsupported event type; expected "${CARD_EXCHANGE_EVENT_TYPE}"`
  }),
  timestamp: dateTime,
  data: cardExchangeDataSchema
});

export type CardExchangeEnvelope = z.infer<typeof cardExchangeEnvelopeSchema>;
export type CardExchangeData = z.infer<typeof cardExchangeDataSchema>;
