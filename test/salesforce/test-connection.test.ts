import { createSalesforceClient } from '../../webhook-relay/src/salesforce/salesforce-client';
import { testConnection } from '../../webhook-relay/src/salesforce/test-connection';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

describe('testing an org connection ("Connect")', () => {
  const double = new SalesforceApiDouble();
  const check = (auth: { clientId?: string; clientSecret?: string } = {}, instanceUrl?: string, allowed?: string[]) =>
    testConnection(
      createSalesforceClient({
        instanceUrl: instanceUrl ?? double.url,
        auth: {
          flow: 'client_credentials',
          clientId: auth.clientId ?? double.clientId,
          clientSecret: auth.clientSecret ?? double.clientSecret
        },
        timeoutMs: 1000,
        allowedOrigins: allowed ?? [double.url]
      })
    );

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  afterEach(() => double.resetFaults());

  it('says the org is connected when a token, the event and create access are all there', async () => {
    expect(await check()).toMatchObject({ ok: true, step: 'done', code: 'ok' });
  });

  it('tells the admin to use My Domain when the generic login domain refuses the flow', async () => {
    double.actAsGenericLoginDomain();
    const result = await check();
    expect(result).toMatchObject({ ok: false, step: 'token', code: 'wrong_domain' });
    expect(result.hint).toContain('My Domain');
  });

  it('names a wrong consumer key and mentions the 10 minute activation delay', async () => {
    const result = await check({ clientId: 'unknown-key' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_client_id' });
    expect(result.hint).toContain('10 minutes');
  });

  it('names a wrong consumer secret', async () => {
    expect(await check({ clientSecret: 'nope' })).toMatchObject({ ok: false, code: 'invalid_client_secret' });
  });

  it('says the package is not installed when the event object is missing', async () => {
    double.faults.packageMissing = true;
    const result = await check();
    expect(result).toMatchObject({ ok: false, step: 'describe', code: 'package_missing' });
    expect(result.hint).toContain('Install the Cardbridge package');
  });

  it('says the integration user lacks the permission set when the event is not createable', async () => {
    double.faults.createDenied = true;
    const result = await check();
    expect(result).toMatchObject({ ok: false, step: 'permission', code: 'not_createable' });
    expect(result.hint).toContain('permission set');
  });

  it('says the host is unreachable when nothing answers', async () => {
    expect(await check({}, 'http://127.0.0.1:9', ['http://127.0.0.1:9'])).toMatchObject({
      ok: false,
      step: 'token',
      code: 'unreachable'
    });
  });

  it('says a URL that is not a Salesforce host is refused, without sending anything there', async () => {
    expect(await check({}, 'http://127.0.0.1:9', [])).toMatchObject({
      ok: false,
      step: 'token',
      code: 'host_not_allowed'
    });
  });
});
