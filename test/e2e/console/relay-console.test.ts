/**
 * The relay console in a real browser: sign in, connect an org (and fail to,
 * for the two commonest reasons), watch John Doe arrive, replay a dead letter,
 * sign out; and a request without a session or CSRF token is refused.
 * Screenshots of the main pages go to test-results/console-screenshots/ (the best are kept in docs/screenshots).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { postWebhook, signedWebhook } from '../../support/signed-webhook';
import { sampleCardExchange } from '../../../webhook-relay/src/contract/sample-card-exchange';
import { ADMIN_TOKEN, describeInChromium, startConsoleWorld, type ConsoleWorld } from './console-relay';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: an injected <script> would be blocked by the page's CSP.
  await page.evaluate(AXE);
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) throw new Error('axe-core could not be loaded into the page');
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => `${v.id}: ${v.help}`);
  });
}

describeInChromium('relay console in Chromium', () => {
  let world: ConsoleWorld;
  let page: Page;
  const banner = () => page.locator('[data-banner]');

  beforeAll(async () => {
    world = await startConsoleWorld();
    page = world.page;
  });
  afterAll(() => world?.close());

  async function connect(name: string, secret: string, accounts: string) {
    await page.goto(`${world.relay.url}/console/connect`);
    await page.getByLabel('Connection name').fill(name);
    await page.getByLabel('My Domain URL').fill(world.double.url);
    await page.getByLabel('Authentication').selectOption('client_credentials');
    await page.getByLabel('Consumer key').fill(world.double.clientId);
    await page.getByLabel('Consumer secret').fill(secret);
    await page.getByLabel('Card-platform accounts').fill(accounts);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await banner().waitFor();
  }

  it('refuses a request without a session, sending the visitor to sign in', async () => {
    const answer = await fetch(`${world.relay.url}/console/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&instanceUrl=https%3A%2F%2Fx.my.salesforce.com&clientId=a&clientSecret=b'
    });
    expect(answer.status).toBe(403);
    await page.goto(`${world.relay.url}/console/connections`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await world.screenshot('sign-in');
  });

  it('signs in with the admin token', async () => {
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectBanner('error', "That is not this relay's admin token.");
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Org connections' }).waitFor();
    expect(await page.getByText('No org is connected yet.').isVisible()).toBe(true);
  });

  it('refuses a signed-in form post that lacks the CSRF token', async () => {
    // The browser's own cookies, but not the page's hidden token: what a forged form would send.
    const answer = await page.request.post(`${world.relay.url}/console/dead-letters/replay`, {
      form: { webhookId: 'msg_1' }
    });
    expect(answer.status()).toBe(403);
    expect(await answer.text()).toContain('did not come from the console');
  });

  it('copies the callback URL with the copy button', async () => {
    await page.goto(`${world.relay.url}/console/connect`);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${world.relay.url}/oauth/callback`);
  });

  it('shows only the fields of the chosen authentication flow', async () => {
    await page.goto(`${world.relay.url}/console/connect`);
    await page.getByLabel('Authentication').selectOption('jwt');
    expect(await page.getByLabel('Private key of the certificate (PEM)').isVisible()).toBe(true);
    expect(await page.getByLabel('Consumer secret').isVisible()).toBe(false);
    await page.getByLabel('Authentication').selectOption('client_credentials');
    expect(await page.getByLabel('Consumer secret').isVisible()).toBe(true);
  });

  it('connects an org and says so at the top of the page', async () => {
    await connect('Acme production', world.double.clientSecret, 'acc_123');
    await expectBanner('success', 'Connected to “Acme production”. Events can be published to this org.');
    expect(await page.getByLabel('Consumer secret').inputValue()).toBe('');
    await world.screenshot('connect');
  });

  it('names the cause when the consumer secret is wrong', async () => {
    await connect('Acme typo', 'wrong-secret', 'acc_typo');
    await expectBanner('error', 'The consumer key and secret do not match.');
    expect(await banner().innerText()).toContain('What to do: Copy the consumer secret again from the app.');
    expect(await page.getByLabel('Connection name').inputValue()).toBe('Acme typo');
    expect(await page.getByLabel('Consumer secret').inputValue()).toBe('');
    await world.screenshot('connect-failed');
  });

  it('says the package is missing for an org without the Card Exchange event', async () => {
    world.double.faults.packageMissing = true;
    try {
      await connect('Acme sandbox', world.double.clientSecret, 'acc_sandbox');
    } finally {
      world.double.resetFaults();
    }
    await expectBanner('error', 'The Card Exchange event does not exist in this org.');
    expect(await banner().innerText()).toContain('Install the Cardbridge package in this org.');
  });

  it('connects with the web-server flow: off to Salesforce, back with the outcome on the page', async () => {
    // Another site than the double's (localhost vs 127.0.0.1), so the SameSite=Strict cookie is really put to the test.
    const relayUrl = world.relay.url.replace('127.0.0.1', 'localhost');
    await page.goto(`${relayUrl}/console/sign-in`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Org connections' }).waitFor();
    const login = world.loginPage;
    await page.goto(`${relayUrl}/console/connect`);
    await page.getByLabel('Connection name').fill('Acme web');
    await page.getByLabel('My Domain URL').fill(login.url);
    await page.getByLabel('Authentication').selectOption('web_server');
    await page.getByLabel('Consumer key').fill(world.double.clientId);
    await page.getByLabel('Consumer secret').fill(world.double.clientSecret);
    await page.getByLabel('Card-platform accounts').fill('acc_web');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expectBanner('success', 'Connected to “Acme web”. Events can be published to this org.');
    expect(new URL(page.url()).pathname).toBe('/console/connect');
    expect(login.approved.map((asked) => asked.get('redirect_uri'))).toEqual([`${relayUrl}/oauth/callback`]);
  });

  it('shows every connection with its state at a glance', async () => {
    await page.goto(`${world.relay.url}/console/connections`);
    const state = (id: string) => page.locator(`tr[data-connection="${id}"] [data-state]`).innerText();
    expect(await state('acme-production')).toBe('OK');
    expect(await state('acme-typo')).toBe('Sign-in failed');
    expect(await state('acme-sandbox')).toBe('Package missing');
  });

  it('edits a connection only after the admin confirms the changes it lists', async () => {
    await page.goto(`${world.relay.url}/console/connections`);
    await page.getByRole('link', { name: 'Edit Acme typo' }).click();
    await page.getByLabel('Consumer secret').fill(world.double.clientSecret);
    await page.getByLabel('Card-platform accounts').fill('acc_typo, acc_typo_2');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.locator('#confirm-heading', { hasText: 'Change “Acme typo”?' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.locator('[data-changes]').innerText()).toContain('Accounts served');
    expect(await page.locator('[data-changes]').innerText()).toContain('Consumer secret (replaced)');
    await world.screenshot('connection-edit-confirm');
    await page.getByRole('button', { name: 'Confirm changes' }).click();
    await expectBanner('success', '“Acme typo” was changed.');
    expect(await page.locator('tr[data-connection="acme-typo"]').innerText()).toContain('acc_typo, acc_typo_2');
  });

  it('watches John Doe arrive in Salesforce and finds the exchange by its id', async () => {
    const body = sampleCardExchange({ accountId: 'acc_123' });
    const answer = await postWebhook(world.relay.url, signedWebhook({ body }));
    expect(answer.status).toBe(202);
    await waitUntil(() => world.double.eventsFor(body.data.exchangeId).length === 1);
    expect(world.double.eventsFor(body.data.exchangeId)[0]?.fields).toMatchObject({
      FirstName__c: 'John',
      LastName__c: 'Doe'
    });
    await page.goto(`${world.relay.url}/console/exchanges`);
    await page.getByLabel('Exchange id').fill(body.data.exchangeId);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('[data-lookup-result] [data-state="published"]').waitFor();
  });

  it('lists a dead letter with its reason and replays it, showing progress', async () => {
    const body = sampleCardExchange({ accountId: 'acc_123' });
    const exchangeId = body.data.exchangeId;
    world.double.failRecords([exchangeId], 'INVALID_FIELD', 'No such column Badge__c on CardExchange__e');
    expect((await postWebhook(world.relay.url, signedWebhook({ body }))).status).toBe(202);
    await waitUntil(async () => {
      await page.goto(`${world.relay.url}/console/exchanges`);
      return (await page.locator(`tr[data-dead-letter="${exchangeId}"]`).count()) === 1;
    });
    const row = page.locator(`tr[data-dead-letter="${exchangeId}"]`);
    expect(await row.locator('[data-reason]').innerText()).toBe(
      'INVALID_FIELD: No such column Badge__c on CardExchange__e'
    );
    await world.screenshot('exchanges');

    world.double.resetFaults();
    await page.getByRole('checkbox', { name: `Select ${exchangeId}` }).check();
    await page.getByRole('button', { name: 'Replay selected' }).click();
    await expectBanner('info', '1 dead letter(s) queued again.');
    // The page refreshes itself every 2 s until the replay is over.
    await page.locator('[data-replay-done]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-replay-progress]').innerText()).toContain('1 of 1 published');
    expect(world.double.eventsFor(exchangeId)).toHaveLength(1);
  });

  it('speaks French when asked', async () => {
    await page.goto(`${world.relay.url}/console/connections`);
    await world.screenshot('connections');
    await page.getByRole('link', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Connexions aux orgs' }).waitFor();
    expect(await page.locator(`tr[data-connection="acme-sandbox"] [data-state]`).innerText()).toBe('Package absent');
    expect(await page.locator(`tr[data-connection="acme-sandbox"]`).innerText()).toContain(
      'L’événement Card Exchange n’existe pas dans cette org.'
    );
    await world.screenshot('connections-fr');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Org connections' }).waitFor();
  });

  it('has no accessibility violations on its main pages', async () => {
    const found: Record<string, string[]> = {};
    for (const path of [
      '/console/connections',
      '/console/connect',
      '/console/exchanges',
      '/console/connections/acme-production/edit'
    ]) {
      await page.goto(`${world.relay.url}${path}`);
      found[path] = await accessibilityViolations(page);
    }
    expect(found).toEqual({
      '/console/connections': [],
      '/console/connect': [],
      '/console/exchanges': [],
      '/console/connections/acme-production/edit': []
    });
  });

  it('signs out, and the console is closed again', async () => {
    await page.goto(`${world.relay.url}/console/connections`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectBanner('info', 'You are signed out.');
    await page.goto(`${world.relay.url}/console/exchanges`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });

  it('raised no script or content-security-policy error in the browser', () => {
    expect(world.browserErrors).toEqual([]);
  });

  async function expectBanner(kind: string, text: string) {
    await page.locator(`[data-banner="${kind}"]`).filter({ hasText: text }).waitFor({ timeout: 10_000 });
  }
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
