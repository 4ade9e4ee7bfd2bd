import { createElement } from '@lwc/engine-dom';
import CardExchangeLog, { PAGE_SIZE } from 'c/cardExchangeLog';
import getLogs from '@salesforce/apex/CardExchangeLogController.getLogs';
import getLogDetail from '@salesforce/apex/CardExchangeLogController.getLogDetail';
import getIntegrationOptions from '@salesforce/apex/CardExchangeLogController.getIntegrationOptions';
import retry from '@salesforce/apex/CardExchangeLogController.retry';
import approve from '@salesforce/apex/CardExchangeLogController.approve';
import reject from '@salesforce/apex/CardExchangeLogController.reject';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';
import { CurrentPageReference } from 'lightning/navigation';

const FIRST_PAGE = require('./data/firstPage.json');
const SECOND_PAGE = require('./data/secondPage.json');
const LOG_DETAIL = require('./data/logDetail.json');
const INTEGRATION_OPTIONS = require('./data/integrationOptions.json');
const REVIEW_PAGE = require('./data/reviewPage.json');
const REPEAT_PAGE = require('./data/repeatPage.json');
const [WAITING, OTHER_WAITING, REJECTED] = REVIEW_PAGE.rows;
const FAILED = FIRST_PAGE.rows[0];
const MIXED_PAGE = { ...REVIEW_PAGE, rows: [...REVIEW_PAGE.rows, ...FIRST_PAGE.rows] };

