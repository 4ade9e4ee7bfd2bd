import request from 'supertest';
import { generateKeyPairSync } from 'node:crypto';
import { startAttackerHost, type AttackerHost } from '../support/attacker-host';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import {
  bannerOf,
  csrfOf,
  decode,
  signedInAgent,
  startConsole,
  submit,
  type ConsoleFixture,
  type TestAgent
} from './console-fixture';

/** Posts the edit form of a saved connection; answers the confirmation page (or the refusal). */
function edit(agent: TestAgent, id: string, fields: Record<string, string>) {
  return submit(agent, `/console/connections/${id}/edit`, `/console/connections/${id}/edit`, fields);
}

/** Clicks "Confirm changes" on a confirmation page. */
function confirm(agent: TestAgent, id: string, page: string) {
  const change = /name="change" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return agent
    .post(`/console/connections/${id}/edit/confirm`)
    .type('form')
    .send(new URLSearchParams({ csrf: csrfOf(page), change }).toString());
}

describe('console: Connect to Salesforce', () => {
  const double = new SalesforceApiDouble();
  let fixture: ConsoleFixture;
  let attacker: AttackerHost;
  /** The operator's extra Salesforce hosts: the double (127.0.0.1) unless a test says otherwise. */
  let extraHosts: string[];
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
    attacker = await startAttackerHost();
    extraHosts = [double.url];
    // The test client talks plain http to the app, so it must get a cookie it will send back.
    fixture = await startConsole({
      publicUrl: () => 'https://relay.example.com',
      secureCookies: false,
      extraSalesforceHosts: () => extraHosts
    });
  });
  afterEach(async () => {
    await fixture.close();
    await attacker.stop();
  });

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
      text: 'Connected to “Acme production”. Events can be published to this org. Send a test exchange'
    });
    // The next step, one click away: John Doe through this connection, to the record in the org.
    const next = /<form method="post" action="\/console\/test-exchange"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? '';
    expect(next).toContain('name="connectionId" value="acme-production"');
    expect(next).toMatch(/name="csrf" value="[^"]+"/);
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

  it('refuses to replace a connection of the same name from Connect: nothing of it changes (409)', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    const answer = await submit(
      agent,
      '/console/connect',
      '/console/connect',
      form({ clientId: 'another-app', clientSecret: 'another-secret', accountIds: 'acc_other' })
    );
    expect(answer.status).toBe(409);
    expect(bannerOf(answer.text)?.text).toBe(
      'A connection named “Acme production” already exists. Nothing was changed. To change it, edit it from the Connections page.'
    );
    expect(await fixture.connections.get('acme-production')).toMatchObject({
      accountIds: ['acc_1', 'acc_2'],
      auth: { clientId: double.clientId, clientSecret: double.clientSecret }
    });
  });

  it('edits a connection only once the admin confirms the changes it lists, keeping a blank secret', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    const editPage = await agent.get('/console/connections/acme-production/edit');
    expect(editPage.text).toMatch(/name="accountIds"[^>]*>acc_1, acc_2</);
    expect(editPage.text).not.toContain(double.clientSecret);

    const review = await edit(agent, 'acme-production', form({ clientSecret: '', accountIds: 'acc_1, acc_3' }));
    expect(review.status).toBe(200);
    expect(review.text).toContain('data-change="accountIds"');
    expect(review.text).not.toContain('data-change="auth.clientSecret"');
    // Not confirmed yet: nothing changed.
    expect((await fixture.connections.get('acme-production'))?.accountIds).toEqual(['acc_1', 'acc_2']);

    const done = await confirm(agent, 'acme-production', review.text);
    expect(done.status).toBe(303);
    const page = await agent.get('/console/connections');
    expect(bannerOf(page.text)?.text).toContain('“Acme production” was changed.');
    const saved = await fixture.connections.get('acme-production');
    expect(saved?.accountIds).toEqual(['acc_1', 'acc_3']);
    expect(saved?.auth).toMatchObject({ clientSecret: double.clientSecret });
    expect(fixture.publisher.connections()[0]?.accountIds).toEqual(['acc_1', 'acc_3']);
    expect(fixture.audited.map((e) => e.action)).toEqual(['console.sign_in', 'connection.create', 'connection.update']);
  });

  it('applies nothing for a forged confirmation, and the change it voided cannot be confirmed later', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    const review = await edit(agent, 'acme-production', form({ clientSecret: '', accountIds: 'acc_9' }));
    const forged = await confirm(
      agent,
      'acme-production',
      review.text.replace(/name="change" value="[^"]+"/, 'name="change" value="guess"')
    );
    expect(forged.status).toBe(303);
    expect((await fixture.connections.get('acme-production'))?.accountIds).toEqual(['acc_1', 'acc_2']);
    // The pending change was dropped by the failed attempt: the real token no longer works either.
    await confirm(agent, 'acme-production', review.text);
    expect((await fixture.connections.get('acme-production'))?.accountIds).toEqual(['acc_1', 'acc_2']);
  });

  it('asks for the secret again when an edit changes the URL, and sends the saved one nowhere', async () => {
    const agent = await signedInAgent(fixture.app);
    await submit(agent, '/console/connect', '/console/connect', form());
    // Even a host the operator allows does not get the saved secret of another host.
    extraHosts.push(attacker.url);
    const changes: Record<string, string>[] = [{ instanceUrl: attacker.url }, { clientId: 'another-consumer-key' }];
    for (const change of changes) {
      const answer = await edit(agent, 'acme-production', form({ ...change, clientSecret: '' }));
      expect(answer.status).toBe(422);
      expect(answer.text).toMatch(/id="field-clientSecret-error">Type it again/);
    }
    expect((await fixture.connections.get('acme-production'))?.instanceUrl).toBe(double.url);
    expect(attacker.received).toEqual([]);
  });

  it('refuses a URL that is not a Salesforce host, and sends it nothing', async () => {
    const agent = await signedInAgent(fixture.app);
    for (const instanceUrl of [
      attacker.url,
      'https://acme.my.salesforce.com/services?x=1',
      'https://acme.my.salesforce.com.evil.example'
    ]) {
      const answer = await submit(agent, '/console/connect', '/console/connect', form({ instanceUrl }));
      expect(answer.status).toBe(422);
      expect(answer.text).toMatch(/id="field-instanceUrl-error">Enter a Salesforce URL/);
    }
    const webServer = await submit(
      agent,
      '/console/connect',
      '/console/connect',
      form({ flow: 'web_server', instanceUrl: attacker.url })
    );
    expect(webServer.status).toBe(422);
    expect(await fixture.connections.list()).toEqual([]);
    expect(attacker.received).toEqual([]);
  });

  it('requires the accounts an org serves, and refuses one another connection serves, naming it', async () => {
    const agent = await signedInAgent(fixture.app);
    const none = await submit(agent, '/console/connect', '/console/connect', form({ accountIds: '' }));
    expect(none.status).toBe(422);
    expect(none.text).toMatch(/id="field-accountIds-error">List the card-platform account ids/);
    await submit(agent, '/console/connect', '/console/connect', form());
    const clash = await submit(
      agent,
      '/console/connect',
      '/console/connect',
      form({ name: 'Globex', accountIds: 'acc_7, acc_2' })
    );
    expect(clash.status).toBe(409);
    expect(bannerOf(clash.text)?.text).toBe(
      'Account acc_2 is already served by the connection “Acme production”. Each account goes to one org; nothing was saved.'
    );
    expect(await fixture.connections.get('globex')).toBeUndefined();
  });

  describe('JWT bearer flow to a sandbox', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwtForm = (loginUrl: string) =>
      form({
        name: 'Acme sandbox',
        flow: 'jwt',
        clientSecret: '',
        username: 'integration@acme.example.uat',
        privateKey: pem,
        loginUrl
      });

    it('takes the sandbox login URL as the assertion audience', async () => {
      double.trustJwt({
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        clientId: double.clientId,
        username: 'integration@acme.example.uat',
        audience: 'https://test.salesforce.com'
      });
      const agent = await signedInAgent(fixture.app);
      expect((await agent.get('/console/connect')).text).toContain('id="field-loginUrl"');
      const answer = await submit(
        agent,
        '/console/connect',
        '/console/connect',
        jwtForm('https://test.salesforce.com/')
      );
      expect(answer.status).toBe(303);
      expect(bannerOf((await agent.get('/console/connect')).text)?.kind).toBe('success');
      expect((await fixture.connections.get('acme-sandbox'))?.auth).toMatchObject({
        flow: 'jwt',
        loginUrl: 'https://test.salesforce.com'
      });
    });

    it('refuses a login URL that is not Salesforce', async () => {
      const agent = await signedInAgent(fixture.app);
      const answer = await submit(agent, '/console/connect', '/console/connect', jwtForm(attacker.url));
      expect(answer.status).toBe(422);
      expect(answer.text).toMatch(/id="field-loginUrl-error">Enter a Salesforce URL/);
      expect(attacker.received).toEqual([]);
    });
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
