import { createElement } from '@lwc/engine-dom';
import CardSetupAssistant, { POLL_INTERVAL_MS, POLL_ATTEMPTS } from 'c/cardSetupAssistant';
import getSetupState from '@salesforce/apex/CardSetupAssistantController.getSetupState';
import sendTestExchange from '@salesforce/apex/CardSetupAssistantController.sendTestExchange';
import getTestExchangeOutcome from '@salesforce/apex/CardSetupAssistantController.getTestExchangeOutcome';

const SETUP_STATE = require('./data/setupState.json');
const OUTCOMES = require('./data/outcomes.json');

jest.mock(
  '@salesforce/apex/CardSetupAssistantController.getSetupState',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/CardSetupAssistantController.sendTestExchange', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.getTestExchangeOutcome', () => ({ default: jest.fn() }), {
  virtual: true
});

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render() {
  const element = createElement('c-card-setup-assistant', { is: CardSetupAssistant });
  document.body.appendChild(element);
  return element;
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

async function goToStep(element, steps) {
  for (let i = 0; i < steps; i++) {
    byId(element, 'next').click();
    // eslint-disable-next-line no-await-in-loop
    await flushPromises();
  }
}

describe('c-card-setup-assistant', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('starts on the connected app step with the OAuth instructions', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await flushPromises();

    expect(element.shadowRoot.querySelector('[data-step="app"]')).not.toBeNull();
    const items = [...element.shadowRoot.querySelectorAll('[data-step="app"] li')].map((li) => li.textContent);
    expect(items).toContain('c.CardSetupAppScopes');
    expect(items).toContain('c.CardSetupAppClientCredentials');
    expect(byId(element, 'previous').disabled).toBe(true);
  });

  it('marks each permission set as assigned or to do', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, 1);

    const admin = element.shadowRoot.querySelector('[data-permission-set="CardExchangeAdmin"]');
    const integration = element.shadowRoot.querySelector('[data-permission-set="CardExchangeIntegration"]');
    expect(admin.querySelector('lightning-icon').iconName).toBe('utility:success');
    expect(integration.querySelector('lightning-icon').iconName).toBe('utility:warning');
    expect(integration.textContent).toContain('c.CardSetupPermissionUnassigned');
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('shows the subscriber state and what to do about an error', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, 2);

    const state = byId(element, 'subscriber-state');
    expect(state.textContent).toContain('Error');
    expect(state.textContent).toContain('1042 / 1050');
    expect(state.textContent).toContain('UNABLE_TO_LOCK_ROW');
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberError');
  });

  it('explains how the subscriber starts when the org has none yet', async () => {
    const element = render();
    getSetupState.emit({ ...SETUP_STATE, subscriber: null });
    await goToStep(element, 2);

    expect(byId(element, 'subscriber-state')).toBeNull();
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberNone');
  });

  it('marks a running subscriber as done', async () => {
    const element = render();
    getSetupState.emit({ ...SETUP_STATE, subscriber: { ...SETUP_STATE.subscriber, status: 'Running' } });
    await goToStep(element, 2);

    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepDone');
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberRunning');
  });

  it('sends a test exchange and shows each integration outcome with a record link', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_1', operationId: 'op-1' });
    getTestExchangeOutcome.mockResolvedValueOnce([]).mockResolvedValueOnce(OUTCOMES);
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, 3);

    byId(element, 'send-test').click();
    await flushPromises();
    expect(sendTestExchange).toHaveBeenCalledTimes(1);
    expect(byId(element, 'waiting')).not.toBeNull();

    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();
    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();

    expect(getTestExchangeOutcome).toHaveBeenCalledTimes(2);
    expect(getTestExchangeOutcome).toHaveBeenLastCalledWith({ exchangeId: 'cardtest_1' });
    const table = element.shadowRoot.querySelector('lightning-datatable');
    expect(table.data).toEqual(OUTCOMES);
    expect(table.columns.find((column) => column.fieldName === 'recordUrl').type).toBe('url');
    expect(byId(element, 'waiting')).toBeNull();
  });

  it('says no integration processed the test after the last poll', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_2', operationId: 'op-2' });
    getTestExchangeOutcome.mockResolvedValue([]);
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, 3);

    byId(element, 'send-test').click();
    await flushPromises();
    for (let i = 0; i < POLL_ATTEMPTS; i++) {
      jest.advanceTimersByTime(POLL_INTERVAL_MS);
      // eslint-disable-next-line no-await-in-loop
      await flushPromises();
    }

    expect(getTestExchangeOutcome).toHaveBeenCalledTimes(POLL_ATTEMPTS);
    expect(byId(element, 'no-outcome').textContent).toBe('c.CardSetupTestNoOutcome');
    expect(byId(element, 'send-test').disabled).toBe(false);
  });

  it('shows an error toast when the test exchange cannot be published', async () => {
    sendTestExchange.mockRejectedValue({ body: { message: 'No permission to publish' } });
    const element = render();
    const toastHandler = jest.fn();
    element.addEventListener('lightning__showtoast', toastHandler);
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, 3);

    byId(element, 'send-test').click();
    await flushPromises();

    expect(toastHandler).toHaveBeenCalledTimes(1);
    expect(toastHandler.mock.calls[0][0].detail).toMatchObject({
      variant: 'error',
      message: 'No permission to publish'
    });
    expect(byId(element, 'sent')).toBeNull();
  });

  it('warns when no integration is active before sending a test', async () => {
    const element = render();
    getSetupState.emit({ ...SETUP_STATE, activeIntegrationCount: 0 });
    await goToStep(element, 3);

    expect(byId(element, 'no-integration').textContent.trim()).toBe('c.CardSetupTestNoIntegration');
  });

  it('shows the error panel when the setup state cannot be read', async () => {
    const element = render();
    getSetupState.error({ message: 'Insufficient privileges' });
    await flushPromises();

    const panel = element.shadowRoot.querySelector('c-card-error-panel');
    expect(panel.errors).toBeTruthy();
    expect(panel.friendlyMessage).toBe('c.CardSetupLoadError');
  });

  it('is accessible on every step', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await flushPromises();
    for (let step = 0; step < 4; step++) {
      // eslint-disable-next-line no-await-in-loop
      await expect(element).toBeAccessible();
      // eslint-disable-next-line no-await-in-loop
      await goToStep(element, 1);
    }
  });
});
