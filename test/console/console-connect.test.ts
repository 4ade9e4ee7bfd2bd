import request from 'supertest';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { bannerOf, decode, signedInAgent, startConsole, submit, type ConsoleFixture } from './console-fixture';

describe('console: Connect to Salesforce', () => {
  const double = new SalesforceApiDouble();
  let fixture: ConsoleFixture;
  const form = (overrides: Record<string, string> = {}) => ({
    name: 'Acme production',
    instanceUrl: double.url,
    flow: 'client_credentials',
    clientId: double.clientId,
    clientSecret: double.clientSecret,
    accountIds: 'acc_1, acc_2',
    ...overrides
  });

  beforeAll(() => double.start());
  afterAll(() => double.stop());
  beforeEach(async () => {
    double.resetFaults();
    // The test client talks plain http to the app, so it must get a cookie it will send back.
    fixture = await startConsole({ publicUrl: () => 'https://relay.example.com', secureCookies: false });
  });
  afterEach(() => fixture.close());

  it('shows the callback URL to paste into the Salesforce app, with a copy button', async () => {
    const agent = await signedInAgent(fixture.app);
    const page = await agent.get('/console/connect');
    expect(page.text).toMatch(/id="callback-url"[^>]*value="https:\/\/relay\.example\.com\/oauth\/callback"/);
    expect(page.text).toContain('data-copy-target="callback-url"');
  });

  it('marks the session cookie Secure when the relay is published over https', async () => {
    const published = await startConsole({ publicUrl: () => 'https://relay.example.com' });
    try {
      const answer = await request(published.app).get('/console/sign-in');
      expect(String(answer.headers['set-cookie'])).toContain('; Secure');
    } finally {
      await published.close();
    }
  });

  it('saves and tests a connection, then announces success at the top of the page', async () => {
    const agent = await signedInAgent(fixture.app);
    const answer = await submit(agent, '/console/connect', '/console/connect', form());
    expect(answer.status).toBe(303);
    const page = await agent.get(answer.headers.location as string);
    expect(bannerOf(page.text)).toEqual({
      kind: 'success',
      text: 'Connected to “Acme production”. Events can be published to this org.'
    });
    const saved = await fixture.connections.get('acme-production');
    expect(saved).toMatchObject({ name: 'Acme production', accountIds: ['acc_1', 'acc_2'] });
    expect(saved?.auth).toEqual({
      flow: 'client_credentials',
      clientId: double.clientId,
      clientSecret: double.clientSecret
    });
    expect(fixture.publisher.states()).toEqual([expect.objectContaining({ id: 'acme-production' })]);
  });

  it('names the cause and what to do when the consumer secret is wrong, keeping the form filled in but the secret', async () => {
    const agent = await signedInAgent(fixture.app);
    const answer = await submit(agent, '/console/connect', '/console/connect', form({ clientSecret: 'typo-secret' }));
    expect(answer.status).toBe(422);
    const banner = bannerOf(answer.text);
    expect(banner?.kind).toBe('error');
    expect(banner?.text).toContain('the check failed at: sign-in (OAuth token)');
    expect(banner?.text).toContain('The consumer key and secret do not match.');
    expect(banner?.text).toContain('What to do: Copy the consumer secret again');
    expect(answer.text).toMatch(/name="name"[^>]*value="Acme production"/);
    expect(answer.text).not.toContain('typo-secret');
  });

  it('says the package is missing when the org has no Card Exchange event', async () => {
    double.faults.packageMissing = true;
    const agent = await signedInAgent(fixture.app);
    const answer = await submit(agent, '/console/connect', '/console/connect', form());
    expect(bannerOf(answer.text)?.text).toContain('The Card Exchange event does not exist in this org.');
    expect(bannerOf(answer.text)?.text).toContain('Install the Cardbridge package in this org.');
  });

  it('explains the outcome in French for a French-speaking admin', async () => {
    double.faults.packageMissing = true;
    const agent = await signedInAgent(fixture.app);
    await agent.get('/console/connect?lang=fr');
    const answer = await submit(agent, '/console/connect', '/console/connect', form());
    expect(bannerOf(answer.text)?.text).toContain('L’événement Card Exchange n’existe pas dans cette org.');
    expect(bannerOf(answer.text)?.text).toContain('Que faire : Installez le package Cardbridge');
  });

  it('marks the fields to correct and saves nothing when the form is incomplete', async () => {
    const agent = await signedInAgent(fixture.app);
    const answer = await submit(
      agent,
      '/console/connect',
      '/console/connect',
      form({ instanceUrl: 'acme dot salesforce', clientSecret: '' })
    );
    expect(answer.status).toBe(422);
    expect(bannerOf(answer.text)?.text).toBe('The connection was not saved. Correct the fields marked below.');
    expect(answer.text).toMatch(/id="field-instanceUrl-error">Enter an https URL/);
    expect(answer.text).toMatch(/id="field-clientSecret-error">Fill this in\./);
    expect(await fixture.connections.list()).toEqual([]);
  });

  it('keeps the saved secret when the admin edits a connection and leaves the secret blank', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    const answer = await submit(
      agent,
      '/console/connect',
      '/console/connect',
      form({ clientSecret: '', accountIds: '' })
    );
    expect(answer.status).toBe(303);
    const saved = await fixture.connections.get('acme-production');
    expect(saved?.accountIds).toBeNull();
    expect(saved?.auth).toMatchObject({ clientSecret: double.clientSecret });
  });

  it('never shows or logs a typed secret', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    const pages = await Promise.all(['/console/connect', '/console/connections'].map((path) => agent.get(path)));
    for (const page of pages) expect(page.text).not.toContain(double.clientSecret);
    expect(JSON.stringify(fixture.logged)).not.toContain(double.clientSecret);
  });

  it('escapes what an admin types, so a name cannot inject markup', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form({ name: 'Acme <script>alert(1)</script>' }));
    const page = await agent.get('/console/connections');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(decode(page.text)).toContain('Acme <script>alert(1)</script>');
  });

  describe('web-server flow', () => {
    const webServerForm = () => form({ flow: 'web_server', name: 'Acme web' });

    it('goes to Salesforce to authorize, comes back and saves the connection with its refresh token', async () => {
      const agent = await signedInAgent(fixture.app);
      const start = await submit(agent, '/console/connect', '/console/connect', webServerForm());
      expect(start.status).toBe(303);
      const authorize = new URL(start.headers.location as string);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${double.url}/services/oauth2/authorize`);
      expect(authorize.searchParams.get('redirect_uri')).toBe('https://relay.example.com/oauth/callback');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

      // What Salesforce does once the admin clicks Allow: a code, sent back to the callback URL.
      const code = double.issueAuthorizationCode({
        clientId: double.clientId,
        redirectUri: 'https://relay.example.com/oauth/callback',
        codeChallenge: authorize.searchParams.get('code_challenge') as string
      });
      const state = authorize.searchParams.get('state') as string;
      const callback = await request(fixture.app).get(
        `/oauth/callback?code=${encodeURIComponent(code)}&state=${state}`
      );
      expect(callback.status).toBe(200);
      expect(callback.text).toContain('<meta http-equiv="refresh" content="0;url=/console/connect" />');

      const page = await agent.get('/console/connect');
      expect(bannerOf(page.text)?.kind).toBe('success');
      const saved = await fixture.connections.get('acme-web');
      expect(saved?.auth).toMatchObject({ flow: 'web_server', refreshToken: expect.stringMatching(/^5Aep!/) });

      const again = await request(fixture.app).get(`/oauth/callback?code=${encodeURIComponent(code)}&state=${state}`);
      expect(again.status).toBe(400);
      expect(again.text).toContain('expired or was already used');
    });

    it('says so when the admin denies access in Salesforce, and saves nothing', async () => {
      const agent = await signedInAgent(fixture.app);
      const start = await submit(agent, '/console/connect', '/console/connect', webServerForm());
      const state = new URL(start.headers.location as string).searchParams.get('state') as string;
      await request(fixture.app).get(
        `/oauth/callback?error=access_denied&error_description=end-user+denied+authorization&state=${state}`
      );
      const page = await agent.get('/console/connect');
      expect(bannerOf(page.text)).toEqual({
        kind: 'error',
        text: 'Salesforce did not authorize the relay: end-user denied authorization'
      });
      expect(await fixture.connections.list()).toEqual([]);
    });
  });
});
