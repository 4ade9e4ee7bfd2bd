import {
  chooseOption,
  describeInChromium,
  label,
  openPreviewSession,
  toasts,
  waitForCount,
  type PreviewSession
} from './preview-browser';

describeInChromium('exchange log in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('filters the log to failed exchanges and retries one until it succeeds', async () => {
    const { page } = session;
    await session.open('cardExchangeLog');
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    await session.screenshot('exchange-log');

    await chooseOption(page, label('CardLogFilterStatus'), label('CardStatusFailed'));
    await waitForCount(rows, 1);
    const failed = rows.first();
    expect(await failed.textContent()).toContain('Company is required');

    await failed.locator('input[type="checkbox"]').check({ force: true });
    await page.getByRole('button', { name: label('CardLogRetrySelected'), exact: true }).click();
    await toasts(page).first().waitFor();
    expect(await toasts(page).first().getAttribute('data-variant')).toBe('success');
    await session.screenshot('exchange-log-retried');

    await chooseOption(page, label('CardLogFilterStatus'), label('CardLogAll'));
    const retried = page.locator('lightning-datatable tbody tr', { hasText: 'CEL-0000002' });
    await retried.getByText(label('CardStatusCreated'), { exact: true }).waitFor();
    expect(await retried.textContent()).toMatch(/2\s*$/);

    // Processed without a failure now: the person's details are gone, and the detail says since when.
    await retried.getByRole('button', { name: 'CEL-0000002' }).click();
    const missing = page.locator('[data-id="payload-missing"]');
    await missing.waitFor();
    expect(await missing.textContent()).toMatch(
      new RegExp(`^${label('CardLogDetailPayloadCleared').split('{0}')[0]}\\S`)
    );
    expect(await page.locator('[data-id="payload"]').count()).toBe(0);
    expect(session.errors).toEqual([]);
  });
});
