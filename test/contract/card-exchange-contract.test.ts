/**
 * The contract between the relay and the Salesforce package: the relay's
 * field table, its webhook schema and its event mapping must agree with
 * force-app's `CardExchange__e` field metadata (names, types, lengths).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { cardExchangeEnvelopeSchema } from '../../webhook-relay/src/contract/card-exchange-envelope';
import { EVENT_FIELD_SOURCES, toCardExchangeEvent } from '../../webhook-relay/src/contract/card-exchange-event';
import { CARD_EXCHANGE_FIELDS, type EventFieldSpec } from '../../webhook-relay/src/contract/card-exchange-fields';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { sampleWith } from '../support/signed-webhook';

const FIELDS_DIR = path.resolve(__dirname, '../../force-app/main/default/objects/CardExchange__e/fields');

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/** Field specs as force-app's metadata declares them. */
function metadataFields(): Record<string, EventFieldSpec> {
  const fields: Record<string, EventFieldSpec> = {};
  for (const file of readdirSync(FIELDS_DIR).filter((f) => f.endsWith('.field-meta.xml'))) {
    const xml = readFileSync(path.join(FIELDS_DIR, file), 'utf8');
    const name = tag(xml, 'fullName') as string;
    const spec: EventFieldSpec = { type: tag(xml, 'type') as EventFieldSpec['type'] };
    const length = tag(xml, 'length');
    if (length !== undefined) spec.length = Number(length);
    const precision = tag(xml, 'precision');
    if (precision !== undefined) spec.precision = Number(precision);
    const scale = tag(xml, 'scale');
    if (scale !== undefined) spec.scale = Number(scale);
    fields[name] = spec;
  }
  return fields;
}

/** A value of exactly `length` characters that is valid for the field (emails must look like emails). */
function valueOfLength(field: string, length: number): string {
  if (field.endsWith('Email__c')) return `${'a'.repeat(length - '@example.com'.length)}@example.com`;
  return 'x'.repeat(length);
}

const metadata = metadataFields();

describe('CardExchange__e contract between the relay and force-app', () => {
  it('the relay knows exactly the fields the metadata declares', () => {
    expect(Object.keys(CARD_EXCHANGE_FIELDS).sort()).toEqual(Object.keys(metadata).sort());
  });

  it.each(Object.keys(metadata).sort())('%s has the same type and length in the relay and the metadata', (name) => {
    expect(CARD_EXCHANGE_FIELDS[name as keyof typeof CARD_EXCHANGE_FIELDS]).toEqual(metadata[name]);
  });

  it('the event mapping writes every metadata field and nothing else', () => {
    const event = toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(sampleCardExchange()), 'msg_1');
    expect(Object.keys(event).sort()).toEqual(Object.keys(metadata).sort());
  });

  it('every mapped value has the JavaScript type its metadata type needs', () => {
    const event = toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(sampleCardExchange()), 'msg_1');
    for (const [name, spec] of Object.entries(metadata)) {
      const value = event[name as keyof typeof event];
      if (value === null) continue;
      const expected = {
        Text: 'string',
        LongTextArea: 'string',
        DateTime: 'string',
        Checkbox: 'boolean',
        Number: 'number'
      }[spec.type];
      expect({ name, type: typeof value }).toEqual({ name, type: expected });
      if (spec.type === 'DateTime') expect(Number.isNaN(Date.parse(value as string))).toBe(false);
    }
  });

  describe.each(Object.entries(EVENT_FIELD_SOURCES))('%s (from %s)', (field, source) => {
    const max = metadata[field]?.length as number;

    it('accepts a value of exactly the field length and maps it whole', () => {
      const value = valueOfLength(field, max);
      const body = sampleWith({ [source]: value });
      const event = toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(body), 'msg_1');
      expect(event[field as keyof typeof event]).toBe(value);
    });

    it('rejects a value one character longer than the field, at its path', () => {
      const body = sampleWith({ [source]: valueOfLength(field, max + 1) });
      const result = cardExchangeEnvelopeSchema.safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(source);
    });
  });

  it('every text field of the metadata has a length-checked source in the webhook', () => {
    const textFields = Object.entries(metadata)
      .filter(([, spec]) => spec.length !== undefined)
      .map(([name]) => name);
    // These three are built by the relay (webhook id, JSON texts) and checked where they are built.
    const built = ['DeliveryId__c', 'CardTags__c', 'CustomFields__c'];
    expect(textFields.filter((name) => !(name in EVENT_FIELD_SOURCES)).sort()).toEqual(built.sort());
  });

  it('a webhook id of the DeliveryId__c length fits the event', () => {
    const id = 'm'.repeat(metadata.DeliveryId__c?.length as number);
    const event = toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(sampleCardExchange()), id);
    expect(event.DeliveryId__c).toBe(id);
  });

  it('tags and custom fields as large as the schema allows still fit their long text fields', () => {
    const body = sampleWith({
      'data.card.tags': Array.from({ length: 800 }, (_, i) => `t${i}`).filter(
        (_, i, all) => JSON.stringify(all.slice(0, i + 1)).length <= (metadata.CardTags__c?.length as number)
      ),
      'data.customFields': Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(600)]))
    });
    const event = toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(body), 'msg_1');
    expect((event.CardTags__c as string).length).toBeLessThanOrEqual(metadata.CardTags__c?.length as number);
    expect((event.CustomFields__c as string).length).toBeLessThanOrEqual(metadata.CustomFields__c?.length as number);
  });

  it('whatever the schema accepts maps to values that fit every field (property)', () => {
    const sources = Object.entries(EVENT_FIELD_SOURCES);
    // Strings around each limit, with padding and unicode, at every source path.
    const changes = fc.record(
      Object.fromEntries(
        sources.map(([field, source]) => {
          const max = metadata[field]?.length as number;
          const text = fc.string({ unit: 'grapheme', minLength: 0, maxLength: Math.min(max + 3, 300) });
          const padded = fc
            .tuple(fc.constantFrom('', ' ', '  '), text, fc.constantFrom('', ' '))
            .map((p) => p.join(''));
          const value = field.endsWith('Email__c')
            ? padded.map((t) => `${t.replace(/[^a-z]/gi, '') || 'a'}@example.com`)
            : padded;
          return [source, value];
        })
      ),
      { requiredKeys: [] }
    );
    fc.assert(
      fc.property(changes, (picked) => {
        const result = cardExchangeEnvelopeSchema.safeParse(sampleWith(picked));
        if (!result.success) return;
        const event = toCardExchangeEvent(result.data, 'msg_1');
        for (const [name, spec] of Object.entries(metadata)) {
          const value = event[name as keyof typeof event];
          if (spec.length !== undefined && typeof value === 'string') {
            expect({ name, fits: value.length <= spec.length }).toEqual({ name, fits: true });
          }
        }
      }),
      { numRuns: 200 }
    );
  });
});
