import { createElement } from '@lwc/engine-dom';
import CardPersonExchanges from 'c/cardPersonExchanges';
import getExchanges from '@salesforce/apex/CardPersonExchangesController.getExchanges';

const EXCHANGES = require('./data/exchanges.json');
const CONTACT_ID = '003000000000001AAA';
const NO_ACCESS = {
  status: 500,
  body: {
    message: 'You can’t see card exchanges: ask your Salesforce admin for the Card Exchange Viewer permission set.'
  }
};

jest.mock(
  '@salesforce/apex/CardPersonExchangesController.getExchanges',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardPersonExchangesMore', () => ({ default: 'More than shown: the {0} latest.' }), {
  virtual: true
});

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render(recordId = CONTACT_ID) {
  const element = createElement('c-card-person-exchanges', { is: CardPersonExchanges });
  element.recordId = recordId;
  document.body.appendChild(element);
  return element;
}

async function renderWith(exchanges) {
  const element = render();
  getExchanges.emit(exchanges);
  await flushPromises();
  return element;
}

function query(element, selector) {
  return element.shadowRoot.querySelector(selector);
}

function items(element) {
  return [...element.shadowRoot.querySelectorAll('[data-id="exchange"]')];
}

function textOf(item, id) {
  const node = item.querySelector(`[data-id="${id}"]`);
  return node ? node.textContent : null;
}

describe('c-card-person-exchanges', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it("asks for the exchanges of the page's record", async () => {
    await renderWith(EXCHANGES);

    expect(getExchanges.getLastConfig()).toEqual({ recordId: CONTACT_ID });
  });

  it('lists each exchange with its card, when and by whom the person was met, and its outcome', async () => {
    const element = await renderWith(EXCHANGES);

    expect(query(element, 'lightning-card').title).toBe('c.CardPersonExchangesTitle');
    expect(query(element, '[data-id="exchanges"]').getAttribute('aria-label')).toBe('c.CardPersonExchangesTitle');
    const [repeat, updated] = items(element);
    expect(items(element).map((item) => textOf(item, 'card'))).toEqual([
      'Jane Smith - Sales',
      'Marc Dupont - Marketing',
      'card_42'
    ]);
    // In the user's locale and time zone (sfdx-lwc-jest: en-US, America/Los_Angeles).
    expect(textOf(repeat, 'met-at')).toBe('Fri, Nov 27, 2026, 6:05 AM');
    expect(textOf(repeat, 'met-by')).toBe('Jane Smith');
    expect(textOf(repeat, 'outcome')).toBe('c.CardStatusRepeat');
    expect(textOf(updated, 'outcome')).toBe('c.CardStatusUpdated');
    expect([...repeat.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual([
      'c.CardColumnMetAt',
      'c.CardColumnMetBy',
      'c.CardColumnOutcome'
    ]);
  });

  it('marks test exchanges with a badge, and only them', async () => {
    const element = await renderWith(EXCHANGES);

    const badges = items(element).map((item) => item.querySelector('lightning-badge'));
    expect(badges.map(Boolean)).toEqual([false, false, true]);
    expect(badges[2].label).toBe('c.CardColumnTest');
  });

  it('leaves out who met the person when the exchange does not say', async () => {
    const element = await renderWith(EXCHANGES);

    const unknown = items(element)[2];
    expect(textOf(unknown, 'met-by')).toBeNull();
    expect([...unknown.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual([
      'c.CardColumnMetAt',
      'c.CardColumnOutcome'
    ]);
  });

  it('names an exchange whose card is not known as such', async () => {
    const element = await renderWith({ rows: [{ ...EXCHANGES.rows[0], cardName: null }], hasMore: false });

    expect(textOf(items(element)[0], 'card')).toBe('c.CardPersonExchangesUnknownCard');
  });

  it('shows a status this version does not know as it came', async () => {
    const element = await renderWith({ rows: [{ ...EXCHANGES.rows[0], status: 'Archived' }], hasMore: false });

    expect(textOf(items(element)[0], 'outcome')).toBe('Archived');
  });

  it('says the person has more exchanges than shown, and how many are shown', async () => {
    const element = await renderWith({ ...EXCHANGES, hasMore: true });

    expect(query(element, '[data-id="more"]').textContent).toBe('More than shown: the 3 latest.');
  });

  it('says nothing of more exchanges when all are shown', async () => {
    const element = await renderWith(EXCHANGES);

    expect(query(element, '[data-id="more"]')).toBeNull();
  });

  it('says so when the person has no card exchange yet', async () => {
    const element = await renderWith({ rows: [], hasMore: false });

    expect(query(element, '[data-id="empty"]').textContent).toBe('c.CardPersonExchangesEmpty');
    expect(query(element, '[data-id="exchanges"]')).toBeNull();
    expect(query(element, 'lightning-spinner')).toBeNull();
  });

  it('shows a spinner until the exchanges arrive', async () => {
    const element = render();
    await flushPromises();
    expect(query(element, 'lightning-spinner')).not.toBeNull();
    expect(query(element, '[data-id="empty"]')).toBeNull();

    getExchanges.emit(EXCHANGES);
    await flushPromises();
    expect(query(element, 'lightning-spinner')).toBeNull();
  });

  it("shows the controller's reason when the user may not see the exchanges", async () => {
    const element = render();
    getExchanges.error(NO_ACCESS.body, NO_ACCESS.status);
    await flushPromises();

    const panel = query(element, 'c-card-error-panel');
    expect(panel.friendlyMessage).toBe('c.CardPersonExchangesLoadError');
    expect(panel.errors.body.message).toBe(NO_ACCESS.body.message);
    expect(query(element, '[data-id="exchanges"]')).toBeNull();
    expect(query(element, '[data-id="empty"]')).toBeNull();
    expect(query(element, 'lightning-spinner')).toBeNull();
  });

  it('drops the list it showed when a refresh fails', async () => {
    const element = await renderWith(EXCHANGES);

    getExchanges.error(NO_ACCESS.body, NO_ACCESS.status);
    await flushPromises();

    expect(items(element)).toEqual([]);
    expect(query(element, 'c-card-error-panel').errors).toBeTruthy();
  });

  it('is accessible', async () => {
    const element = await renderWith({ ...EXCHANGES, hasMore: true });

    await expect(element).toBeAccessible();
  });

  it('is accessible when empty and when it cannot load', async () => {
    const empty = await renderWith({ rows: [], hasMore: false });
    await expect(empty).toBeAccessible();

    const failed = render();
    getExchanges.error(NO_ACCESS.body, NO_ACCESS.status);
    await flushPromises();
    await expect(failed).toBeAccessible();
  });
});
