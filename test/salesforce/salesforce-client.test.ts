import { generateKeyPairSync } from 'node:crypto';
import { createSalesforceClient } from '../../webhook-relay/src/salesforce/salesforce-client';
import { startAuthorization, exchangeAuthorizationCode } from '../../webhook-relay/src/salesforce/web-server-flow';
import { startAttackerHost, type AttackerHost } from '../support/attacker-host';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

const event = (exchangeId: string, extra: Record<string, string | number | boolean | null> = {}) => ({
  ExchangeId__c: exchangeId,
  LastName__c: 'Doe',
  ...extra
});

describe('Salesforce client against the API double', () => {
  const double = new SalesforceApiDouble();
  const clientFor = (overrides: Partial<Parameters<typeof createSalesforceClient>[0]> = {}) =>
    createSalesforceClient({
      instanceUrl: double.url,
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: double.clientSecret },
      timeoutMs: 2000,
      allowedOrigins: [double.url],
      ...overrides
    });

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  afterEach(() => double.resetFaults());

  it('publishes with client credentials and keeps the event UUID of each record', async () => {
    const outcome = await clientFor().publishEvents([event('exc_a'), event('exc_b')]);
    expect(outcome.failure).toBeNull();
    const uuids = outcome.results.map((result) => (result.ok ? result.eventUuid : null));
    expect(uuids).toEqual([double.eventsFor('exc_a')[0]?.uuid, double.eventsFor('exc_b')[0]?.uuid]);
    expect(uuids.every((uuid) => typeof uuid === 'string' && uuid.length === 36)).toBe(true);
  });

  it('sends namespaced API names the package metadata knows', async () => {
    await clientFor().publishEvents([event('exc_ns', { MarketingConsent__c: true })]);
    expect(double.eventsFor('exc_ns')[0]?.fields).toMatchObject({ ExchangeId__c: 'exc_ns', MarketingConsent__c: true });
  });

  it('re-authorizes once and retries when the session expires', async () => {
    const client = clientFor();
    await client.publishEvents([event('exc_before')]);
    const tokensBefore = double.tokensIssued;
    double.revokeTokens();
    const outcome = await client.publishEvents([event('exc_after_revoke')]);
    expect(outcome.failure).toBeNull();
    expect(double.tokensIssued).toBe(tokensBefore + 1);
    expect(double.eventsFor('exc_after_revoke')).toHaveLength(1);
  });

  it('splits more than 200 events into calls of at most 200, results in order', async () => {
    const records = Array.from({ length: 450 }, (_, i) => event(`exc_bulk_${i}`));
    const callsBefore = double.calls.length;
    const outcome = await clientFor().publishEvents(records);
    const publishCalls = double.calls.slice(callsBefore).filter((call) => call.path.endsWith('/composite/sobjects'));
    expect(publishCalls.map((call) => call.records)).toEqual([200, 200, 50]);
    expect(outcome.results).toHaveLength(450);
    const last = outcome.results[449];
    expect(last?.ok && last.eventUuid).toBe(double.eventsFor('exc_bulk_449')[0]?.uuid);
  });

  it('reports a too-long value as an invalid record and still publishes the rest', async () => {
    const outcome = await clientFor().publishEvents([
      event('exc_long', { LastName__c: 'x'.repeat(500) }),
      event('exc_fine')
    ]);
    expect(outcome.results[0]).toMatchObject({ ok: false, error: { kind: 'invalid_record', code: 'STRING_TOO_LONG' } });
    expect(outcome.results[1]?.ok).toBe(true);
  });

  it('reports a field the package does not have as INVALID_FIELD', async () => {
    const outcome = await clientFor().publishEvents([event('exc_unknown', { Shoe__c: '42' })]);
    expect(outcome.results[0]).toMatchObject({ ok: false, error: { kind: 'invalid_record', code: 'INVALID_FIELD' } });
  });

  it('classifies a non-JSON 503 as transient', async () => {
    double.faults.unavailable = 1;
    const outcome = await clientFor().publishEvents([event('exc_503')]);
    expect(outcome.failure).toMatchObject({ kind: 'transient', code: 'ERROR_HTTP_503' });
  });

  it('classifies REQUEST_LIMIT_EXCEEDED as throttled', async () => {
    double.faults.requestLimitExceeded = true;
    const outcome = await clientFor().publishEvents([event('exc_limit')]);
    expect(outcome.failure).toMatchObject({ kind: 'throttled', code: 'REQUEST_LIMIT_EXCEEDED' });
  });

  it('classifies a hung org as unreachable after the call timeout', async () => {
    double.faults.hang = true;
    const outcome = await clientFor({ timeoutMs: 300 }).publishEvents([event('exc_hang')]);
    expect(outcome.failure).toMatchObject({ kind: 'unreachable', code: 'TIMEOUT' });
  });

  it('classifies a refused connection as unreachable', async () => {
    const outcome = await clientFor({
      instanceUrl: 'http://127.0.0.1:9',
      allowedOrigins: ['http://127.0.0.1:9']
    }).publishEvents([event('exc_refused')]);
    expect(outcome.failure?.kind).toBe('unreachable');
  });

  it('answers auth_failed for a wrong client secret', async () => {
    const client = clientFor({
      auth: { flow: 'client_credentials', clientId: double.clientId, clientSecret: 'wrong' }
    });
    const outcome = await client.publishEvents([event('exc_badsecret')]);
    expect(outcome.failure).toMatchObject({ kind: 'auth_failed', code: 'invalid_client' });
  });

  it('answers package_missing when the event object does not exist', async () => {
    double.faults.packageMissing = true;
    const describe = await clientFor().describeEvent();
    expect(describe).toMatchObject({ ok: false, error: { kind: 'package_missing' } });
  });

  it('signs in with the JWT bearer flow', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const audience = 'https://login.salesforce.com';
    double.trustJwt({
      clientId: 'jwt-app',
      username: 'integration@acme.example',
      audience,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString()
    });
    const client = clientFor({
      auth: {
        flow: 'jwt',
        clientId: 'jwt-app',
        username: 'integration@acme.example',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        loginUrl: audience
      }
    });
    expect((await client.authorize()).ok).toBe(true);
    expect((await client.publishEvents([event('exc_jwt')])).failure).toBeNull();
  });

  it('refuses a JWT signed with a key the app does not trust', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = clientFor({
      auth: {
        flow: 'jwt',
        clientId: 'jwt-app',
        username: 'integration@acme.example',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      }
    });
    expect(await client.authorize()).toMatchObject({
      ok: false,
      error: { kind: 'auth_failed', code: 'invalid_grant' }
    });
  });

  it('completes the web-server flow with PKCE and publishes with the refresh token', async () => {
    const redirectUri = 'http://127.0.0.1:8787/oauth/callback';
    const start = startAuthorization({ loginUrl: double.url, clientId: double.clientId, redirectUri });
    const authorizeUrl = new URL(start.url);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('state')).toBe(start.state);
    const code = double.issueAuthorizationCode({
      clientId: double.clientId,
      redirectUri,
      codeChallenge: authorizeUrl.searchParams.get('code_challenge') ?? ''
    });
    const exchanged = await exchangeAuthorizationCode({
      loginUrl: double.url,
      clientId: double.clientId,
      clientSecret: double.clientSecret,
      redirectUri,
      code,
      codeVerifier: start.codeVerifier,
      allowedOrigins: [double.url]
    });
    if (!exchanged.ok) throw new Error(`code exchange failed: ${exchanged.error.code}`);
    expect(exchanged.token.refreshToken).toEqual(expect.any(String));
    const client = clientFor({
      auth: {
        flow: 'web_server',
        clientId: double.clientId,
        clientSecret: double.clientSecret,
        refreshToken: exchanged.token.refreshToken ?? ''
      }
    });
    double.revokeTokens();
    expect((await client.publishEvents([event('exc_refresh')])).failure).toBeNull();
  });

  it('says the web-server flow is not finished when a connection has no refresh token yet', async () => {
    const client = clientFor({ auth: { flow: 'web_server', clientId: double.clientId } });
    expect(await client.authorize()).toMatchObject({
      ok: false,
      error: { kind: 'auth_failed', code: 'NO_REFRESH_TOKEN' }
    });
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const redirectUri = 'http://127.0.0.1:8787/oauth/callback';
    const start = startAuthorization({ loginUrl: double.url, clientId: double.clientId, redirectUri });
    const code = double.issueAuthorizationCode({
      clientId: double.clientId,
      redirectUri,
      codeChallenge: new URL(start.url).searchParams.get('code_challenge') ?? ''
    });
    const exchanged = await exchangeAuthorizationCode({
      loginUrl: double.url,
      clientId: double.clientId,
      clientSecret: double.clientSecret,
      redirectUri,
      code,
      codeVerifier: 'not-the-verifier',
      allowedOrigins: [double.url]
    });
    expect(exchanged).toMatchObject({ ok: false, error: { code: 'invalid_grant' } });
  });

  describe('credentials and tokens go to Salesforce only', () => {
    let attacker: AttackerHost;
    beforeEach(async () => {
      attacker = await startAttackerHost();
    });
    afterEach(() => attacker.stop());

    it('sends no secret to a login URL that is not a Salesforce host', async () => {
      const client = clientFor({ instanceUrl: attacker.url, allowedOrigins: [] });
      expect(await client.authorize()).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
      expect((await client.publishEvents([event('exc_ssrf_login')])).failure).toMatchObject({
        code: 'HOST_NOT_ALLOWED'
      });
      expect(attacker.received).toEqual([]);
    });

    it('refuses a token answer whose instance_url is another host, and sends the access token nowhere', async () => {
      double.faults.instanceUrl = attacker.url;
      const outcome = await clientFor().publishEvents([event('exc_ssrf_instance')]);
      expect(outcome.failure).toMatchObject({ kind: 'auth_failed', code: 'HOST_NOT_ALLOWED' });
      expect(attacker.received).toEqual([]);
    });

    it('follows no redirect from the token endpoint: the secret is not posted again elsewhere', async () => {
      double.faults.redirectTokenTo = `${attacker.url}/services/oauth2/token`;
      expect(await clientFor().authorize()).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
      expect(attacker.received).toEqual([]);
    });

    it('follows no redirect of an API call: the access token stays with the org', async () => {
      const client = clientFor();
      expect((await client.authorize()).ok).toBe(true);
      double.faults.redirectDataTo = attacker.url;
      const outcome = await client.publishEvents([event('exc_ssrf_redirect')]);
      expect(outcome.failure).toMatchObject({ code: 'REDIRECT_REFUSED' });
      expect(await client.describeEvent()).toMatchObject({ ok: false, error: { code: 'REDIRECT_REFUSED' } });
      expect(attacker.received).toEqual([]);
    });

    it('never repeats what a server answered outside the Salesforce error format', async () => {
      double.faults.unavailable = Infinity;
      double.faults.unavailableBody = '<html>internal admin console: db password hunter2</html>';
      const outcome = await clientFor().publishEvents([event('exc_foreign_body')]);
      expect(outcome.failure).toMatchObject({
        code: 'ERROR_HTTP_503',
        message: 'HTTP 503 without a Salesforce error body'
      });
      expect(JSON.stringify(outcome)).not.toContain('hunter2');
    });
  });

  it('keeps the rotated refresh token: a web-server connection survives renewal after renewal', async () => {
    double.rotateRefreshTokens();
    const seed = double.addRefreshToken();
    const grantsBefore = double.refreshGrants.length;
    const client = clientFor({
      auth: { flow: 'web_server', clientId: double.clientId, clientSecret: double.clientSecret, refreshToken: seed }
    });
    for (const round of [1, 2, 3]) {
      double.revokeTokens();
      expect((await client.publishEvents([event(`exc_rotation_${round}`)])).failure).toBeNull();
    }
    expect(double.refreshGrants.slice(grantsBefore).map((grant) => grant.accepted)).toEqual([true, true, true]);
    expect(double.hasRefreshToken(seed)).toBe(false);
  });

  it('holds events when the org cannot encrypt platform events, as a connection state, not a bad record', async () => {
    double.faults.encryptionError = true;
    const outcome = await clientFor().publishEvents([event('exc_encryption')]);
    expect(outcome.results[0]).toMatchObject({
      ok: false,
      error: { kind: 'encryption_failed', code: 'PLATFORM_EVENT_ENCRYPTION_ERROR' }
    });
  });
});
