import {
  describeInChromium,
  label,
  openPreviewSession,
  toasts,
  waitForSettled,
  type PreviewSession
} from './preview-browser';

/** A label with its {0}, {1} placeholders filled, as the screen shows it. */
function filled(name: string, ...values: (string | number)[]): string {
  return values.reduce<string>((text, value, index) => text.split(`{${index}}`).join(String(value)), label(name));
}

describeInChromium('setup assistant in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('walks an admin through the five steps, showing what the org reports on each', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    const previous = page.getByRole('button', { name: label('CardSetupPrevious'), exact: true });
    const next = page.getByRole('button', { name: label('CardSetupNext'), exact: true });

    await page.locator('[data-step="app"]').waitFor();
    expect(await previous.isDisabled()).toBe(true);
    // Above every step: when the relay last delivered, and what waits.
    const lastExchange = (await page.locator('[data-id="last-exchange"]').textContent()) ?? '';
    const lastExchangePrefix = label('CardSetupLastExchange').split('{0}')[0] ?? '';
    expect(lastExchange.startsWith(lastExchangePrefix)).toBe(true);
    expect(lastExchange.length).toBeGreaterThan(lastExchangePrefix.length + 8);
    expect(await page.locator('[data-id="waiting-reasons"]').textContent()).toContain(
      label('CardSetupWaitingNoRunAsUser')
    );
    await waitForSettled(page);
    await session.screenshot('setup-assistant');

    await next.click();
    const permissions = page.locator('[data-step="permissions"]');
    await permissions.waitFor();
    expect(await permissions.textContent()).toContain('Card Exchange Publisher');
    expect(await permissions.textContent()).toContain('Card Exchange Integration');
    expect(await permissions.textContent()).toContain(label('CardSetupPermissionUnassigned'));

    await next.click();
    const automated = page.locator('[data-id="run-as-automated"]');
    await automated.waitFor();
    expect(await automated.textContent()).toContain(label('CardSetupRunAsAutomatedTitle'));
    expect(await automated.textContent()).toContain(filled('CardSetupRunAsStepBatch', 650));
    expect((await page.locator('[data-id="subscriber-advice"]').textContent())?.trim()).toBe(
      label('CardSetupSubscriberIdle')
    );
    expect(await page.locator('[data-id="batch-size"]').textContent()).toContain('650');
    await session.screenshot('setup-assistant-subscriber');

    await next.click();
    await page.locator('[data-step="retention"]').waitFor();
    expect(await page.locator('[data-id="retention-next"]').textContent()).toBe(
      label('CardSetupRetentionNotScheduled')
    );

    await next.click();
    await page.locator('[data-step="test"]').waitFor();
    expect(await next.isDisabled()).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('processes the waiting exchanges and then says none waits', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    await page.locator('[data-id="waiting-summary"]').waitFor();
    expect(await page.locator('[data-id="waiting-summary"]').textContent()).toContain(
      filled('CardSetupWaitingSummary', 3).split('{1}')[0]
    );

    await page.getByRole('button', { name: label('CardSetupWaitingProcess'), exact: true }).click();
    const processed = toasts(page).filter({ hasText: filled('CardSetupWaitingProcessed', 3, 0) });
    await processed.first().waitFor();
    expect(await processed.first().getAttribute('data-variant')).toBe('success');
    await page.locator('[data-id="nothing-waiting"]').waitFor();
    expect(await page.locator('[data-id="nothing-waiting"]').textContent()).toBe(label('CardSetupWaitingNone'));
    expect(session.errors).toEqual([]);
  });

  it('grants the missing access after showing exactly what it grants', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    await page.getByText(label('CardSetupStepPermissions'), { exact: true }).first().click();
    const grant = page.getByRole('button', { name: label('CardSetupGrantButton'), exact: true });

    // Cancel changes nothing.
    await grant.click();
    const dialog = page.getByRole('dialog', { name: filled('CardSetupGrantTitle', 'Integration User') });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: label('CardSetupGrantCancel'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await grant.isVisible()).toBe(true);

    await grant.click();
    await dialog.waitFor();
    const objects = dialog.locator('[data-id="grant-objects"]');
    expect(await objects.textContent()).toContain(
      filled('CardSetupGrantObjectLine', 'Lead', `${label('CardSetupAccessRead')}, ${label('CardSetupAccessCreate')}`)
    );
    expect(await dialog.locator('[data-id="grant-fields"]').textContent()).toContain('Lead.Industry');
    expect(await dialog.locator('[data-id="grant-intro"]').textContent()).toContain(
      'Cardbridge_Standard_Access_005000000000004'
    );
    await session.screenshot('setup-assistant-grant-access');

    await dialog.getByRole('button', { name: label('CardSetupGrantConfirm'), exact: true }).click();
    const granted = toasts(page).filter({ hasText: 'Cardbridge_Standard_Access_005000000000004' });
    await granted.first().waitFor();
    expect(await granted.first().getAttribute('data-variant')).toBe('success');
    await dialog.waitFor({ state: 'detached' });
    const summary = page.locator('[data-id="access-summary"]');
    await summary.filter({ hasText: filled('CardSetupAccessOk', 'Integration User') }).waitFor();
    expect(await grant.count()).toBe(0);
    expect(session.errors).toEqual([]);
  });

  it('saves the data retention with the nightly clean-up and shows its next run', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    await page.getByText(label('CardSetupStepRetention'), { exact: true }).first().click();
    const days = page.getByRole('spinbutton', { name: label('CardSetupRetentionDays') });
    await days.waitFor();

    await days.fill('0');
    await page.getByRole('button', { name: label('CardSetupRetentionSave'), exact: true }).click();
    const daysMessage = page.locator('[data-id="retention-days"] [data-help-message]');
    await daysMessage.filter({ hasText: label('CardErrorRetentionDays') }).waitFor();

    await days.fill('90');
    await page.locator('[data-id="retention-clean-up"] input').check({ force: true });
    await page.getByRole('button', { name: label('CardSetupRetentionSave'), exact: true }).click();
    const saved = toasts(page).filter({ hasText: label('CardSetupRetentionSaved') });
    await saved.first().waitFor();
    const nextRun = page.locator('[data-id="retention-next"]');
    await nextRun.filter({ hasText: filled('CardSetupRetentionNextRun', '') }).waitFor();
    expect(await page.locator('[data-id="step-status"]').textContent()).toBe(label('CardSetupStepDone'));
    expect(session.errors).toEqual([]);
  });

  it('sends a test exchange, which waits while the subscriber runs as Automated Process, and shows its outcome once processed', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    await page.getByText(label('CardSetupStepTest'), { exact: true }).first().click();
    expect(await page.locator('[data-id="test-waits"]').textContent()).toBe(label('CardSetupTestWaitsForRunAs'));
    await page.getByRole('button', { name: label('CardSetupTestSend'), exact: true }).click();

    const sent = page.locator('[data-id="sent"]');
    await sent.waitFor();
    expect(await sent.textContent()).toMatch(/exc_test_/);
    // Held like the others: the waiting count goes up.
    await page
      .locator('[data-id="waiting-summary"]')
      .filter({ hasText: filled('CardSetupWaitingSummary', 4).split('{1}')[0] })
      .waitFor();

    await page.getByRole('button', { name: label('CardSetupWaitingProcess'), exact: true }).click();
    // The assistant polls every 3 s; the preview processed the exchange with the waiting ones.
    const outcome = page.locator('lightning-datatable tbody tr');
    await outcome.first().waitFor({ timeout: 20000 });
    expect(await outcome.count()).toBe(1);
    const row = await outcome.first().textContent();
    expect(row).toContain('Booth leads');
    expect(row).toContain('Created');
    expect(row).toMatch(/00Q\w{15}/);
    await page.locator('[data-id="nothing-waiting"]').waitFor();
    await session.screenshot('setup-assistant-test-exchange');
    expect(session.errors).toEqual([]);
  });
});
