/**
 * A real relay for the console's browser tests: `startRelay` on an ephemeral
 * port with a temporary data dir and its own publishing side (publisher,
 * encrypted connection store, live routing), the console mounted on it, all
 * publishing to the Salesforce API double; and Debian's Chromium driven by
 * playwright-core.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../../support/chromium';
import { createLogger } from '../../../webhook-relay/src/log/create-logger';
import type { Publisher } from '../../../webhook-relay/src/publish/create-publisher';
import { startRelay, type RunningRelay } from '../../../webhook-relay/src/relay';
import type { RelayPublishing } from '../../../webhook-relay/src/relay-publishing';
import { SalesforceApiDouble } from '../../support/salesforce-api-double/salesforce-api-double';
import { startSalesforceLoginPage, type SalesforceLoginPage } from './salesforce-login-page';
import { TEST_SECRET } from '../../support/signed-webhook';

export { CHROMIUM, hasChromium };
export const ADMIN_TOKEN = 'e2e-console-admin-token-0123456789';
// Written on every run; the best are copied by hand to docs/screenshots (shown in the README).
const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', 'test-results', 'console-screenshots');

/** `describe` when Chromium is installed; otherwise skipped, saying why. */
export function describeInChromium(name: string, suite: () => void): void {
  if (hasChromium) describe(name, suite);
  else describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`, suite);
}

export interface ConsoleWorld {
  relay: RunningRelay;
  double: SalesforceApiDouble;
  /** Salesforce's authorize page in front of the double (the web-server flow's My Domain). */
  loginPage: SalesforceLoginPage;
  publisher: Publisher;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors seen in the browser. */
  browserErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-console-e2e-'));
  const double = new SalesforceApiDouble();
  await double.start();
  const loginPage = await startSalesforceLoginPage(double);
  const running = await startRelay({
    env: {
      PORT: '0',
      RELAY_DATA_DIR: dataDir,
      RELAY_ADMIN_TOKEN: ADMIN_TOKEN,
      RELAY_WEBHOOK_SECRET: TEST_SECRET,
      // The stand-in org and its login page listen on 127.0.0.1: the operator allows them.
      RELAY_EXTRA_SALESFORCE_HOSTS: `${double.url},${loginPage.url}`
    },
    cwd: dataDir,
    logger: createLogger({ level: 'silent' }),
    // The console is mounted by startRelay itself, on the relay's own publishing side.
    publishing: { pollIntervalMs: 50, retry: { baseMs: 20, capMs: 100 }, pause: { baseMs: 50, capMs: 200 } }
  });
  const publishing = (): RelayPublishing => {
    if (!running.publishing) throw new Error('the relay runs without its publishing side');
    return running.publishing;
  };

  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.url });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const browserErrors: string[] = [];
  page.on('pageerror', (error) => browserErrors.push(error.message));
  page.on('console', (message) => {
    // A refused form answers 401/403/422 on purpose; the document's status is asserted by the tests.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      browserErrors.push(message.text());
    }
  });
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'document' && response.status() >= 400) browserErrors.push(`${response.status()} ${response.url()}`);
  });

  return {
    relay: running,
    double,
    loginPage,
    publisher: publishing().publisher,
    browser,
    context,
    page,
    browserErrors,
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `console-${name}.png`) });
    },
    async close() {
      await browser.close();
      await running.close();
      await loginPage.close();
      await double.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
