import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInChromium, label, openPreviewSession, waitForSettled, type PreviewSession } from './preview-browser';

// axe-core comes with @sa11y/jest, which the LWC jest tests use; here it checks the real base components.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Screen {
  name: string;
  tab: string;
  /** What to do on the screen before checking it (open a step, a dialog). */
  prepare?: (page: Page) => Promise<void>;
}

async function openStep(page: Page, step: string): Promise<void> {
  await page.getByText(label(step), { exact: true }).first().click();
}

const SCREENS: Screen[] = [
  { name: 'cardSetupAssistant', tab: 'cardSetupAssistant' },
  {
    name: 'cardSetupAssistant, subscriber step',
    tab: 'cardSetupAssistant',
    prepare: (page) => openStep(page, 'CardSetupStepSubscriber')
  },
  {
    name: 'cardSetupAssistant, data retention step',
    tab: 'cardSetupAssistant',
    prepare: (page) => openStep(page, 'CardSetupStepRetention')
  },
  {
    name: 'cardSetupAssistant, grant access confirmation',
    tab: 'cardSetupAssistant',
    prepare: async (page) => {
      await openStep(page, 'CardSetupStepPermissions');
      await page.getByRole('button', { name: label('CardSetupGrantButton'), exact: true }).click();
      await page.getByRole('dialog').waitFor();
    }
  },
  { name: 'cardIntegrationList', tab: 'cardIntegrationList' },
  { name: 'cardIntegrationEditor', tab: 'cardIntegrationEditor' },
  {
    name: 'cardIntegrationEditor, the mapping preview with the consent it would record',
    tab: 'cardIntegrationEditor',
    prepare: async (page) => {
      await page.locator('[data-id="consent"]').waitFor();
    }
  },
  {
    name: 'cardIntegrationEditor, check against this org result',
    tab: 'cardIntegrationList',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
      await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).click();
      await page.locator('[data-id="result"]').waitFor();
    }
  },
  { name: 'cardExchangeLog', tab: 'cardExchangeLog' },
  {
    name: 'cardPersonExchanges on a Lead page, a repeat exchange among them',
    tab: 'cardPersonExchanges?recordId=00Q000000000001AAA',
    prepare: async (page) => {
      await page.locator('c-card-person-exchanges [data-id="exchange"]').first().waitFor();
    }
  },
  {
    name: 'cardPersonExchanges on a Contact page, a test exchange among them',
    tab: 'cardPersonExchanges?recordId=003000000000001AAA',
    prepare: async (page) => {
      await page.locator('c-card-person-exchanges lightning-badge').first().waitFor();
    }
  },
  {
    name: 'cardExchangeLog, exchanges waiting for review and the reject confirmation',
    tab: 'cardExchangeLog',
    prepare: async (page) => {
      const held = page.locator('lightning-datatable tbody tr', { hasText: label('CardStatusReview') });
      await held.first().locator('input[type="checkbox"]').check({ force: true });
      await page.getByRole('button', { name: label('CardLogReject'), exact: true }).click();
      await page.getByRole('alertdialog').waitFor();
    }
  }
];

interface Violation {
  id: string;
  help: string;
  targets: string[];
}

describeInChromium('accessibility of the rendered screens', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it.each(SCREENS.map((screen) => [screen.name, screen] as const))(
    '%s has no WCAG 2.1 A or AA violation axe can find',
    async (_name, screen) => {
      const { page } = session;
      await session.open(screen.tab);
      // Wait for the wired data, so the check covers the filled screen rather than a spinner.
      await page.locator('#preview-main lightning-card').first().waitFor();
      await waitForSettled(page);
      if (screen.prepare) {
        await screen.prepare(page);
        await waitForSettled(page);
      }
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } })
          .axe;
        return (await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }
        })) as {
          passes: unknown[];
          violations: { id: string; help: string; nodes: { target: string[] }[] }[];
        };
      });
      const violations: Violation[] = result.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' '))
      }));
      expect(result.passes.length).toBeGreaterThan(10);
      expect(violations).toEqual([]);
    }
  );
});
