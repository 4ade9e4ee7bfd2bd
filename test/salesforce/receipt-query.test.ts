/**
 * Reading receipts from an org (the API double playing the package): the query the relay
 * sends is the one the double accepts, batched 200 ids a query and five queries a call,
 * pages followed, values escaped, and the org's failures come back as values.
 */
import { receiptQuery, soqlString } from '../../webhook-relay/src/salesforce/receipt-query';
import { createSalesforceClient } from '../../webhook-relay/src/salesforce/salesforce-client';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { parseStringList } from '../support/salesforce-api-double/soql-receipts';

describe('receipts read from the org', () => {
  const double = new SalesforceApiDouble();
  const client = () =>
    createSalesforceClient({
      instanceUrl: double.url,
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret },
      timeoutMs: 2000,
      allowedOrigins: [double.url]
    });
  const publish = (ids: string[]) =>
    client().publishEvents(ids.map((id) => ({ ExchangeId__c: id, LastName__c: 'Doe' })));
  const dataCalls = (since: number) => double.calls.slice(since).filter((c) => c.path.startsWith('/services/data/'));

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  afterEach(() => {
    expect(double.refusedQueries).toEqual([]);
    double.resetFaults();
  });

  it('reads the Created outcome and record id the subscriber logged, and nothing for an exchange it never got', async () => {
    await publish(['exc_r1']);
    const answer = await client().readReceipts(['exc_r1', 'exc_never_sent']);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect([...answer.value.receipts.keys()]).toEqual(['exc_r1']);
    const receipt = answer.value.receipts.get('exc_r1');
    expect(receipt).toMatchObject({
      status: 'Processed',
      errorCode: null,
      logs: [{ status: 'Created', targetObject: 'Lead' }]
    });
    expect(receipt?.logs[0]?.recordId).toMatch(/^00Q[A-Za-z0-9]{15}$/);
  });

  it('reads a failed integration with its error code and message', async () => {
    double.subscriber.failExchanges(['exc_r_fail'], 'INSUFFICIENT_ACCESS', 'The run-as user cannot create Lead');
    await publish(['exc_r_fail']);
    const answer = await client().readReceipts(['exc_r_fail']);
    expect(answer.ok && answer.value.receipts.get('exc_r_fail')?.logs).toEqual([
      {
        status: 'Failed',
        recordId: null,
        targetObject: 'Lead',
        errorCode: 'INSUFFICIENT_ACCESS',
        errorMessage: 'The run-as user cannot create Lead'
      }
    ]);
  });

  it('asks at most 200 ids a query and five queries a call: 1,001 exchanges in two calls', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `exc_many_${i}`);
    await publish(ids);
    const before = double.calls.length;
    const queriesBefore = double.queries.length;
    const answer = await client().readReceipts(ids);
    expect(answer.ok && answer.value.receipts.size).toBe(1001);
    expect(answer.ok && answer.value.calls).toBe(2);
    expect(dataCalls(before).map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /services/data/v62.0/composite',
      'POST /services/data/v62.0/composite'
    ]);
    expect(double.queries.slice(queriesBefore).map((q) => q.ids)).toEqual([200, 200, 200, 200, 200, 1]);
  });

  it('follows nextRecordsUrl when the org answers in several pages', async () => {
    const ids = ['exc_page_1', 'exc_page_2', 'exc_page_3'];
    await publish(ids);
    double.queryBatchSize = 1;
    const before = double.calls.length;
    const answer = await client().readReceipts(ids);
    expect(answer.ok && [...answer.value.receipts.keys()].sort()).toEqual(ids);
    expect(dataCalls(before).map((c) => c.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('escapes an id with quotes and backslashes so the query keeps its shape', async () => {
    const odd = 'exc_o\'brien\\x"y';
    await publish([odd]);
    expect(parseStringList(soqlString(odd))).toEqual([odd]);
    const answer = await client().readReceipts([odd]);
    expect(answer.ok && answer.value.receipts.has(odd)).toBe(true);
  });

  it('namespaces every name, including the log relationship', () => {
    expect(receiptQuery('cardbridge', ['exc_1'])).toBe(
      'SELECT cardbridge__ExchangeId__c, cardbridge__Status__c, cardbridge__ErrorCode__c, cardbridge__ErrorMessage__c, ' +
        '(SELECT cardbridge__Status__c, cardbridge__RecordId__c, cardbridge__TargetObject__c, cardbridge__ErrorCode__c, ' +
        'cardbridge__ErrorMessage__c FROM cardbridge__ExchangeLogs__r) FROM cardbridge__CardReceivedExchange__c ' +
        "WHERE cardbridge__ExchangeId__c IN ('exc_1')"
    );
  });

  it('answers the org refusing the query as an error value with its code', async () => {
    double.faults.receiptsDenied = true;
    const answer = await client().readReceipts(['exc_denied']);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('INVALID_TYPE');
  });
});
