/**
 * What the README promises a newcomer: `npm run demo -- --console` starts the relay
 * and a stand-in org, John Doe waits; they open the console, sign in, connect the
 * demo org through the form, and watch John Doe arrive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/chromium';
import { tsxLoaderArgs } from '../../support/child-service';
import { describeInChromium } from './console-relay';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describeInChromium('npm run demo -- --console', () => {
  let demo: ChildProcess;
  let browser: Browser;
  const lines: string[] = [];

  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        for (const line of lines) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        if (Date.now() > deadline) return reject(new Error(`demo never printed ${pattern}:\n${lines.join('\n')}`));
        setTimeout(poll, 50);
      };
      poll();
    });

  beforeAll(async () => {
    demo = spawn(process.execPath, [...tsxLoaderArgs, 'scripts/demo.ts', '--console'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    });
    readline.createInterface({ input: demo.stdout! }).on('line', (line) => lines.push(line));
    readline.createInterface({ input: demo.stderr! }).on('line', (line) => lines.push(line));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (demo?.pid) process.kill(-demo.pid, 'SIGTERM');
  });

  it('lets a newcomer connect the demo org in the console and see John Doe arrive', async () => {
    const [, consoleUrl, token] = await waitForLine(
      /open (http:\/\/\S+\/console) and sign in with the admin token: (\S+)/
    );
    const [, orgUrl] = await waitForLine(/My Domain URL (http:\/\/\S+), flow/);
    const [, key, secret] = await waitForLine(/consumer key (\S+), consumer secret (\S+) \(demo values\)/);
    const [, accounts] = await waitForLine(/card-platform accounts (\S+), then Connect/);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(consoleUrl as string);
    await page.getByLabel('Admin token').fill(token as string);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${consoleUrl}/connect`);
    await page.getByLabel('Connection name').fill('Demo org');
    await page.getByLabel('My Domain URL').fill(orgUrl as string);
    await page.getByLabel('Authentication').selectOption('client_credentials');
    await page.getByLabel('Consumer key').fill(key as string);
    await page.getByLabel('Consumer secret').fill(secret as string);
    await page.getByLabel('Card-platform accounts').fill(accounts as string);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.locator('[data-banner]').waitFor();
    expect(await page.locator('[data-banner]').innerText()).toMatch(/connected/i);

    await waitForLine(/The org received cardbridge__CardExchange__e/, 30_000);
    await waitForLine(/cardbridge__LastName__c\s+"Doe"/);
    await page.close();
  });
});
