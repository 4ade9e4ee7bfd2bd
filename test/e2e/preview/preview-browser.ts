/**
 * What the preview's browser tests share: the preview server on an ephemeral port, Debian's Chromium driven by
 * playwright-core, the package's labels (so tests read what users read), and screenshots of each screen.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../../support/chromium';
import { startPreviewServer, type PreviewServer } from '../../../preview/server';
import { loadLabelTable } from '../../../preview/source/custom-labels';

export { CHROMIUM, hasChromium };

/** `describe` when Chromium is installed; otherwise the suite is skipped, saying why. */
export function describeInChromium(name: string, suite: () => void): void {
  if (hasChromium) {
    describe(name, suite);
    return;
  }
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PREVIEW_CHROMIUM)`;
  console.warn(`Skipping "${name}": ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, suite);
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LABELS = loadLabelTable(path.join(ROOT, 'force-app', 'main', 'default'));
const SCREENSHOTS = process.env.PREVIEW_SCREENSHOTS_DIR ?? path.join(ROOT, 'test-results', 'preview-screenshots');

/** A custom label as the preview shows it in that language (master label when untranslated). */
export function label(name: string, language = 'en'): string {
  const value = LABELS.translations[language]?.[name] ?? LABELS.master[name];
  if (value === undefined) {
    throw new Error(`The package has no custom label ${name}`);
  }
  return value;
}

export function hasTranslation(name: string, language: string): boolean {
  return LABELS.translations[language]?.[name] !== undefined;
}

export interface PreviewSession {
  server: PreviewServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Browser errors seen so far (uncaught exceptions and console errors other than missing favicons). */
  errors: string[];
  /** A fresh page on the tab, after a reset of the backend (`user.canManage: false`: without the setup permission). */
  open(tab: string, language?: string, user?: { canManage?: boolean }): Promise<void>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPreviewSession(): Promise<PreviewSession> {
  const server = await startPreviewServer();
  // playwright-core gives the browser a fresh temporary profile (--user-data-dir) of its own.
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('favicon') && !message.text().includes('404')) {
      errors.push(message.text());
    }
  });
  return {
    server,
    browser,
    context,
    page,
    errors,
    async open(tab, language = 'en', user = {}) {
      await fetch(`${server.url}/preview/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user)
      });
      // A URL differing only by its hash would not reload the page; every scenario starts from a fresh load.
      await page.goto('about:blank');
      await page.goto(`${server.url}/?lang=${language}#${tab}`);
      await page.locator('#preview-main > *').first().waitFor();
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
    async close() {
      await browser.close();
      await server.close();
    }
  };
}

/**
 * Waits until the screen has settled: no Apex call in flight and no spinner showing, both for a few polls in a row
 * (a wire's answer can start another call).
 */
export async function waitForSettled(page: Page, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  while (quietPolls < 3) {
    if (Date.now() > deadline) {
      throw new Error(`the screen did not settle within ${timeoutMs} ms (Apex calls in flight or a spinner showing)`);
    }
    const inFlight = await page.evaluate(
      () => (globalThis as unknown as { __previewApexInFlight?: { count: number } }).__previewApexInFlight?.count ?? 0
    );
    const spinners = await page.locator('#preview-main lightning-spinner').count();
    quietPolls = inFlight === 0 && spinners === 0 ? quietPolls + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Picks an option of a lightning-combobox by its visible label and option text. */
export async function chooseOption(page: Page, comboboxLabel: string, option: string, nth = 0): Promise<void> {
  await page.getByRole('combobox', { name: comboboxLabel, exact: true }).nth(nth).click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

/** The visible text of the toasts on screen. */
export function toasts(page: Page) {
  return page.locator('.preview-toasts .slds-notify_toast');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A form control by its label, whether or not the label carries the required-field asterisk. */
export function field(page: Page | Locator, text: string): Locator {
  return page.getByRole('textbox', { name: new RegExp(`^\\s*\\*?\\s*${escapeRegExp(text)}\\s*$`) });
}

/** Whether the element has focus, looking through (synthetic) shadow roots. */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    let active: Element | null = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) {
      active = active.shadowRoot.activeElement;
    }
    return active === element;
  });
}

/** Waits until a locator matches exactly `count` elements (document queries cannot see into synthetic shadow). */
export async function waitForCount(locator: Locator, count: number, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} matches, found ${await locator.count()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
