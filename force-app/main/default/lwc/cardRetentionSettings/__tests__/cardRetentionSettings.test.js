import { createElement } from '@lwc/engine-dom';
import CardRetentionSettings from 'c/cardRetentionSettings';
import saveRetention from '@salesforce/apex/CardSetupAssistantController.saveRetention';

const NOT_SCHEDULED = { days: 30, cleanUpScheduled: false, nextRunAt: null };
const SCHEDULED = { days: 90, cleanUpScheduled: true, nextRunAt: '2026-12-03T11:00:00.000Z' };

jest.mock('@salesforce/apex/CardSetupAssistantController.saveRetention', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardSetupRetentionNextRun', () => ({ default: 'Next clean-up: {0}' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.CardSetupRetentionLastRun',
  () => ({ default: 'Last clean-up: {0}, {1} rows deleted.' }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/label/c.CardSetupRetentionLastRunFailures',
  () => ({ default: '{0} rows could not be deleted; the next clean-up tries again.' }),
  { virtual: true }
);

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render(retention = NOT_SCHEDULED, canManage = true) {
  const element = createElement('c-card-retention-settings', { is: CardRetentionSettings });
  element.retention = retention;
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

async function typeDays(element, value) {
  byId(element, 'retention-days').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

async function switchCleanUp(element, checked) {
  byId(element, 'retention-clean-up').dispatchEvent(new CustomEvent('change', { detail: { checked } }));
  await flushPromises();
}

describe('c-card-retention-settings', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows the days kept, what is kept, and that no clean-up is scheduled', () => {
    const element = render();

    const days = byId(element, 'retention-days');
    expect(days.value).toBe(30);
    expect(days.min).toBe(1);
    expect(days.max).toBe(3650);
    expect(days.required).toBe(true);
    expect(byId(element, 'retention-clean-up').checked).toBe(false);
    expect(byId(element, 'retention-intro').textContent).toBe('c.CardSetupRetentionIntro');
    expect(byId(element, 'retention-next').textContent).toBe('c.CardSetupRetentionNotScheduled');
  });

  it('shows the next run of a scheduled clean-up', () => {
    const element = render(SCHEDULED);

    expect(byId(element, 'retention-clean-up').checked).toBe(true);
    expect(byId(element, 'retention-next').textContent).toBe('Next clean-up: Thu, Dec 3, 2026, 3:00 AM');
  });

  it('says what the last clean-up deleted, and what it could not', () => {
    const element = render({
      ...SCHEDULED,
      lastRunAt: '2026-12-02T11:00:00.000Z',
      lastRunDeleted: 412,
      lastRunFailures: 3
    });

    expect(byId(element, 'retention-last-run').textContent).toBe(
      'Last clean-up: Wed, Dec 2, 2026, 3:00 AM, 412 rows deleted.'
    );
    expect(byId(element, 'retention-last-run-failures').textContent).toBe(
      '3 rows could not be deleted; the next clean-up tries again.'
    );
  });

  it('says nothing of a last clean-up before the first one ran, nor of failures when there were none', () => {
    const element = render(SCHEDULED);
    expect(byId(element, 'retention-last-run')).toBeNull();

    const clean = render({
      ...SCHEDULED,
      lastRunAt: '2026-12-02T11:00:00.000Z',
      lastRunDeleted: 0,
      lastRunFailures: 0
    });
    expect(byId(clean, 'retention-last-run').textContent).toBe(
      'Last clean-up: Wed, Dec 2, 2026, 3:00 AM, 0 rows deleted.'
    );
    expect(byId(clean, 'retention-last-run-failures')).toBeNull();
  });

  it('saves the days and the nightly clean-up, toasts the next run and tells the page', async () => {
    saveRetention.mockResolvedValue(SCHEDULED);
    const element = render();
    const toasts = listenForToasts(element);
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    await typeDays(element, '90');
    await switchCleanUp(element, true);
    byId(element, 'retention-save').click();
    await flushPromises();

    expect(saveRetention).toHaveBeenCalledWith({ days: 90, cleanUp: true });
    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'c.CardSetupRetentionSaved',
      message: 'Next clean-up: Thu, Dec 3, 2026, 3:00 AM',
      variant: 'success'
    });
    expect(saved.mock.calls[0][0].detail).toEqual(SCHEDULED);
    expect(byId(element, 'retention-next').textContent).toBe('Next clean-up: Thu, Dec 3, 2026, 3:00 AM');
  });

  it('switches the clean-up off', async () => {
    saveRetention.mockResolvedValue(NOT_SCHEDULED);
    const element = render(SCHEDULED);

    await switchCleanUp(element, false);
    byId(element, 'retention-save').click();
    await flushPromises();

    expect(saveRetention).toHaveBeenCalledWith({ days: 90, cleanUp: false });
    expect(byId(element, 'retention-next').textContent).toBe('c.CardSetupRetentionNotScheduled');
  });

  it.each(['0', '3651', '2.5', '', 'abc'])('refuses %p days with the message the server gives', async (days) => {
    const element = render();
    const input = byId(element, 'retention-days');
    input.setCustomValidity = jest.fn();
    input.reportValidity = jest.fn();

    await typeDays(element, days);
    byId(element, 'retention-save').click();
    await flushPromises();

    expect(saveRetention).not.toHaveBeenCalled();
    expect(input.setCustomValidity).toHaveBeenLastCalledWith('c.CardErrorRetentionDays');
    expect(input.reportValidity).toHaveBeenCalled();
  });

  it('clears the days message once the admin types again', async () => {
    const element = render();
    const input = byId(element, 'retention-days');
    input.setCustomValidity = jest.fn();

    await typeDays(element, '0');
    byId(element, 'retention-save').click();
    await typeDays(element, '7');

    expect(input.setCustomValidity).toHaveBeenLastCalledWith('');
  });

  it('shows why the save failed in an error toast and keeps what the admin typed', async () => {
    saveRetention.mockRejectedValue({ body: { message: 'The clean-up setting could not be saved: no access' } });
    const element = render();
    const toasts = listenForToasts(element);
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    await typeDays(element, '60');
    byId(element, 'retention-save').click();
    await flushPromises();

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      title: 'c.CardSetupRetentionSaveFailed',
      message: 'The clean-up setting could not be saved: no access',
      variant: 'error'
    });
    expect(saved).not.toHaveBeenCalled();
    expect(byId(element, 'retention-days').value).toBe('60');
    expect(byId(element, 'retention-save').disabled).toBe(false);
  });

  it('keeps what the admin is typing when the page refreshes', async () => {
    const element = render();

    await typeDays(element, '120');
    element.retention = { ...NOT_SCHEDULED };
    await flushPromises();

    expect(byId(element, 'retention-days').value).toBe('120');
  });

  it('is read-only for a user who may not manage the setup', () => {
    const element = render(SCHEDULED, false);

    expect(byId(element, 'retention-days').readOnly).toBe(true);
    expect(byId(element, 'retention-clean-up').disabled).toBe(true);
    expect(byId(element, 'retention-save')).toBeNull();
    expect(byId(element, 'retention-read-only').textContent).toBe('c.CardSetupRetentionReadOnly');
  });

  it('is accessible, editable or read-only', async () => {
    for (const [retention, canManage] of [
      [NOT_SCHEDULED, true],
      [{ ...SCHEDULED, lastRunAt: '2026-12-02T11:00:00.000Z', lastRunDeleted: 4, lastRunFailures: 1 }, false]
    ]) {
      const element = render(retention, canManage);
      // eslint-disable-next-line no-await-in-loop
      await expect(element).toBeAccessible();
      document.body.removeChild(element);
    }
  });
});
