import {
  describeInChromium,
  label,
  openPreviewSession,
  waitForCount,
  waitForSettled,
  type PreviewSession
} from './preview-browser';

/** The sample Lead and Contact of the preview (preview/backend/sample-records.ts), whom the log fixtures met. */
const LEAD_ID = '00Q000000000001AAA';
const CONTACT_ID = '003000000000001AAA';

describeInChromium('Card exchanges on a Contact and a Lead page in the browser preview', () => {
  let session: PreviewSession;

  beforeAll(async () => {
    session = await openPreviewSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  const exchanges = () => session.page.locator('c-card-person-exchanges [data-id="exchange"]');
  const texts = async (id: string) =>
    (await exchanges().locator(`[data-id="${id}"]`).allTextContents()).map((text) => text.trim());

  it("lists the Lead's exchanges newest first, the repeat exchange with who met him again", async () => {
    const { page } = session;
    await session.open(`cardPersonExchanges?recordId=${LEAD_ID}`);
    await page.getByRole('heading', { name: label('CardPersonExchangesTitle') }).waitFor();
    await waitForCount(exchanges(), 2);
    await waitForSettled(page);

    expect(await page.locator('.slds-page-header h1').textContent()).toBe('LeadJohn Doe');
    expect(await texts('card')).toEqual(['Jane Smith - Sales', 'card_42']);
    expect(await texts('outcome')).toEqual([label('CardStatusRepeat'), label('CardStatusCreated')]);
    // Logged before who met the person was kept: no "Met by", and met when it was processed.
    expect(await texts('met-by')).toEqual(['Jane Smith']);
    expect((await texts('met-at')).every((text) => /2026/.test(text))).toBe(true);
    expect(await page.getByRole('list', { name: label('CardPersonExchangesTitle') }).count()).toBe(1);
    expect(await page.locator('c-card-person-exchanges [data-id="more"]').count()).toBe(0);
    await session.screenshot('person-exchanges-lead');
    expect(session.errors).toEqual([]);
  });

  it("switches to the Contact's page, whose test exchange carries a badge", async () => {
    const { page } = session;
    await session.open(`cardPersonExchanges?recordId=${LEAD_ID}`);
    await waitForCount(exchanges(), 2);

    await page.selectOption('#preview-record', CONTACT_ID);
    await page.locator('.slds-page-header h1', { hasText: 'Contact' }).waitFor();
    await exchanges().first().getByText('Marc Dupont - Marketing', { exact: true }).waitFor();
    await waitForCount(exchanges(), 2);

    expect(await texts('outcome')).toEqual([label('CardStatusUpdated'), label('CardStatusCreated')]);
    expect(await texts('met-by')).toEqual(['Marc Dupont']);
    const badges = exchanges().locator('lightning-badge');
    expect(await badges.count()).toBe(1);
    expect((await exchanges().nth(1).locator('lightning-badge').textContent())?.trim()).toBe(label('CardColumnTest'));
    await session.screenshot('person-exchanges-contact');
    expect(session.errors).toEqual([]);
  });

  it('shows the same repeat exchange in the exchange log, where the status filter offers it', async () => {
    const { page } = session;
    await session.open('cardExchangeLog');
    const rows = page.locator('lightning-datatable tbody tr');
    await rows.first().waitFor();
    await page.getByRole('combobox', { name: label('CardLogFilterStatus'), exact: true }).click();
    await page.getByRole('option', { name: label('CardStatusRepeat'), exact: true }).click();
    await waitForCount(rows, 1);

    expect(await rows.first().textContent()).toContain(label('CardStatusRepeat'));
    await rows.first().getByRole('button', { name: 'CEL-0000008' }).click();
    const detail = page.locator('[data-id="detail"]');
    await detail.waitFor();
    expect(await page.locator('[data-id="detail-card"]').textContent()).toBe('Jane Smith - Sales');
    expect(await page.locator('[data-id="detail-met-by"]').textContent()).toBe('Jane Smith');
    expect(await page.locator('[data-id="detail-status"]').textContent()).toBe(label('CardStatusRepeat'));
    await session.screenshot('exchange-log-repeat');
    expect(session.errors).toEqual([]);
  });
});
