import { eventObjectName, loadEventFields, withNamespace } from '../../webhook-relay/src/salesforce/event-metadata';

describe('event metadata from force-app', () => {
  it('reads every CardExchange__e field with its type and length', () => {
    const fields = loadEventFields();
    const exchangeId = fields.find((field) => field.name === 'ExchangeId__c');
    expect(exchangeId).toMatchObject({ type: 'Text', length: 80 });
    expect(fields.find((field) => field.name === 'MarketingConsent__c')?.type).toBe('Checkbox');
    expect(fields.find((field) => field.name === 'PayloadVersion__c')).toMatchObject({ type: 'Number', precision: 4 });
    expect(fields.length).toBeGreaterThanOrEqual(30);
  });

  it('prefixes API names with the namespace', () => {
    expect(eventObjectName('cardbridge')).toBe('cardbridge__CardExchange__e');
    expect(withNamespace('cardbridge', 'ExchangeId__c')).toBe('cardbridge__ExchangeId__c');
  });

  it('adds no prefix when the namespace is empty', () => {
    expect(eventObjectName('')).toBe('CardExchange__e');
    expect(withNamespace('', 'ExchangeId__c')).toBe('ExchangeId__c');
  });
});
