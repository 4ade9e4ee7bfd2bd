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
// The access lines are built from these labels: give them their English text so the tests read the words.
jest.mock(
  '@salesforce/label/c.CardSetupAccessOk',
  () => ({ default: '{0} can create and update the records integrations write' }),
  {
    virtual: true
  }
);
jest.mock('@salesforce/label/c.CardSetupAccessMissing', () => ({ default: '{0} lacks: {1}' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessRight', () => ({ default: '{0} on {1}' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessCreate', () => ({ default: 'Create' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessEdit', () => ({ default: 'Edit' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.CardSetupAccessFix',
  () => ({ default: 'Grant them in a permission set of your own and assign it to {0}.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.CardSetupAccessUnavailable',
  () => ({ default: 'Could not check what the integration users may do on standard objects: {0}' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.CardSetupAccessMoreUsers',
  () => ({ default: 'More than {0} active users hold Card Exchange Integration: only the first {0} are checked.' }),
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

const BOTH_SETS_ASSIGNED = SETUP_STATE.permissionSets.map((permissionSet) => ({ ...permissionSet, assignedCount: 1 }));

function withAccess(integrationAccess, extra = {}) {
  return { ...SETUP_STATE, integrationAccess: { ...SETUP_STATE.integrationAccess, ...integrationAccess }, ...extra };
}

function accessUser(name, missing) {
  return { userId: '005000000000002AAA', name, missing };
}

async function openPermissionsStep(state) {
  const element = render();
  getSetupState.emit(state);
  await goToStep(element, 1);
  return element;
}

function accessLine(element) {
  const line = element.shadowRoot.querySelector('[data-id="access-users"] li');
  return {
    icon: line.querySelector('lightning-icon'),
    summary: line.querySelector('[data-id="access-summary"]').textContent,
    fix: line.querySelector('[data-id="access-fix"]'),
    taskHint: line.querySelector('[data-id="access-task-hint"]')
  };
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
    expect(admin.querySelector('lightning-icon').iconName).toBe('utility:warning');
    expect(admin.textContent).toContain('c.CardSetupPermissionUnassigned');
    expect(integration.querySelector('lightning-icon').iconName).toBe('utility:success');
    expect(integration.textContent).toContain('c.CardSetupPermissionAssigned');
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('says which rights an integration user lacks and how to grant them', async () => {
    const missing = [
      { objectName: 'Lead', objectLabel: 'Lead', right: 'Create' },
      { objectName: 'Contact', objectLabel: 'Contact', right: 'Edit' }
    ];
    const element = await openPermissionsStep(
      withAccess({ users: [accessUser('Integration User', missing)] }, { permissionSets: BOTH_SETS_ASSIGNED })
    );

    const line = accessLine(element);
    expect(line.summary).toBe('Integration User lacks: Create on Lead, Edit on Contact');
    expect(line.fix.textContent).toBe('Grant them in a permission set of your own and assign it to Integration User.');
    expect(line.icon.iconName).toBe('utility:warning');
    expect(line.icon.alternativeText).toBe('c.CardSetupStepTodo');
    expect(line.taskHint).toBeNull();
    // Both permission sets are assigned, but a user who cannot write the records leaves the step to do.
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('says where task rights come from when an integration user lacks them', async () => {
    const missing = [{ objectName: 'Task', objectLabel: 'Task', right: 'Create' }];
    const element = await openPermissionsStep(withAccess({ users: [accessUser('Integration User', missing)] }));

    const line = accessLine(element);
    expect(line.summary).toBe('Integration User lacks: Create on Task');
    expect(line.taskHint.textContent.trim()).toBe('c.CardSetupAccessTaskHint');
  });

  it('marks an integration user with every right as ready and the step as done', async () => {
    const element = await openPermissionsStep(
      withAccess({ users: [accessUser('Ada Integration', [])] }, { permissionSets: BOTH_SETS_ASSIGNED })
    );

    const line = accessLine(element);
    expect(line.summary).toBe('Ada Integration can create and update the records integrations write');
    expect(line.icon.iconName).toBe('utility:success');
    expect(line.icon.alternativeText).toBe('c.CardSetupStepDone');
    expect(line.fix).toBeNull();
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepDone');
  });

  it('says what the check will do when nobody holds the integration permission set', async () => {
    const element = await openPermissionsStep(withAccess({ users: [] }));

    expect(byId(element, 'access-no-user').textContent).toBe('c.CardSetupAccessNoUser');
    expect(byId(element, 'access-users')).toBeNull();
    expect(byId(element, 'access-unavailable')).toBeNull();
  });

  it('says the access check is unavailable, with the reason, without blocking the step', async () => {
    const element = await openPermissionsStep(
      withAccess(
        { available: false, unavailableReason: "sObject type 'PermissionSetAssignment' is not supported.", users: [] },
        { permissionSets: BOTH_SETS_ASSIGNED }
      )
    );

    expect(byId(element, 'access-unavailable').textContent).toBe(
      "Could not check what the integration users may do on standard objects: sObject type 'PermissionSetAssignment' is not supported."
    );
    expect(byId(element, 'access-users')).toBeNull();
    expect(byId(element, 'access-no-user')).toBeNull();
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepDone');
  });

  it('says when only the first integration users are checked', async () => {
    const element = await openPermissionsStep(withAccess({ moreUsers: true, maxUsers: 20 }));

    expect(byId(element, 'access-more-users').textContent).toBe(
      'More than 20 active users hold Card Exchange Integration: only the first 20 are checked.'
    );
  });

  it('shows no access check for a setup state without one', async () => {
    const { integrationAccess, ...withoutAccess } = SETUP_STATE;
    expect(integrationAccess).toBeDefined();
    const element = await openPermissionsStep(withoutAccess);

    expect(element.shadowRoot.querySelector('h3')).toBeNull();
    expect(element.shadowRoot.querySelector('[data-permission-set="CardExchangeAdmin"]')).not.toBeNull();
  });

  it('is accessible whatever the access check says', async () => {
    const variants = [
      SETUP_STATE,
      withAccess({ users: [accessUser('Ada Integration', [])] }),
      withAccess({ users: [] }),
      withAccess({ available: false, unavailableReason: 'No access', users: [] }),
      withAccess({ moreUsers: true })
    ];
    for (const state of variants) {
      // eslint-disable-next-line no-await-in-loop
      const element = await openPermissionsStep(state);
      // eslint-disable-next-line no-await-in-loop
      await expect(element).toBeAccessible();
      document.body.removeChild(element);
    }
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
