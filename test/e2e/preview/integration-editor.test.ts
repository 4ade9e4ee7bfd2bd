import type { Locator, Page } from 'playwright-core';
import {
  chooseOption,
  describeInChromium,
  field,
  hasFocus,
  label,
  openPreviewSession,
  toasts,
  type PreviewSession
} from './preview-browser';

/** Presses Tab until the target has focus, as a keyboard user would; fails if it is never reached. */
async function tabTo(page: Page, target: Locator, limit = 150): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await hasFocus(target)) {
      return presses;
    }
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Waits (up to 5 s) until an input shows the value; the last value seen when it does not. */
async function valueOf(input: Locator, expected: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let value = await input.inputValue();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await input.inputValue();
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describeInChromium('integration editor in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('creates an integration with a card filter and a custom mapping row, previews the mapping and saves it', async () => {
    const { page } = session;
    await session.open('cardIntegrationList');
    await page.locator('lightning-datatable tbody tr').first().waitFor();
    await session.screenshot('integrations');
    await page.getByRole('button', { name: label('CardListNew'), exact: true }).click();

    await field(page, label('CardFieldName')).fill('Trade show leads');
    await chooseOption(page, label('CardFieldUseCase'), label('CardUseCaseCreateLead'));

    // With no rows the use case's default mapping applies, and John Doe maps as an org maps him: no error.
    const preview = page.locator('lightning-datatable[data-id="preview"]');
    await preview.getByText('john.doe@example.com', { exact: true }).waitFor();
    expect(await preview.textContent()).not.toMatch(/has no field|You cannot write|does not exist/);
    await field(page, label('CardFieldCardTags')).fill('emea');
    await page.getByRole('button', { name: label('CardEditorAddTag'), exact: true }).click();
    await page.locator('lightning-pill-container').getByText('emea', { exact: true }).waitFor();

    // A fixed owner is required by the controller: the record picker stand-in must hand the user id over.
    await chooseOption(page, label('CardFieldOwnerStrategy'), label('CardOwnerFixedUser'));
    const owner = page.getByRole('combobox', { name: new RegExp(`${label('CardFieldDefaultOwner')}$`) });
    await owner.fill('Jane');
    await page.getByRole('option', { name: /Jane Smith/ }).click();
    expect(await owner.inputValue()).toBe('Jane Smith');

    await page.getByRole('button', { name: label('CardEditorAddRow'), exact: true }).click();
    const rows = page.locator('fieldset[data-row]');
    const newRow = rows.last();
    await chooseOption(page, label('CardFieldSource'), label('CardSourceCustomField'), (await rows.count()) - 1);
    await field(newRow, label('CardFieldCustomKey')).fill('Industry');
    await chooseOption(page, label('CardFieldTarget'), 'Industry (Industry)', (await rows.count()) - 1);

    // The preview maps the John Doe sample exchange: customFields.Industry is "Software", which a default
    // org's Industry picklist does not list; the engine writes it anyway and says so.
    await preview.getByText('Software', { exact: true }).waitFor();
    expect(await preview.textContent()).toContain('customFields.Industry');
    expect(await preview.textContent()).toContain('"Software" is not a listed value of Industry');
    await page.locator('[data-id="preview"]').scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-mapping-preview');

    await page.getByRole('button', { name: label('CardEditorSave'), exact: true }).click();
    const savedToast = toasts(page).filter({ hasText: label('CardEditorSaved') });
    await savedToast.first().waitFor();
    expect(await savedToast.first().textContent()).toContain('Trade show leads');
    const saved = page.locator('lightning-datatable tbody tr', { hasText: 'Trade show leads' });
    await saved.waitFor();
    expect(await saved.textContent()).toContain('emea');
    expect(session.errors).toEqual([]);
  });

  it('refuses to save an integration without a name or a default owner and says why', async () => {
    const { page } = session;
    await session.open('cardIntegrationEditor');
    await page.getByRole('button', { name: label('CardEditorSave'), exact: true }).click();
    const summary = page.locator('[data-id="error-summary"]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(label('CardValidationNameRequired'));
    expect(await summary.textContent()).toContain(label('CardValidationDefaultOwnerRequired'));
    // The picker shows the server's words, not a generic "complete this field".
    await page.getByText(label('CardValidationDefaultOwnerRequired'), { exact: true }).nth(1).waitFor();
    await session.screenshot('integration-editor-errors');
  });

  it('can be filled in and saved with the keyboard alone', async () => {
    const { page } = session;
    await session.open('cardIntegrationEditor');
    const name = field(page, label('CardFieldName'));
    await name.waitFor();

    expect(await tabTo(page, name)).toBeLessThan(20);
    await page.keyboard.type('Keyboard leads');
    const useCase = page.getByRole('combobox', { name: label('CardFieldUseCase'), exact: true });
    expect(await tabTo(page, useCase, 5)).toBeLessThanOrEqual(3);
    await page.keyboard.press('Enter');
    const leadOption = page.getByRole('option', { name: label('CardUseCaseCreateLead'), exact: true });
    await leadOption.waitFor();
    for (let step = 0; step < 4 && (await leadOption.getAttribute('aria-selected')) !== 'true'; step++) {
      await page.keyboard.press('ArrowDown');
      if (
        (await page.getByRole('option', { selected: true }).first().textContent())?.trim() ===
        label('CardUseCaseCreateLead')
      ) {
        break;
      }
    }
    await page.keyboard.press('Enter');
    expect((await useCase.textContent())?.trim() || (await useCase.inputValue().catch(() => ''))).toContain(
      label('CardUseCaseCreateLead')
    );

    // Enter in the tag field adds the tag as a pill, without reaching for the Add button.
    const tags = field(page, label('CardFieldCardTags'));
    await tabTo(page, tags, 30);
    await page.keyboard.type('vip');
    await page.keyboard.press('Enter');
    await page.locator('lightning-pill-container').getByText('vip', { exact: true }).waitFor();
    await session.screenshot('integration-editor-keyboard');

    // The default owner is required whatever the strategy; with the card owner's it is the fallback.
    const owner = page.getByRole('combobox', {
      name: new RegExp(`${escapeRegExp(label('CardFieldDefaultOwnerFallback'))}$`)
    });
    await tabTo(page, owner, 30);
    await page.keyboard.type('Jane');
    await page.getByRole('option', { name: /Jane Smith/ }).waitFor();
    await page.keyboard.press('Enter');
    // The picker fills its input once the selection has gone round its events: wait for it, not one read.
    await valueOf(owner, 'Jane Smith');
    expect(await owner.inputValue()).toBe('Jane Smith');

    const save = page.getByRole('button', { name: label('CardEditorSave'), exact: true });
    await tabTo(page, save, 250);
    await page.keyboard.press('Enter');
    const savedToast = toasts(page).filter({ hasText: label('CardEditorSaved') });
    await savedToast.first().waitFor();
    expect(await savedToast.first().textContent()).toContain('Keyboard leads');
    // As in the app, where the editor opens inside the list, saving returns to the list.
    const saved = page.locator('lightning-datatable tbody tr', { hasText: 'Keyboard leads' });
    await saved.waitFor();
    expect(await saved.textContent()).toContain(label('CardUseCaseCreateLead'));
    expect(await saved.textContent()).toContain('vip');
    expect(session.errors).toEqual([]);
  });

  it('checks an integration against the org and says what would happen, with nothing saved', async () => {
    const { page } = session;
    await session.open('cardIntegrationList');
    await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
    await page.locator('lightning-datatable[data-id="preview"]').getByText('Doe', { exact: true }).waitFor();

    await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).click();
    const headline = page.locator('[data-id="headline"]');
    await headline.waitFor();
    expect(await headline.textContent()).toBe(label('CardCheckHeadlineLeadCreatedOwner').replace('{0}', 'Jane Smith'));
    const result = page.locator('[data-id="result"]');
    // The preview's subscriber runs as Automated Process: no run-as user's access could be checked.
    expect(await result.textContent()).toContain(label('CardCheckNoRunAsUser'));
    expect(await result.textContent()).toContain('"Software" is not a listed value of Industry');
    expect(await result.textContent()).toContain(label('CardCheckNothingSaved'));
    await result.scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-org-check');

    // An edit makes the result stale; trying a received exchange held for review checks again.
    await field(page, label('CardFieldName')).fill('Booth leads EMEA');
    await page.locator('[data-id="stale"]').waitFor();
    await page.getByRole('combobox', { name: label('CardCheckTryWith'), exact: true }).click();
    await page.getByRole('option', { name: /^exc_5 · card_42/ }).click();
    await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).click();
    await page.locator('[data-id="stale"]').waitFor({ state: 'detached' });
    expect(await headline.textContent()).toBe(label('CardCheckHeadlineLeadCreatedOwner').replace('{0}', 'Jane Smith'));

    // Nothing was saved: the list still shows the integration under its old name.
    await page.getByRole('button', { name: label('CardEditorCancel'), exact: true }).click();
    await page.getByRole('button', { name: 'Booth leads', exact: true }).waitFor();
    expect(session.errors).toEqual([]);
  });

  it('says the person already exists and whose record the exchange would be logged on', async () => {
    const { page } = session;
    const errorsBefore = session.errors.length;
    await session.open('cardIntegrationList');
    await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
    await page.locator('lightning-datatable[data-id="preview"]').getByText('Doe', { exact: true }).waitFor();

    // Create or update by email finds John Doe; with nothing chosen the org's default for that use case applies.
    await chooseOption(page, label('CardFieldUseCase'), label('CardUseCaseUpsertLead'));
    const group = page.getByRole('radiogroup', { name: label('CardFieldRepeatPolicy') });
    const update = label('CardEditorRepeatDefaultOption').replace('{0}', label('CardRepeatPolicyUpdate'));
    await group.getByRole('radio', { name: update, exact: true }).waitFor();
    expect(await group.getByRole('radio', { name: update, exact: true }).isChecked()).toBe(true);
    await group.getByText(label('CardRepeatPolicyKeep'), { exact: true }).click();

    await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).click();
    const headline = page.locator('[data-id="headline"]');
    await headline.waitFor();
    // John Doe's Lead belongs to Marc Dupont; Booth leads gives new people to Jane Smith.
    expect(await headline.textContent()).toBe(label('CardCheckHeadlineLeadRepeatOwner').replace('{0}', 'Marc Dupont'));
    expect(await page.locator('[data-id="assigned-owner"]').textContent()).toBe(
      label('CardCheckAssignedOwner').replace('{0}', 'Jane Smith')
    );
    expect(await page.locator('[data-id="result"]').textContent()).not.toContain('is not a listed value of Industry');
    await page.locator('[data-id="result"]').scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-org-check-repeat');
    expect(session.errors.slice(errorsBefore)).toEqual([]);
  });

  it('offers no check against the org, and says why, to a user without the Manage Cardbridge setup permission', async () => {
    const { page } = session;
    const errorsBefore = session.errors.length;
    await session.open('cardIntegrationList', 'en', { canManage: false });
    await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
    const check = page.getByRole('button', { name: label('CardCheckButton'), exact: true });
    await check.waitFor();
    expect(await check.isDisabled()).toBe(true);
    expect((await page.locator('[data-id="check-permission"]').textContent())?.trim()).toBe(
      label('CardCheckNeedsPermission')
    );
    await page.locator('[data-id="org-check"]').scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-org-check-no-permission');

    // A new integration asks the org (getSetupPermission): the same answer.
    await session.open('cardIntegrationEditor', 'en', { canManage: false });
    await page.locator('[data-id="check-permission"]').waitFor();
    expect(await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).isDisabled()).toBe(true);
    await session.open('cardIntegrationEditor');
    await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).waitFor();
    expect(await page.locator('[data-id="check-permission"]').count()).toBe(0);
    expect(session.errors.slice(errorsBefore)).toEqual([]);
  });

  it('says why the check did not run when the integration is not valid yet', async () => {
    const { page } = session;
    await session.open('cardIntegrationEditor');
    await page.getByRole('button', { name: label('CardCheckButton'), exact: true }).click();
    const panel = page.locator('c-card-org-check [role="alert"]');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(label('CardCheckFailedTitle'));
    expect(await panel.textContent()).toContain(
      label('CardErrorCheckInvalid').replace('{0}', label('CardValidationNameRequired'))
    );
    expect(await page.locator('[data-id="result"]').count()).toBe(0);
  });

  it('saves what happens when the person already exists and shows it again after a reload', async () => {
    const { page } = session;
    // The check refused above answers 400, which the browser logs: only this scenario's errors count.
    const errorsBefore = session.errors.length;
    await session.open('cardIntegrationList');
    await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
    const group = page.getByRole('radiogroup', { name: label('CardFieldRepeatPolicy') });
    // Booth leads creates Leads and chose no policy: an existing Lead is left as it is, the use case's default.
    const keep = label('CardEditorRepeatDefaultOption').replace('{0}', label('CardRepeatPolicyKeep'));
    expect(await group.getByRole('radio', { name: keep, exact: true }).isChecked()).toBe(true);
    expect(await page.locator('[data-id="repeat-default"]').textContent()).toContain(
      label('CardEditorRepeatDefaultApplies')
    );
    expect(await page.locator('[data-id="repeat-never-twice"]').textContent()).toContain(
      label('CardEditorRepeatNeverTwice')
    );

    await group.getByText(label('CardRepeatPolicyActivity'), { exact: true }).click();
    const activity = group.getByRole('radio', { name: label('CardRepeatPolicyActivity'), exact: true });
    expect(await activity.isChecked()).toBe(true);
    await page.locator('[data-id="repeat-default"]').waitFor({ state: 'detached' });
    await page.locator('[data-id="repeat"]').scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-repeat-policy');
    await page.getByRole('button', { name: label('CardEditorSave'), exact: true }).click();
    await toasts(page)
      .filter({ hasText: label('CardEditorSaved') })
      .first()
      .waitFor();

    // A reload asks the backend again (open() would reset it): the saved policy comes back from getIntegration.
    await page.reload();
    await page.getByRole('button', { name: 'Booth leads', exact: true }).click();
    const reloaded = page.getByRole('radiogroup', { name: label('CardFieldRepeatPolicy') });
    await reloaded.waitFor();
    expect(
      await reloaded.getByRole('radio', { name: label('CardRepeatPolicyActivity'), exact: true }).isChecked()
    ).toBe(true);
    expect(await page.locator('[data-id="repeat-default"]').count()).toBe(0);
    expect(session.errors.slice(errorsBefore)).toEqual([]);
  });

  it('says in the mapping preview which Email consent the sample would record, and that an opt-out stays', async () => {
    const { page } = session;
    const errorsBefore = session.errors.length;
    await session.open('cardIntegrationEditor');
    const consent = page.locator('[data-id="consent"]');
    await consent.waitFor();

    expect(await consent.getByRole('heading').textContent()).toBe(label('CardEditorConsentTitle'));
    expect((await page.locator('[data-id="consent-written"]').textContent())?.trim()).toBe(
      label('CardEditorConsentWritten').replace('{0}', 'ContactPointTypeConsent')
    );
    // John Doe accepted marketing on the card's QR form: an opt-in, its source naming the card, channel and text.
    expect((await page.locator('[data-id="consent-status"]').textContent())?.trim()).toBe(
      label('CardEditorConsentOptIn')
    );
    expect((await page.locator('[data-id="consent-source"]').textContent())?.trim()).toBe(
      `${label('CardConsentSourceCard')} · Jane Smith - Sales · qr · “I agree to receive emails”`
    );
    expect((await page.locator('[data-id="consent-through"]').textContent())?.trim()).toBe('Web');
    expect(await page.locator('[data-id="consent-captured"]').textContent()).toMatch(/2026/);
    expect((await page.locator('[data-id="consent-never-clears"]').textContent())?.trim()).toBe(
      label('CardEditorConsentNeverClears')
    );
    expect(await page.locator('[data-id="consent-off"]').count()).toBe(0);
    await consent.scrollIntoViewIfNeeded();
    await session.screenshot('integration-editor-consent');
    expect(session.errors.slice(errorsBefore)).toEqual([]);
  });
});
