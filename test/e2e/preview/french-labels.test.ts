import { describeInChromium, hasTranslation, label, openPreviewSession, type PreviewSession } from './preview-browser';

describeInChromium('French labels in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('switches the screens to the French translations with the language switch', async () => {
    const { page } = session;
    expect(hasTranslation('CardSetupTitle', 'fr')).toBe(true);
    expect(label('CardSetupTitle', 'fr')).not.toBe(label('CardSetupTitle'));
    await session.open('cardSetupAssistant');
    await page.getByText(label('CardSetupTitle'), { exact: true }).waitFor();

    await Promise.all([page.waitForURL(/lang=fr/), page.selectOption('#preview-language', 'fr')]);
    await page.getByText(label('CardSetupTitle', 'fr'), { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: label('CardSetupNext', 'fr'), exact: true }).count()).toBe(1);
    expect(await page.getByText(label('CardSetupTitle'), { exact: true }).count()).toBe(0);
    await session.screenshot('setup-assistant-fr');

    await page.getByRole('link', { name: 'Exchange Log' }).click();
    await page.getByText(label('CardLogTitle', 'fr'), { exact: true }).waitFor();
    await page.locator('lightning-datatable tbody tr').first().waitFor();
    await session.screenshot('exchange-log-fr');
    expect(session.errors).toEqual([]);
  });
});