// getLogs is both wired (first page) and called imperatively (next pages): a wire adapter that is also a jest.fn.
jest.mock(
  '@salesforce/apex/CardExchangeLogController.getLogs',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/CardExchangeLogController.getIntegrationOptions',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/CardExchangeLogController.getLogDetail', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardExchangeLogController.retry', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CardExchangeLogController.approve', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/CardExchangeLogController.reject', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));
jest.mock(
  '@salesforce/label/c.CardLogApproveDone',
  () => ({ default: 'Approved {0}: {1} created or updated, {2} failed' }),
  {
    virtual: true
  }
);
jest.mock('@salesforce/label/c.CardLogReviewReasonCount', () => ({ default: '{0} × {1}' }), { virtual: true });
jest.mock('@salesforce/label/c.CardLogRejectDone', () => ({ default: 'Rejected {0}.' }), { virtual: true });
jest.mock('@salesforce/label/c.CardLogRejectConfirm', () => ({ default: 'Reject {0} exchange(s)?' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardLogDetailReviewedBy', () => ({ default: 'By {0} on {1}' }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
jest.mock(
  '@salesforce/label/c.CardLogRetryDone',
  () => ({ default: 'Retried {0}: {1} succeeded, {2} still failing' }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/label/c.CardLogRetryNotRetryable',
  () => ({
    default:
      '{0} cannot be retried: no integration took them, their integration was deleted, or their details are no longer kept.'
  }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.CardLogDetailPayloadCleared',
  () => ({ default: 'Cleared on {0}: no retry needs these details any more.' }),
  { virtual: true }
);

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

async function renderWith(page) {
  const element = createElement('c-card-exchange-log', { is: CardExchangeLog });
  document.body.appendChild(element);
  getIntegrationOptions.emit(INTEGRATION_OPTIONS);
  getLogs.emit(page);
  await flushPromises();
  return element;
}

function query(element, selector) {
  return element.shadowRoot.querySelector(selector);
}

function table(element) {
  return query(element, 'lightning-datatable');
}

function listenForToasts(element) {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}

async function openDetail(element, row = FIRST_PAGE.rows[0]) {
  table(element).dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name: 'view' }, row } }));
  await flushPromises();
}

async function select(element, rows) {
  table(element).dispatchEvent(new CustomEvent('rowselection', { detail: { selectedRows: rows } }));
  await flushPromises();
}

describe('c-card-exchange-log', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows the first page newest first with a record link', async () => {
    const element = await renderWith(FIRST_PAGE);

    expect(getLogs.getLastConfig()).toEqual({ filters: { pageSize: PAGE_SIZE, testMode: 'all' } });
    expect(table(element).data.map((row) => row.exchangeId)).toEqual(['exc_2', 'exc_1']);
    const recordColumn = table(element).columns.find((column) => column.fieldName === 'recordUrl');
    expect(recordColumn.type).toBe('url');
  });

  it('refetches from the first page when a filter changes', async () => {
    const element = await renderWith(FIRST_PAGE);

    const status = query(element, '[data-filter="status"]');
    status.dispatchEvent(new CustomEvent('change', { detail: { value: 'Failed' } }));
    await flushPromises();
    const integration = query(element, '[data-filter="integrationId"]');
    integration.dispatchEvent(new CustomEvent('change', { detail: { value: 'a00000000000002AAA' } }));
    await flushPromises();
    const from = query(element, '[data-filter="fromDate"]');
    from.dispatchEvent(new CustomEvent('change', { detail: { value: '2026-11-01' } }));
    await flushPromises();
    const testMode = query(element, '[data-filter="testMode"]');
    testMode.dispatchEvent(new CustomEvent('change', { detail: { value: 'test' } }));
    await flushPromises();

    expect(getLogs.getLastConfig()).toEqual({
      filters: {
        pageSize: PAGE_SIZE,
        status: 'Failed',
        integrationId: 'a00000000000002AAA',
        fromDate: '2026-11-01',
        toDate: null,
        testMode: 'test'
      }
    });
  });

  it('offers every integration in the filter', async () => {
    const element = await renderWith(FIRST_PAGE);

    const options = query(element, '[data-filter="integrationId"]').options;
    expect(options.map((option) => option.label)).toEqual(['c.CardLogAll', 'Booth leads', 'Sales contacts']);
  });

  it('loads the next page after the cursor and appends it', async () => {
    getLogs.mockResolvedValue(SECOND_PAGE);
    const element = await renderWith(FIRST_PAGE);

    query(element, '[data-id="load-more"]').click();
    await flushPromises();

    expect(getLogs).toHaveBeenCalledWith({
      filters: {
        pageSize: PAGE_SIZE,
        testMode: 'all',
        cursorDate: FIRST_PAGE.nextCursorDate,
        cursorId: FIRST_PAGE.nextCursorId
      }
    });
    expect(table(element).data.map((row) => row.exchangeId)).toEqual(['exc_2', 'exc_1', 'exc_0']);
    expect(query(element, '[data-id="load-more"]')).toBeNull();
  });

  it('shows the detail with payload, error and event id', async () => {
    getLogDetail.mockResolvedValue(LOG_DETAIL);
    const element = await renderWith(FIRST_PAGE);

    table(element).dispatchEvent(
      new CustomEvent('rowaction', { detail: { action: { name: 'view' }, row: FIRST_PAGE.rows[0] } })
    );
    await flushPromises();

    expect(getLogDetail).toHaveBeenCalledWith({ logId: FIRST_PAGE.rows[0].id });
    expect(query(element, '[data-id="payload"]').textContent).toBe(
      JSON.stringify({ ExchangeId__c: 'exc_2', LastName__c: 'Doe' }, null, 2)
    );
    expect(query(element, '[data-id="detail-error"]').textContent).toContain('Company is required');
    expect(query(element, '[data-id="detail"]').textContent).toContain(LOG_DETAIL.eventUuid);

    query(element, '[data-id="close-detail"]').click();
    await flushPromises();
    expect(query(element, '[data-id="detail"]')).toBeNull();
  });

  it('says when and why the details were cleared', async () => {
    getLogDetail.mockResolvedValue({ ...LOG_DETAIL, payload: null, payloadClearedAt: '2026-11-25T10:01:00.000Z' });
    const element = await renderWith(FIRST_PAGE);

    await openDetail(element);

    expect(query(element, '[data-id="payload"]')).toBeNull();
    expect(query(element, '[data-id="payload-missing"]').textContent).toBe(
      'Cleared on Wed, Nov 25, 2026, 2:01 AM: no retry needs these details any more.'
    );
  });

  it('says the details are no longer kept when they are gone without a clearing date', async () => {
    getLogDetail.mockResolvedValue({ ...LOG_DETAIL, payload: null, payloadClearedAt: null });
    const element = await renderWith(FIRST_PAGE);

    await openDetail(element);

    expect(query(element, '[data-id="payload-missing"]').textContent).toBe('c.CardLogDetailPayloadGone');
  });

  it('reads the detail anew each time, since the platform may not cache it', async () => {
    getLogDetail.mockResolvedValue(LOG_DETAIL);
    const element = await renderWith(FIRST_PAGE);

    await openDetail(element);
    await openDetail(element);

    expect(getLogDetail).toHaveBeenCalledTimes(2);
  });

  it('shows the error panel when the detail cannot be read', async () => {
    getLogDetail.mockRejectedValue({ body: { message: 'This log row no longer exists.' } });
    const element = await renderWith(FIRST_PAGE);

    await openDetail(element);

    expect(query(element, '[data-id="detail"]')).toBeNull();
    const panels = element.shadowRoot.querySelectorAll('c-card-error-panel');
    const detailPanel = [...panels].find((panel) => panel.errors);
    expect(detailPanel.errors).toEqual({ body: { message: 'This log row no longer exists.' } });
    expect(detailPanel.friendlyMessage).toBe('c.CardLogLoadError');
  });

  it('offers no retry, and says why, to a user without the setup permission', async () => {
    const element = await renderWith({ ...FIRST_PAGE, canRetry: false });

    await select(element, FIRST_PAGE.rows);

    expect(query(element, '[data-id="retry"]').disabled).toBe(true);
    expect(query(element, '[data-id="retry-permission"]').textContent).toContain('c.CardLogRetryNeedsPermission');
    expect(retry).not.toHaveBeenCalled();
  });

  it('retries only the selected failed exchanges and refreshes', async () => {
    retry.mockResolvedValue({ retried: 1, succeeded: 1, failed: 0, notRetryable: 0 });
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);
    expect(query(element, '[data-id="retry"]').disabled).toBe(true);

    await select(element, FIRST_PAGE.rows);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(retry).toHaveBeenCalledWith({ logIds: [FIRST_PAGE.rows[0].id] });
    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'Retried 1: 1 succeeded, 0 still failing',
      message: '',
      variant: 'success'
    });
    expect(refreshApex).toHaveBeenCalled();
  });

  it('says how many selected exchanges cannot be retried, and why', async () => {
    retry.mockResolvedValue({ retried: 1, succeeded: 1, failed: 0, notRetryable: 2 });
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);

    await select(element, [FIRST_PAGE.rows[0]]);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'Retried 1: 1 succeeded, 0 still failing',
      message:
        '2 cannot be retried: no integration took them, their integration was deleted, or their details are no longer kept.',
      variant: 'warning'
    });
  });

  it('says why nothing was retried when none of the selected exchanges can be', async () => {
    retry.mockResolvedValue({ retried: 0, succeeded: 0, failed: 0, notRetryable: 1 });
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);

    await select(element, [FIRST_PAGE.rows[0]]);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title:
        '1 cannot be retried: no integration took them, their integration was deleted, or their details are no longer kept.',
      variant: 'warning'
    });
  });

  it('warns when a retried exchange still fails', async () => {
    retry.mockResolvedValue({ retried: 1, succeeded: 0, failed: 1, notRetryable: 0 });
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);

    await select(element, [FIRST_PAGE.rows[0]]);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'Retried 1: 0 succeeded, 1 still failing',
      variant: 'warning'
    });
  });

  it('warns instead of retrying when no selected exchange failed', async () => {
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);

    await select(element, [FIRST_PAGE.rows[1]]);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(retry).not.toHaveBeenCalled();
    expect(toasts.mock.calls[0][0].detail).toMatchObject({ title: 'c.CardLogRetryNothing', variant: 'warning' });
  });

  it('shows an error toast when the retry fails', async () => {
    retry.mockRejectedValue({ body: { message: 'The retry failed: row locked' } });
    const element = await renderWith(FIRST_PAGE);
    const toasts = listenForToasts(element);

    await select(element, [FIRST_PAGE.rows[0]]);
    query(element, '[data-id="retry"]').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      variant: 'error',
      message: 'The retry failed: row locked'
    });
  });

  it('shows the empty state when nothing matches', async () => {
    const element = await renderWith({ rows: [] });

    expect(table(element)).toBeNull();
    expect(query(element, '[data-id="empty"]').textContent).toBe('c.CardLogEmpty');
  });

  it('shows the error panel when the log cannot be read', async () => {
    const element = createElement('c-card-exchange-log', { is: CardExchangeLog });
    document.body.appendChild(element);
    getLogs.error({ message: 'No access to CardExchangeLog__c' });
    await flushPromises();

    const panel = query(element, 'c-card-error-panel');
    expect(panel.friendlyMessage).toBe('c.CardLogLoadError');
    expect(panel.errors).toBeTruthy();
  });

  it('is accessible with the detail open, its details kept or cleared', async () => {
    getLogDetail
      .mockResolvedValueOnce(LOG_DETAIL)
      .mockResolvedValueOnce({ ...LOG_DETAIL, payload: null, payloadClearedAt: '2026-11-25T10:01:00.000Z' });
    const element = await renderWith(FIRST_PAGE);

    await openDetail(element);
    await expect(element).toBeAccessible();
    await openDetail(element);
    await expect(element).toBeAccessible();
  });

  describe('who met the person, with which card, and repeat exchanges', () => {
    const [REPEAT, , UNNAMED_CARD] = REPEAT_PAGE.rows;

    it('names a repeat exchange as such in the list and offers it in the status filter', async () => {
      const element = await renderWith(REPEAT_PAGE);

      expect(table(element).data.map((row) => row.statusLabel)).toEqual([
        'c.CardStatusRepeat',
        'c.CardStatusUpdated',
        'c.CardStatusCreated'
      ]);
      const options = query(element, '[data-filter="status"]').options;
      expect(options).toContainEqual({ label: 'c.CardStatusRepeat', value: 'Repeat' });
      query(element, '[data-filter="status"]').dispatchEvent(
        new CustomEvent('change', { detail: { value: 'Repeat' } })
      );
      await flushPromises();
      expect(getLogs.getLastConfig().filters).toMatchObject({ status: 'Repeat' });
    });

    it('shows the card, who met the person and when in the detail', async () => {
      getLogDetail.mockResolvedValue({ ...REPEAT, warnings: null, eventUuid: null, payload: null });
      const element = await renderWith(REPEAT_PAGE);

      await openDetail(element, REPEAT);

      expect(query(element, '[data-id="detail-status"]').textContent).toBe('c.CardStatusRepeat');
      expect(query(element, '[data-id="detail-card"]').textContent).toBe('Jane Smith - Sales');
      expect(query(element, '[data-id="detail-met-by"]').textContent).toBe('Jane Smith');
      // In the user's locale and time zone (sfdx-lwc-jest: en-US, America/Los_Angeles).
      expect(query(element, '[data-id="detail-met-at"]').textContent).toBe('Fri, Nov 27, 2026, 6:05 AM');
      const terms = [...element.shadowRoot.querySelectorAll('[data-id="detail"] dt')].map((dt) => dt.textContent);
      expect(terms).toEqual(expect.arrayContaining(['c.CardColumnCard', 'c.CardColumnMetBy', 'c.CardColumnMetAt']));
    });

    it('names the card by its id when its name is not known, and leaves out who and when when not known', async () => {
      getLogDetail.mockResolvedValue({ ...UNNAMED_CARD, metAt: null, payload: null });
      const element = await renderWith(REPEAT_PAGE);

      await openDetail(element, UNNAMED_CARD);

      expect(query(element, '[data-id="detail-card"]').textContent).toBe('card_42');
      expect(query(element, '[data-id="detail-met-by"]')).toBeNull();
      expect(query(element, '[data-id="detail-met-at"]')).toBeNull();
    });

    it('is accessible with a repeat exchange open', async () => {
      getLogDetail.mockResolvedValue({ ...REPEAT, payload: null });
      const element = await renderWith(REPEAT_PAGE);

      await openDetail(element, REPEAT);

      await expect(element).toBeAccessible();
    });
  });

  describe('exchanges held for review', () => {
    function button(element, id) {
      return query(element, `[data-id="${id}"]`);
    }

    it('names each status in the admin language, waiting for review and rejected included', async () => {
      const element = await renderWith(MIXED_PAGE);

      expect(table(element).data.map((row) => row.statusLabel)).toEqual([
        'c.CardStatusReview',
        'c.CardStatusReview',
        'c.CardStatusRejected',
        'c.CardStatusFailed',
        'c.CardStatusCreated'
      ]);
      expect(table(element).columns.find((column) => column.label === 'c.CardColumnStatus').fieldName).toBe(
        'statusLabel'
      );
      const options = query(element, '[data-filter="status"]').options;
      expect(options).toEqual(
        expect.arrayContaining([
          { label: 'c.CardStatusReview', value: 'Review' },
          { label: 'c.CardStatusRejected', value: 'Rejected' }
        ])
      );
    });

    it('opens filtered to what the page state asks for, and keeps the admin choice afterwards', async () => {
      const element = await renderWith(REVIEW_PAGE);

      CurrentPageReference.emit({
        type: 'standard__navItemPage',
        attributes: { apiName: 'cardbridge__CardExchangeLogPage' },
        state: { cardbridge__status: 'Review', cardbridge__integrationId: 'a00000000000002AAA' }
      });
      await flushPromises();

      expect(getLogs.getLastConfig().filters).toMatchObject({ status: 'Review', integrationId: 'a00000000000002AAA' });
      expect(query(element, '[data-filter="status"]').value).toBe('Review');
      expect(query(element, '[data-filter="integrationId"]').value).toBe('a00000000000002AAA');

      query(element, '[data-filter="status"]').dispatchEvent(new CustomEvent('change', { detail: { value: '' } }));
      CurrentPageReference.emit({
        state: { cardbridge__status: 'Review', cardbridge__integrationId: 'a00000000000002AAA' }
      });
      await flushPromises();
      expect(getLogs.getLastConfig().filters.status).toBeNull();
    });

    it('ignores a page state that asks for no known status', async () => {
      const element = await renderWith(FIRST_PAGE);

      CurrentPageReference.emit({ state: { cardbridge__status: 'Everything' } });
      await flushPromises();

      expect(getLogs.getLastConfig()).toEqual({ filters: { pageSize: PAGE_SIZE, testMode: 'all' } });
      expect(query(element, '[data-filter="status"]').value).toBe('');
    });

    it('offers approve and reject only once an exchange waiting for review is selected', async () => {
      const element = await renderWith(MIXED_PAGE);
      expect(button(element, 'approve').disabled).toBe(true);
      expect(button(element, 'reject').disabled).toBe(true);

      await select(element, [REJECTED, FAILED]);
      expect(button(element, 'approve').disabled).toBe(true);
      expect(button(element, 'reject').disabled).toBe(true);

      await select(element, [WAITING]);
      expect(button(element, 'approve').disabled).toBe(false);
      expect(button(element, 'reject').disabled).toBe(false);
    });

    it('offers no review to a user without the setup permission', async () => {
      const element = await renderWith({ ...REVIEW_PAGE, canRetry: false });

      await select(element, [WAITING]);

      expect(button(element, 'approve').disabled).toBe(true);
      expect(button(element, 'reject').disabled).toBe(true);
      expect(query(element, '[data-id="retry-permission"]').textContent).toContain('c.CardLogRetryNeedsPermission');
    });

    it('approves only the selected exchanges waiting for review, says how it went and refreshes', async () => {
      approve.mockResolvedValue({
        reviewed: 2,
        succeeded: 2,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 0,
        reasons: []
      });
      const element = await renderWith(MIXED_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING, OTHER_WAITING, REJECTED, FAILED]);
      button(element, 'approve').click();
      await flushPromises();

      expect(approve).toHaveBeenCalledWith({ logIds: [WAITING.id, OTHER_WAITING.id] });
      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'Approved 2: 2 created or updated, 0 failed',
        message: '',
        variant: 'success'
      });
      expect(refreshApex).toHaveBeenCalled();
      expect(table(element).selectedRows).toEqual([]);
    });

    const deleted = (logId) => ({ logId, code: 'IntegrationDeleted', message: 'The integration was deleted.' });
    const gone = (logId) => ({ logId, code: 'NoPayload', message: 'The details are no longer kept.' });
    const notWaiting = (logId) => ({ logId, code: 'NotWaitingForReview', message: 'Not waiting for review.' });

    it('warns when an approved exchange failed or could not be approved, saying why', async () => {
      approve.mockResolvedValue({
        reviewed: 1,
        succeeded: 0,
        failed: 1,
        notApprovable: 1,
        notWaitingForReview: 0,
        reasons: [gone(OTHER_WAITING.id)]
      });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING, OTHER_WAITING]);
      button(element, 'approve').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'Approved 1: 0 created or updated, 1 failed',
        message: '1 × The details are no longer kept.',
        variant: 'warning'
      });
    });

    it('says why nothing was approved, each reason once with how many it concerns', async () => {
      approve
        .mockResolvedValueOnce({
          reviewed: 0,
          succeeded: 0,
          failed: 0,
          notApprovable: 2,
          notWaitingForReview: 1,
          reasons: [deleted('a1'), notWaiting('a2'), deleted('a3')]
        })
        .mockResolvedValueOnce({
          reviewed: 0,
          succeeded: 0,
          failed: 0,
          notApprovable: 0,
          notWaitingForReview: 1,
          reasons: [notWaiting(WAITING.id)]
        });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING]);
      button(element, 'approve').click();
      await flushPromises();
      await select(element, [WAITING]);
      button(element, 'approve').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardLogApproveNone',
        message: '2 × The integration was deleted. 1 × Not waiting for review.',
        variant: 'warning'
      });
      // Only exchanges no longer waiting: the log is out of date, nothing else to explain.
      expect(toasts.mock.calls[1][0].detail).toMatchObject({
        title: 'c.CardLogReviewNoneWaiting',
        message: '',
        variant: 'warning'
      });
    });

    it('rejects only after the admin confirms, since a rejection cannot be undone', async () => {
      LightningConfirm.open.mockResolvedValueOnce(false).mockResolvedValueOnce(true);
      reject.mockResolvedValue({
        reviewed: 1,
        succeeded: 0,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 0,
        reasons: []
      });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [OTHER_WAITING, REJECTED]);
      button(element, 'reject').click();
      await flushPromises();
      expect(reject).not.toHaveBeenCalled();
      expect(LightningConfirm.open).toHaveBeenCalledWith({
        message: 'Reject 1 exchange(s)?',
        label: 'c.CardLogRejectConfirmTitle',
        theme: 'warning'
      });

      button(element, 'reject').click();
      await flushPromises();
      expect(reject).toHaveBeenCalledWith({ logIds: [OTHER_WAITING.id] });
      expect(toasts.mock.calls[0][0].detail).toMatchObject({ title: 'Rejected 1.', variant: 'success' });
      expect(refreshApex).toHaveBeenCalled();
    });

    it('says how many of the rejected exchanges were no longer waiting for review', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      reject.mockResolvedValue({
        reviewed: 1,
        succeeded: 0,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 1,
        reasons: [notWaiting(WAITING.id)]
      });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING, OTHER_WAITING]);
      button(element, 'reject').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'Rejected 1.',
        message: '1 × Not waiting for review.',
        variant: 'warning'
      });
    });

    it('says why nothing was rejected when a rejection could not be saved', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      reject.mockResolvedValue({
        reviewed: 0,
        succeeded: 0,
        failed: 0,
        notApprovable: 1,
        notWaitingForReview: 0,
        reasons: [{ logId: WAITING.id, code: 'NotSaved', message: 'The review could not be saved.' }]
      });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING]);
      button(element, 'reject').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardLogRejectNone',
        message: '1 × The review could not be saved.',
        variant: 'warning'
      });
    });

    it('says so when the selected exchanges no longer wait for review', async () => {
      LightningConfirm.open.mockResolvedValue(true);
      reject.mockResolvedValue({
        reviewed: 0,
        succeeded: 0,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 1,
        reasons: [notWaiting(WAITING.id)]
      });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING]);
      button(element, 'reject').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardLogReviewNoneWaiting',
        variant: 'warning'
      });
    });

    it('shows the server message when a review fails', async () => {
      approve.mockRejectedValue({ body: { message: 'The review could not be completed: row locked' } });
      const element = await renderWith(REVIEW_PAGE);
      const toasts = listenForToasts(element);

      await select(element, [WAITING]);
      button(element, 'approve').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardLogReviewFailed',
        message: 'The review could not be completed: row locked',
        variant: 'error'
      });
      expect(button(element, 'approve').disabled).toBe(false);
    });

    it('shows who reviewed an exchange and when in its detail, and nothing of the kind otherwise', async () => {
      getLogDetail.mockResolvedValueOnce({ ...REJECTED, payload: null }).mockResolvedValueOnce(LOG_DETAIL);
      const element = await renderWith(REVIEW_PAGE);

      await openDetail(element, REJECTED);
      expect(query(element, '[data-id="detail-status"]').textContent).toBe('c.CardStatusRejected');
      expect(query(element, '[data-id="detail-reviewed"]').textContent).toBe(
        'By Ada Admin on Thu, Nov 26, 2026, 1:20 AM'
      );

      await openDetail(element, FAILED);
      expect(query(element, '[data-id="detail-reviewed"]')).toBeNull();
    });

    it('is accessible with exchanges waiting for review selected and a rejected one open', async () => {
      getLogDetail.mockResolvedValue({ ...REJECTED, payload: null });
      const element = await renderWith(MIXED_PAGE);

      await select(element, [WAITING]);
      await openDetail(element, REJECTED);
      await expect(element).toBeAccessible();
    });
  });
});
