import { describeInChromium, label, openPreviewSession, type PreviewSession } from './preview-browser';

describeInChromium('setup assistant in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('walks an admin through the four steps, showing what the org reports on each', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    const previous = page.getByRole('button', { name: label('CardSetupPrevious'), exact: true });
    const next = page.getByRole('button', { name: label('CardSetupNext'), exact: true });

    await page.locator('[data-step="app"]').waitFor();
    expect(await previous.isDisabled()).toBe(true);
    await session.screenshot('setup-assistant');

    await next.click();
    const permissions = page.locator('[data-step="permissions"]');
    await permissions.waitFor();
    expect(await permissions.textContent()).toContain('Card Exchange Integration');
    expect(await permissions.textContent()).toContain(label('CardSetupPermissionUnassigned'));

    await next.click();
    const advice = page.locator('[data-id="subscriber-advice"]');
    await advice.waitFor();
    expect((await advice.textContent())?.trim()).toBe(label('CardSetupSubscriberError'));
    expect(await page.locator('[data-id="subscriber-state"]').textContent()).toContain('UNABLE_TO_LOCK_ROW');
    await session.screenshot('setup-assistant-subscriber');

    await next.click();
    await page.locator('[data-step="test"]').waitFor();
    expect(await next.isDisabled()).toBe(true);
    expect(session.errors).toEqual([]);
  });

  it('sends a test exchange and shows what each active integration made of it', async () => {
    const { page } = session;
    await session.open('cardSetupAssistant');
    await page.getByText(label('CardSetupStepTest'), { exact: true }).first().click();
    await page.getByRole('button', { name: label('CardSetupTestSend'), exact: true }).click();

    const sent = page.locator('[data-id="sent"]');
    await sent.waitFor();
    expect(await sent.textContent()).toMatch(/exc_test_/);

    // The assistant polls every 3 s; the preview's subscriber has processed the exchange by the first poll.
    const outcome = page.locator('lightning-datatable tbody tr');
    await outcome.first().waitFor({ timeout: 20000 });
    expect(await outcome.count()).toBe(1);
    const row = await outcome.first().textContent();
    expect(row).toContain('Booth leads');
    expect(row).toContain('Created');
    expect(row).toMatch(/00Q\w{15}/);
    await session.screenshot('setup-assistant-test-exchange');
    expect(session.errors).toEqual([]);
  });
});
