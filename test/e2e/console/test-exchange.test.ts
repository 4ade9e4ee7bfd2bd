/**
 * The seed's test, automated: after Connect, "Send a test exchange" sends John Doe through the
 * relay, Salesforce and the package (the API double), and the page waits, showing progress, for
 * the org's receipt: the Lead it created with a link to open it in Lightning, or what went wrong
 * in the org, in the same banner as Connect. Debian's Chromium, a real relay, the double over HTTP.
 */
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, describeInChromium, startConsoleWorld, type ConsoleWorld } from './console-relay';

describeInChromium('the console test exchange in Chromium', () => {
  let world: ConsoleWorld;
  let page: Page;
  const expectBanner = (kind: string, text: string) =>
    page.locator(`[data-banner="${kind}"]`).filter({ hasText: text }).waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    world = await startConsoleWorld();
    page = world.page;
  });
  afterAll(() => world?.close());
  afterEach(() => {
    expect(world.double.refusedQueries).toEqual([]);
    world.double.resetFaults();
  });

  it('connects an org, sends John Doe and ends on the Lead the org created, with a link to it', async () => {
    await page.goto(`${world.relay.url}/console/sign-in`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${world.relay.url}/console/connect`);
    await page.getByLabel('Connection name').fill('Acme production');
    await page.getByLabel('My Domain URL').fill(world.double.url);
    await page.getByLabel('Authentication').selectOption('client_credentials');
    await page.getByLabel('Consumer key').fill(world.double.clientId);
    await page.getByLabel('Consumer secret').fill(world.double.clientSecret);
    await page.getByLabel('Card-platform accounts').fill('acc_123');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expectBanner('success', 'Connected to “Acme production”.');

    // The next step is in Connect's own banner.
    await page.locator('[data-banner="success"]').getByRole('button', { name: 'Send a test exchange' }).click();
    await page.getByText('Stored by the relay').waitFor();

    const link = page.getByRole('link', { name: 'Open it in Salesforce' });
    await link.waitFor({ timeout: 20_000 });
    const row = [...world.double.subscriber.rows.values()].at(-1);
    const leadId = row?.logs[0]?.recordId as string;
    expect(leadId).toMatch(/^00Q/);
    await expectBanner('success', `John Doe was created as a Lead (${leadId}) in Acme production`);
    expect(await link.getAttribute('href')).toBe(`${world.double.url}/lightning/r/Lead/${leadId}/view`);
    expect(await page.locator('[data-step-done="yes"]').count()).toBe(3);
    await world.screenshot('test-exchange');
  });

  it('says what went wrong in the org when the integration fails, with the log error', async () => {
    world.double.subscriber.failExchanges(
      ['*'],
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'The run-as user lacks Create on Lead'
    );
    await page.goto(`${world.relay.url}/console/exchanges`);
    await page.getByLabel('Org connection').selectOption({ label: 'Acme production' });
    await page.getByRole('button', { name: 'Send a test exchange' }).click();
    await expectBanner('error', 'Acme production received John Doe, but its integration failed');
    expect(await page.locator('[data-banner="error"]').innerText()).toContain(
      'INSUFFICIENT_ACCESS_OR_READONLY: The run-as user lacks Create on Lead'
    );
    expect(await page.getByRole('link', { name: 'Open it in Salesforce' }).count()).toBe(0);
  });
});
