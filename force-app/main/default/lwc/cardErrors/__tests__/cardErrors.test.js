import { reduceErrors } from 'c/cardErrors';

describe('c-card-errors reduceErrors', () => {
  it('reads the message of an AuraHandledException from Apex', () => {
    expect(reduceErrors({ body: { message: 'Choose a default owner for a fixed-owner integration.' } })).toEqual([
      'Choose a default owner for a fixed-owner integration.'
    ]);
  });

  it('reads every page and field error of a failed DML', () => {
    const error = {
      body: {
        pageErrors: [{ message: 'Insufficient access' }],
        fieldErrors: { Name: [{ message: 'Name is required' }], LeadSource__c: [{ message: 'Too long' }] }
      }
    };
    expect(reduceErrors(error)).toEqual(['Insufficient access', 'Name is required', 'Too long']);
  });

  it('reads UI API output errors and lists of wire errors', () => {
    expect(reduceErrors({ body: { output: { errors: [{ message: 'Bad value for Status' }] } } })).toEqual([
      'Bad value for Status'
    ]);
    expect(reduceErrors({ body: [{ message: 'First' }, { message: 'Second' }] })).toEqual(['First', 'Second']);
  });

  it('falls back to a JavaScript error message, a status text or a plain string', () => {
    expect(reduceErrors(new TypeError('x is undefined'))).toEqual(['x is undefined']);
    expect(reduceErrors({ statusText: 'Service Unavailable' })).toEqual(['Service Unavailable']);
    expect(reduceErrors('Plain words')).toEqual(['Plain words']);
  });

  it('keeps each message once, in order, and ignores empty errors', () => {
    const same = { body: { message: 'Same' } };
    expect(reduceErrors([same, null, undefined, same, { body: { message: 'Other' } }])).toEqual(['Same', 'Other']);
    expect(reduceErrors(null)).toEqual([]);
  });
});
