import { namespacedRecords } from '../../webhook-relay/src/salesforce/namespaced-record';

describe('namespaced event records', () => {
  it('gives every field its API name under the namespace, values and order kept', () => {
    const apply = namespacedRecords('cardbridge');
    const record = apply({ ExchangeId__c: 'exc_1', IsTest__c: false, Note__c: null, PayloadVersion__c: 1 });
    expect(Object.entries(record)).toEqual([
      ['cardbridge__ExchangeId__c', 'exc_1'],
      ['cardbridge__IsTest__c', false],
      ['cardbridge__Note__c', null],
      ['cardbridge__PayloadVersion__c', 1]
    ]);
  });

  it('leaves names as they are without a namespace', () => {
    expect(namespacedRecords('')({ LastName__c: 'Doe' })).toEqual({ LastName__c: 'Doe' });
  });

  it('makes a new record for each event, so one changed does not change the next', () => {
    const apply = namespacedRecords('ns');
    const first = apply({ A__c: 'a' });
    first['ns__A__c'] = 'changed';
    expect(apply({ A__c: 'b' })).toEqual({ ns__A__c: 'b' });
  });

  it('follows a change of fields: none left over from the last event, new ones added', () => {
    const apply = namespacedRecords('ns');
    apply({ A__c: 'a', B__c: 'b' });
    expect(apply({ C__c: 'c' })).toEqual({ ns__C__c: 'c' });
    expect(apply({ B__c: 'b', A__c: 'a' })).toEqual({ ns__B__c: 'b', ns__A__c: 'a' });
    expect(Object.keys(apply({ B__c: 'b', A__c: 'a' }))).toEqual(['ns__B__c', 'ns__A__c']);
  });
});
