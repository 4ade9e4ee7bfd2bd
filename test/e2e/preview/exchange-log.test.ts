import {
  chooseOption,
  describeInChromium,
  label,
  openPreviewSession,
  toasts,
  waitForCount,
  type PreviewSession
} from './preview-browser';

function format(template: string, ...values: (string | number)[]): string {
  return values.reduce<string>((text, value, index) => text.split(`{${index}}`).join(String(value)), template);
}

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
    // The log fixtures' rows: two pages, the exchanges Sales contacts holds for review, and John Doe's repeat page.
    expect(await rows.count()).toBe(9);
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

  it('filters the log to exchanges waiting for review, approves one and rejects the other once confirmed', async () => {
    const { page } = session;
    await session.open('cardExchangeLog');
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.first().waitFor();

    await chooseOption(page, label('CardLogFilterStatus'), label('CardStatusReview'));
    await waitForCount(rows, 2);
    expect(await rows.first().textContent()).toContain(label('CardStatusReview'));
    const approve = page.getByRole('button', { name: label('CardLogApprove'), exact: true });
    const reject = page.getByRole('button', { name: label('CardLogReject'), exact: true });
    expect(await approve.isDisabled()).toBe(true);
    expect(await reject.isDisabled()).toBe(true);

    await rows.filter({ hasText: 'CEL-0000005' }).locator('input[type="checkbox"]').check({ force: true });
    await approve.click();
    const approved = toasts(page).filter({ hasText: format(label('CardLogApproveDone'), 1, 1, 0) });
    await approved.first().waitFor();
    expect(await approved.first().getAttribute('data-variant')).toBe('success');
    await waitForCount(rows, 1);

    await rows.first().locator('input[type="checkbox"]').check({ force: true });
    const openReject = async () => {
      await reject.click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(format(label('CardLogRejectConfirm'), 1));
      return dialog;
    };
    await (await openReject()).getByRole('button', { name: 'Cancel' }).click();
    expect(await rows.count()).toBe(1);
    const dialog = await openReject();
    await session.screenshot('exchange-log-confirm-reject');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await toasts(page)
      .filter({ hasText: format(label('CardLogRejectDone'), 1) })
      .first()
      .waitFor();
    await page.locator('[data-id="empty"]').waitFor();

    // Nothing waits any more: one was processed through Sales contacts, the other keeps its trail.
    await chooseOption(page, label('CardLogFilterStatus'), label('CardLogAll'));
    const processed = page.locator('lightning-datatable tbody tr', { hasText: 'CEL-0000005' });
    await processed.getByText(label('CardStatusUpdated'), { exact: true }).waitFor();
    const rejected = page.locator('lightning-datatable tbody tr', { hasText: 'CEL-0000004' });
    await rejected.getByText(label('CardStatusRejected'), { exact: true }).waitFor();
    await rejected.getByRole('button', { name: 'CEL-0000004' }).click();
    const reviewed = page.locator('[data-id="detail-reviewed"]');
    await reviewed.waitFor();
    expect(await reviewed.textContent()).toMatch(/^By Ada Admin on \S/);
    await session.screenshot('exchange-log-reviewed');
    expect(session.errors).toEqual([]);
  });
  it('says why selected exchanges were not approved or rejected, each reason with how many it concerns', async () => {
    const { page, server } = session;
    await session.open('cardExchangeLog');
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.first().waitFor();
    await chooseOption(page, label('CardLogFilterStatus'), label('CardStatusReview'));
    await waitForCount(rows, 2);
    const selectBoth = async () => {
      for (const row of await rows.all()) {
        await row.locator('input[type="checkbox"]').check({ force: true });
      }
    };

    // Meanwhile another admin deletes Sales contacts, which holds both: neither can be approved, and the toast says why.
    server.backend.call('CardIntegrationListController.deleteIntegration', { integrationId: 'a00000000000002AAA' });
    await selectBoth();
    await page.getByRole('button', { name: label('CardLogApprove'), exact: true }).click();
    const notApproved = toasts(page).filter({ hasText: label('CardLogApproveNone') });
    await notApproved.first().waitFor();
    expect(await notApproved.first().getAttribute('data-variant')).toBe('warning');
    expect(await notApproved.first().textContent()).toContain(
      format(label('CardLogReviewReasonCount'), 2, label('CardReviewReasonIntegrationDeleted'))
    );
    await session.screenshot('exchange-log-review-reasons');
    await waitForCount(rows, 2);

    // And rejects one of them before this admin does: the rejection says it was no longer waiting.
    server.backend.call('CardExchangeLogController.reject', { logIds: ['a01000000000014AAA'] });
    await selectBoth();
    await page.getByRole('button', { name: label('CardLogReject'), exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    const rejected = toasts(page).filter({ hasText: format(label('CardLogRejectDone'), 1) });
    await rejected.first().waitFor();
    expect(await rejected.first().getAttribute('data-variant')).toBe('warning');
    expect(await rejected.first().textContent()).toContain(
      format(label('CardLogReviewReasonCount'), 1, label('CardReviewReasonNotWaiting'))
    );
    await page.locator('[data-id="empty"]').waitFor();
    expect(session.errors).toEqual([]);
  });
});
