import { SalesforceApiDouble } from './salesforce-api-double';

/** The double must answer like the real REST API, or the relay's tests prove nothing. */
describe('Salesforce API double', () => {
  const double = new SalesforceApiDouble();
  let token = '';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${double.url}/services/data/v62.0${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) }
    });
  const collections = (records: Record<string, unknown>[]) =>
    api('/composite/sobjects', {
      method: 'POST',
      body: JSON.stringify({
        allOrNone: false,
        records: records.map((r) => ({ attributes: { type: double.objectName }, ...r }))
      })
    });

  beforeAll(async () => {
    await double.start();
    const answer = await fetch(`${double.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: double.clientId,
        client_secret: double.clientSecret
      }).toString()
    });
    token = ((await answer.json()) as { access_token: string }).access_token;
  });
  afterAll(() => double.stop());
  afterEach(() => double.resetFaults());

  it('answers a wrong client secret with the documented invalid_client body', async () => {
    const answer = await fetch(`${double.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: double.clientId,
        client_secret: 'x'
      }).toString()
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });

  it('answers an unknown token with 401 INVALID_SESSION_ID', async () => {
    const answer = await fetch(`${double.url}/services/data/v62.0/limits`, {
      headers: { authorization: 'Bearer nope' }
    });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('accepts a valid event with OPERATION_ENQUEUED and records it with its UUID', async () => {
    const answer = await collections([{ cardbridge__ExchangeId__c: 'exc_1', cardbridge__IsTest__c: true }]);
    const [result] = (await answer.json()) as { success: boolean; errors: { statusCode: string; message: string }[] }[];
    expect(result?.success).toBe(true);
    expect(result?.errors[0]?.statusCode).toBe('OPERATION_ENQUEUED');
    expect(double.eventsFor('exc_1')[0]?.uuid).toBe(result?.errors[0]?.message);
  });

  it('rejects fields outside force-app metadata, too-long values and wrong types per record', async () => {
    const answer = await collections([
      { cardbridge__Nope__c: 'x' },
      { cardbridge__ExchangeId__c: 'y'.repeat(81) },
      { cardbridge__IsTest__c: 'yes' },
      { ExchangeId__c: 'missing namespace' }
    ]);
    const results = (await answer.json()) as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual([
      'INVALID_FIELD',
      'STRING_TOO_LONG',
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      'INVALID_FIELD'
    ]);
    expect(double.events.filter((e) => e.exchangeId === null)).toHaveLength(0);
  });

  it('refuses more than 200 records in one call', async () => {
    const answer = await collections(
      Array.from({ length: 201 }, (_, i) => ({ cardbridge__ExchangeId__c: `exc_${i}` }))
    );
    expect(answer.status).toBe(400);
  });

  it('publishes one event through the single-record endpoint with 201', async () => {
    const answer = await api(`/sobjects/${double.objectName}/`, {
      method: 'POST',
      body: JSON.stringify({ cardbridge__ExchangeId__c: 'exc_single' })
    });
    expect(answer.status).toBe(201);
    expect(double.eventsFor('exc_single')).toHaveLength(1);
  });

  it('injects per-record errors for chosen exchange ids a given number of times', async () => {
    double.failRecords(['exc_lock'], 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access', 1);
    const first = (await (await collections([{ cardbridge__ExchangeId__c: 'exc_lock' }])).json()) as {
      success: boolean;
    }[];
    const second = (await (await collections([{ cardbridge__ExchangeId__c: 'exc_lock' }])).json()) as {
      success: boolean;
    }[];
    expect([first[0]?.success, second[0]?.success]).toEqual([false, true]);
  });

  it('answers 503 with an HTML body in unavailable mode, then recovers', async () => {
    double.faults.unavailable = 1;
    const down = await api('/limits');
    expect([down.status, down.headers.get('content-type')]).toEqual([503, 'text/html']);
    expect((await api('/limits')).status).toBe(200);
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED when the request limit is spent', async () => {
    double.faults.requestLimitExceeded = true;
    const answer = await api('/limits');
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual([
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }
    ]);
  });

  it('describes the event as not createable for a user without the permission set', async () => {
    double.faults.createDenied = true;
    const describe = (await (await api(`/sobjects/${double.objectName}/describe`)).json()) as { createable: boolean };
    expect(describe.createable).toBe(false);
  });

  it('answers 404 NOT_FOUND on describe when the package is missing', async () => {
    double.faults.packageMissing = true;
    const answer = await api(`/sobjects/${double.objectName}/describe`);
    expect(answer.status).toBe(404);
  });

  it('reports remaining API requests and event allocation in limits', async () => {
    const limits = (await (await api('/limits')).json()) as Record<string, { Max: number; Remaining: number }>;
    expect(limits.HourlyPublishedPlatformEvents?.Max).toBe(250000);
    expect(limits.DailyApiRequests?.Remaining).toBeLessThan(limits.DailyApiRequests?.Max ?? 0);
  });
});

describe('Salesforce API double: the package behind the event bus', () => {
  const double = new SalesforceApiDouble();
  let token = '';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${double.url}/services/data/v62.0${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) }
    });
  const publish = (exchangeId: string) =>
    api('/composite/sobjects', {
      method: 'POST',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: double.objectName }, cardbridge__ExchangeId__c: exchangeId }]
      })
    });

  beforeAll(async () => {
    await double.start();
    const answer = await fetch(`${double.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: double.clientId,
        client_secret: double.clientSecret
      }).toString()
    });
    token = ((await answer.json()) as { access_token: string }).access_token;
  });
  afterAll(() => double.stop());
  afterEach(() => double.resetFaults());

  it('writes a Processed row and a Created log with a Lead id for each accepted event, once', async () => {
    await publish('exc_pkg_1');
    await publish('exc_pkg_1');
    const row = double.subscriber.rows.get('exc_pkg_1');
    expect(row).toMatchObject({
      status: 'Processed',
      deliveries: 2,
      logs: [{ status: 'Created', targetObject: 'Lead' }]
    });
  });

  it('writes nothing while the subscriber drops events, and processes held events when it comes back', async () => {
    double.subscriber.mode = 'dropping';
    await publish('exc_pkg_lost');
    double.subscriber.mode = 'suspended';
    await publish('exc_pkg_held');
    expect(double.subscriber.rows.size).toBe(0);
    double.subscriber.comeBack();
    expect([...double.subscriber.rows.keys()]).toEqual(['exc_pkg_held']);
    expect(double.subscriber.dropped).toBe(1);
  });

  it('refuses any query but the receipt query, loudly', async () => {
    const answer = await api(
      `/query?q=${encodeURIComponent('SELECT Id, cardbridge__Payload__c FROM cardbridge__CardReceivedExchange__c')}`
    );
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_QUERY');
    expect(double.refusedQueries).toHaveLength(1);
  });

  it('refuses a receipt query that asks for the payload or an unknown field', async () => {
    for (const field of ['cardbridge__Payload__c', 'cardbridge__Nope__c', 'Status__c']) {
      const soql =
        `SELECT cardbridge__ExchangeId__c, ${field}, (SELECT cardbridge__Status__c FROM cardbridge__ExchangeLogs__r) ` +
        "FROM cardbridge__CardReceivedExchange__c WHERE cardbridge__ExchangeId__c IN ('x')";
      expect((await api(`/query?q=${encodeURIComponent(soql)}`)).status).toBe(400);
    }
    expect(double.refusedQueries).toHaveLength(3);
  });
});
