import { eventFromStoredPayload } from '../../../webhook-relay/src/contract/card-exchange-event';
import { sampleCardExchange } from '../../../webhook-relay/src/contract/sample-card-exchange';
import { loadEventFields, type EventField } from '../../../webhook-relay/src/salesforce/event-metadata';
import { namespacedRecords } from '../../../webhook-relay/src/salesforce/namespaced-record';
import { validateEventRecord } from './validate-event-record';

/** The double's record check is the judge of what the relay publishes: it must refuse what an org refuses. */
describe('validateEventRecord', () => {
  const fields = loadEventFields();
  const fieldOfType = (type: EventField['type']) => {
    const found = fields.find((field) => field.type === type);
    if (!found) throw new Error(`CardExchange__e has no ${type} field`);
    return found;
  };
  /** A record as the relay publishes it: every field under the namespace, with `attributes`. */
  const recordUnder = (namespace: string): Record<string, unknown> => ({
    attributes: { type: `${namespace ? `${namespace}__` : ''}CardExchange__e` },
    ...namespacedRecords(namespace)(
      eventFromStoredPayload(JSON.stringify(sampleCardExchange({ exchangeId: 'exc_check' })), 'wh_check')
    )
  });

  it('accepts the record the relay builds, under the namespace and without one', () => {
    expect(validateEventRecord(recordUnder('cardbridge'), fields, 'cardbridge')).toBeNull();
    expect(validateEventRecord(recordUnder(''), fields, '')).toBeNull();
  });

  it('refuses a field of the package written without the namespace prefix', () => {
    const record = { ...recordUnder('cardbridge'), ExchangeId__c: 'exc_check' };
    expect(validateEventRecord(record, fields, 'cardbridge')).toEqual({
      statusCode: 'INVALID_FIELD',
      message: "No such column 'ExchangeId__c' on sobject",
      fields: ['ExchangeId__c']
    });
  });

  it('refuses a prefixed name where the package has no namespace, a doubled prefix and an unknown field', () => {
    expect(validateEventRecord({ cardbridge__ExchangeId__c: 'exc_check' }, fields, '')?.statusCode).toBe(
      'INVALID_FIELD'
    );
    const doubled = { ...recordUnder('cardbridge'), cardbridge__cardbridge__ExchangeId__c: 'x' };
    expect(validateEventRecord(doubled, fields, 'cardbridge')?.fields).toEqual([
      'cardbridge__cardbridge__ExchangeId__c'
    ]);
    const unknown = { ...recordUnder('cardbridge'), cardbridge__Shoe__c: '42' };
    expect(validateEventRecord(unknown, fields, 'cardbridge')?.fields).toEqual(['cardbridge__Shoe__c']);
  });

  it('names a required field that is missing or null', () => {
    // CardExchange__e has no required field today: a field list with one stands for a package that would.
    const withRequired: EventField[] = [
      ...fields,
      { name: 'Required__c', type: 'Text', length: 10, precision: null, scale: null, required: true }
    ];
    const record = recordUnder('cardbridge');
    expect(validateEventRecord(record, withRequired, 'cardbridge')).toEqual({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [cardbridge__Required__c]',
      fields: ['cardbridge__Required__c']
    });
    expect(
      validateEventRecord({ ...record, cardbridge__Required__c: null }, withRequired, 'cardbridge')?.statusCode
    ).toBe('REQUIRED_FIELD_MISSING');
    expect(validateEventRecord({ ...record, cardbridge__Required__c: 'here' }, withRequired, 'cardbridge')).toBeNull();
    // Only the record's own properties count, as in a parsed request body.
    const inherited = Object.assign(Object.create({ cardbridge__Required__c: 'inherited' }) as object, record);
    expect(validateEventRecord(inherited, withRequired, 'cardbridge')?.statusCode).toBe('REQUIRED_FIELD_MISSING');
    // The package's own list still has no such field.
    expect(validateEventRecord(record, fields, 'cardbridge')).toBeNull();
  });

  it('refuses a value of the wrong type and a text longer than its field', () => {
    const checkbox = fieldOfType('Checkbox');
    const wrongType = { ...recordUnder('cardbridge'), [`cardbridge__${checkbox.name}`]: 'yes' };
    expect(validateEventRecord(wrongType, fields, 'cardbridge')).toEqual({
      statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
      message: `${checkbox.name}: value not of required type: boolean`,
      fields: [`cardbridge__${checkbox.name}`]
    });

    const text = fields.find((field) => field.type === 'Text' && field.length !== null) as EventField;
    const tooLong = { ...recordUnder('cardbridge'), [`cardbridge__${text.name}`]: 'x'.repeat((text.length ?? 0) + 1) };
    expect(validateEventRecord(tooLong, fields, 'cardbridge')).toMatchObject({
      statusCode: 'STRING_TOO_LONG',
      fields: [`cardbridge__${text.name}`]
    });
  });

  it('checks each namespace against its own names when one field list serves two', () => {
    expect(validateEventRecord(recordUnder('cardbridge'), fields, 'cardbridge')).toBeNull();
    expect(validateEventRecord(recordUnder('acme'), fields, 'acme')).toBeNull();
    expect(validateEventRecord(recordUnder('acme'), fields, 'cardbridge')?.statusCode).toBe('INVALID_FIELD');
  });
});
