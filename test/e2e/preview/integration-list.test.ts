import {
  describeInChromium,
  label,
  openPreviewSession,
  toasts,
  waitForCount,
  type PreviewSession
} from './preview-browser';

function format(template: string, ...values: string[]): string {
  return values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);
}

describeInChromium('integrations list in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('deletes an integration only after the admin confirms it', async () => {
    const { page } = session;
    await session.open('cardIntegrationList');
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.first().waitFor();
    const before = await rows.count();
    const target = rows.filter({ hasText: 'Sales contacts' });

    const openDelete = async () => {
      await target.getByRole('button').last().click();
      await page.getByRole('menuitem', { name: label('CardActionDelete'), exact: true }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(format(label('CardListConfirmDelete'), 'Sales contacts'));
      return dialog;
    };

    await (await openDelete()).getByRole('button', { name: 'Cancel' }).click();
    expect(await rows.count()).toBe(before);

    const dialog = await openDelete();
    await session.screenshot('integrations-confirm-delete');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await toasts(page)
      .filter({ hasText: format(label('CardListDeleted'), 'Sales contacts') })
      .first()
      .waitFor();
    await waitForCount(rows, before - 1);
    expect(await target.count()).toBe(0);
    expect(session.errors).toEqual([]);
  });

  it('shows how many exchanges wait for review and leads to them in the exchange log', async () => {
    const { page } = session;
    await session.open('cardIntegrationList');
    const target = page.locator('lightning-datatable tbody tr', { hasText: 'Sales contacts' });
    await target.waitFor();
    expect(await target.textContent()).toContain(format(label('CardListWaitingForReview'), '2'));

    await target.getByRole('button').last().click();
    await page.getByRole('menuitem', { name: label('CardActionReview'), exact: true }).click();

    const rows = page.locator('lightning-datatable tbody tr');
    await page.locator('c-card-exchange-log').waitFor();
    await waitForCount(rows, 2);
    for (const row of await rows.all()) {
      expect(await row.textContent()).toContain(label('CardStatusReview'));
      expect(await row.textContent()).toContain('Sales contacts');
    }
    const status = page.getByRole('combobox', { name: label('CardLogFilterStatus'), exact: true });
    expect((await status.textContent())?.trim() || (await status.inputValue().catch(() => ''))).toContain(
      label('CardStatusReview')
    );
    expect(session.errors).toEqual([]);
  });
});
