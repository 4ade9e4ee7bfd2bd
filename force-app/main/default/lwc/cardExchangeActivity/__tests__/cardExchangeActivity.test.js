import { createElement } from '@lwc/engine-dom';
import CardExchangeActivity from 'c/cardExchangeActivity';
import processWaiting from '@salesforce/apex/CardSetupAssistantController.processWaiting';

const WAITING = require('./data/waiting.json');
const NOTHING_WAITING = { total: 0, oldest: null, reasons: [] };

jest.mock('@salesforce/apex/CardSetupAssistantController.processWaiting', () => ({ default: jest.fn() }), {
  virtual: true
});
// The lines are built from these labels: give them their English text so the tests read the words.
jest.mock('@salesforce/label/c.CardSetupLastExchange', () => ({ default: 'Last exchange from the relay: {0}' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.CardSetupWaitingSummary',
  () => ({ default: 'Exchanges waiting: {0}, the oldest received {1}.' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardSetupWaitingReason', () => ({ default: '{0}: {1}' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.CardSetupWaitingProcessed',
  () => ({ default: 'Processed {0} waiting exchanges; {1} still waiting.' }),
  { virtual: true }
);

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render({ lastExchangeAt = '2026-12-01T16:42:00.000Z', waiting = WAITING, canManage = true } = {}) {
  const element = createElement('c-card-exchange-activity', { is: CardExchangeActivity });
  element.lastExchangeAt = lastExchangeAt;
  element.waiting = waiting;
  element.canManage = canManage;
  document.body.appendChild(element);
  return element;
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

function listenForToasts(element) {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}

describe('c-card-exchange-activity', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('says when the latest exchange arrived from the relay, weekday first', () => {
    const element = render();

    expect(byId(element, 'last-exchange').textContent).toBe('Last exchange from the relay: Tue, Dec 1, 2026, 8:42 AM');
  });

  it('says when no exchange has arrived from the relay yet', () => {
    const element = render({ lastExchangeAt: null, waiting: NOTHING_WAITING });

    expect(byId(element, 'last-exchange').textContent).toBe('c.CardSetupNoExchangeYet');
    expect(byId(element, 'nothing-waiting').textContent).toBe('c.CardSetupWaitingNone');
    expect(byId(element, 'waiting')).toBeNull();
  });

  it('counts the waiting exchanges and says why each waits, in words, or by code when unknown', () => {
    const element = render();

    expect(byId(element, 'waiting-summary').textContent).toBe(
      'Exchanges waiting: 7, the oldest received Mon, Nov 30, 2026, 7:10 AM.'
    );
    const reasons = [...element.shadowRoot.querySelectorAll('[data-id="waiting-reasons"] li')].map(
      (li) => li.textContent
    );
    expect(reasons).toEqual([
      'c.CardSetupWaitingNoRunAsUser: 3',
      'c.CardSetupWaitingNoPayload: 1',
      'CARD_SOMETHING_NEW: 1',
      'c.CardSetupWaitingPending: 2'
    ]);
    expect(byId(element, 'nothing-waiting')).toBeNull();
  });

  it.each([
    ['CARD_NO_ACCESS', 'c.CardSetupWaitingNoAccess'],
    ['CARD_PROCESSING_ERROR', 'c.CardSetupWaitingProcessingError'],
    ['CARD_LOG_NOT_SAVED', 'c.CardSetupWaitingLogNotSaved'],
    ['CARD_STORE_FAILED', 'c.CardSetupWaitingStoreFailed']
  ])('words the reason %s', (code, text) => {
    const element = render({
      waiting: { total: 1, oldest: WAITING.oldest, reasons: [{ status: 'Waiting', code, count: 1 }] }
    });

    expect(element.shadowRoot.querySelector(`[data-code="${code}"]`).textContent).toBe(`${text}: 1`);
  });

  it('processes the waiting exchanges, toasts the counts and tells the page', async () => {
    processWaiting.mockResolvedValue({ processed: 7, stillWaiting: 0 });
    const element = render();
    const toasts = listenForToasts(element);
    const processed = jest.fn();
    element.addEventListener('processed', processed);

    byId(element, 'process-waiting').click();
    await flushPromises();

    expect(processWaiting).toHaveBeenCalledTimes(1);
    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'Processed 7 waiting exchanges; 0 still waiting.',
      variant: 'success'
    });
    expect(processed.mock.calls[0][0].detail).toEqual({ processed: 7, stillWaiting: 0 });
    expect(byId(element, 'process-waiting').disabled).toBe(false);
  });

  it('warns when some exchanges still wait after processing', async () => {
    processWaiting.mockResolvedValue({ processed: 5, stillWaiting: 2 });
    const element = render();
    const toasts = listenForToasts(element);

    byId(element, 'process-waiting').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'Processed 5 waiting exchanges; 2 still waiting.',
      variant: 'warning'
    });
  });

  it('shows why processing failed in an error toast and leaves the page alone', async () => {
    processWaiting.mockRejectedValue({
      body: { message: 'The waiting exchanges could not be processed: UNABLE_TO_LOCK_ROW' }
    });
    const element = render();
    const toasts = listenForToasts(element);
    const processed = jest.fn();
    element.addEventListener('processed', processed);

    byId(element, 'process-waiting').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'c.CardSetupWaitingProcessFailed',
      message: 'The waiting exchanges could not be processed: UNABLE_TO_LOCK_ROW',
      variant: 'error'
    });
    expect(processed).not.toHaveBeenCalled();
    expect(byId(element, 'process-waiting').disabled).toBe(false);
  });

  it('offers no processing to a user who may not manage the setup, and says who can', () => {
    const element = render({ canManage: false });

    expect(byId(element, 'process-waiting')).toBeNull();
    expect(byId(element, 'needs-manage').textContent).toBe('c.CardSetupWaitingNeedsManage');
  });

  it('is accessible with and without waiting exchanges', async () => {
    for (const props of [{}, { canManage: false }, { lastExchangeAt: null, waiting: NOTHING_WAITING }]) {
      const element = render(props);
      // eslint-disable-next-line no-await-in-loop
      await expect(element).toBeAccessible();
      document.body.removeChild(element);
    }
  });
});
