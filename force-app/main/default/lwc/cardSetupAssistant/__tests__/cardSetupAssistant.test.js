import { createElement } from '@lwc/engine-dom';
import CardSetupAssistant, { POLL_INTERVAL_MS, POLL_ATTEMPTS } from 'c/cardSetupAssistant';
import getSetupState from '@salesforce/apex/CardSetupAssistantController.getSetupState';
import sendTestExchange from '@salesforce/apex/CardSetupAssistantController.sendTestExchange';
import getTestExchangeOutcome from '@salesforce/apex/CardSetupAssistantController.getTestExchangeOutcome';
import planStandardAccess from '@salesforce/apex/CardSetupAssistantController.planStandardAccess';
import grantStandardAccess from '@salesforce/apex/CardSetupAssistantController.grantStandardAccess';
import processWaiting from '@salesforce/apex/CardSetupAssistantController.processWaiting';
import { refreshApex } from '@salesforce/apex';

const SETUP_STATE = require('./data/setupState.json');
const OUTCOMES = require('./data/outcomes.json');
const SHOWN_OUTCOMES = OUTCOMES.map((outcome) => ({ ...outcome, statusLabel: `c.CardStatus${outcome.status}` }));
const PLAN = require('./data/plan.json');

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
jest.mock(
  '@salesforce/label/c.CardSetupRunAsUser',
  () => ({ default: 'The subscriber runs as {0} (latest exchange received {1}).' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardSetupRunAsStepBatch', () => ({ default: 'As Batch Size, enter {0}.' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.CardSetupBatchSizeAdvice',
  () => ({ default: 'Recommended batch size: {0}, for {1} active integrations.' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardSetupGrantDone', () => ({ default: '{0} now has the missing access ({1}).' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardSetupGrantRefused', () => ({ default: 'Grant these to {0} by hand' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardSetupGrantRefusedList', () => ({ default: 'Grant these fields by hand: {0}' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardSetupGrantNothing', () => ({ default: '{0} lacks nothing any more.' }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.sendTestExchange', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.planStandardAccess', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.grantStandardAccess', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.processWaiting', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardSetupAssistantController.saveRetention', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
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

const ALL_SETS_ASSIGNED = SETUP_STATE.permissionSets.map((permissionSet) => ({ ...permissionSet, assignedCount: 1 }));
const STEP = { app: 0, permissions: 1, subscriber: 2, retention: 3, test: 4 };
const RUNS_AS_USER = {
  known: true,
  userName: 'Integration User',
  automatedProcess: false,
  receivedAt: '2026-12-01T16:42:00.000Z'
};

function withAccess(integrationAccess, extra = {}) {
  return { ...SETUP_STATE, integrationAccess: { ...SETUP_STATE.integrationAccess, ...integrationAccess }, ...extra };
}

function accessUser(name, missing) {
  return { userId: '005000000000004AAA', name, missing };
}

async function openStep(state, step) {
  const element = render();
  getSetupState.emit(state);
  await goToStep(element, STEP[step]);
  return element;
}

function openPermissionsStep(state) {
  return openStep(state, 'permissions');
}

function listenForToasts(element) {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
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

  it('marks each of the three permission sets as assigned or to do', async () => {
    const element = await openPermissionsStep(SETUP_STATE);

    const names = [...element.shadowRoot.querySelectorAll('[data-permission-set]')].map(
      (item) => item.dataset.permissionSet
    );
    expect(names).toEqual(['CardExchangeAdmin', 'CardExchangePublisher', 'CardExchangeIntegration']);
    const publisher = element.shadowRoot.querySelector('[data-permission-set="CardExchangePublisher"]');
    const integration = element.shadowRoot.querySelector('[data-permission-set="CardExchangeIntegration"]');
    expect(publisher.querySelector('lightning-icon').iconName).toBe('utility:warning');
    expect(publisher.textContent).toContain('c.CardSetupPermissionUnassigned');
    expect(integration.querySelector('lightning-icon').iconName).toBe('utility:success');
    expect(integration.textContent).toContain('c.CardSetupPermissionAssigned');
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('says a permission set is not installed', async () => {
    const permissionSets = SETUP_STATE.permissionSets.map((permissionSet) => ({
      ...permissionSet,
      installed: permissionSet.name !== 'CardExchangePublisher'
    }));
    const element = await openPermissionsStep({ ...SETUP_STATE, permissionSets });

    const publisher = element.shadowRoot.querySelector('[data-permission-set="CardExchangePublisher"]');
    expect(publisher.textContent).toContain('c.CardSetupPermissionNotInstalled');
  });

  it('says which rights an integration user lacks and how to grant them', async () => {
    const missing = [
      { objectName: 'Lead', objectLabel: 'Lead', right: 'Create' },
      { objectName: 'Contact', objectLabel: 'Contact', right: 'Edit' }
    ];
    const element = await openPermissionsStep(
      withAccess({ users: [accessUser('Integration User', missing)] }, { permissionSets: ALL_SETS_ASSIGNED })
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

  it("names View All and Modify All when the org's default access makes them necessary", async () => {
    const missing = [
      { objectName: 'Lead', objectLabel: 'Lead', right: 'ViewAll' },
      { objectName: 'Lead', objectLabel: 'Lead', right: 'ModifyAll' }
    ];
    const element = await openPermissionsStep(withAccess({ users: [accessUser('Integration User', missing)] }));

    expect(accessLine(element).summary).toBe(
      'Integration User lacks: c.CardSetupAccessViewAll on Lead, c.CardSetupAccessModifyAll on Lead'
    );
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
      withAccess({ users: [accessUser('Ada Integration', [])] }, { permissionSets: ALL_SETS_ASSIGNED })
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
        { permissionSets: ALL_SETS_ASSIGNED }
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

  it('shows the subscriber state and how to resume it after an error', async () => {
    const subscriber = { ...SETUP_STATE.subscriber, status: 'Error', position: 1042, tip: 1050, retries: 9 };
    const element = await openStep(
      { ...SETUP_STATE, subscriber: { ...subscriber, lastError: 'UNABLE_TO_LOCK_ROW' } },
      'subscriber'
    );

    const state = byId(element, 'subscriber-state');
    expect(state.textContent).toContain('Error');
    expect(state.textContent).toContain('1042 / 1050');
    expect(state.textContent).toContain('UNABLE_TO_LOCK_ROW');
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberError');
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it.each([
    ['Suspended', 'c.CardSetupSubscriberSuspended'],
    ['Expired', 'c.CardSetupSubscriberExpired'],
    ['Idle', 'c.CardSetupSubscriberIdle'],
    ['SomethingNew', 'SomethingNew']
  ])('says what the subscriber status %s means', async (status, advice) => {
    const element = await openStep({ ...SETUP_STATE, subscriber: { ...SETUP_STATE.subscriber, status } }, 'subscriber');

    expect(byId(element, 'subscriber-advice').textContent).toBe(advice);
  });

  it('explains how the subscriber starts when the org has none yet', async () => {
    const element = await openStep({ ...SETUP_STATE, subscriber: null }, 'subscriber');

    expect(byId(element, 'subscriber-state')).toBeNull();
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberNone');
  });

  it('marks a running subscriber with a run-as user as done and names that user', async () => {
    const element = await openStep(
      { ...SETUP_STATE, runAs: RUNS_AS_USER, subscriber: { ...SETUP_STATE.subscriber, status: 'Running' } },
      'subscriber'
    );

    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepDone');
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberRunning');
    expect(byId(element, 'run-as-user').textContent).toBe(
      'The subscriber runs as Integration User (latest exchange received Tue, Dec 1, 2026, 8:42 AM).'
    );
    expect(byId(element, 'run-as-automated')).toBeNull();
  });

  it('says plainly that exchanges wait while the subscriber runs as Automated Process, and how to fix it', async () => {
    const element = await openStep(SETUP_STATE, 'subscriber');

    const automated = byId(element, 'run-as-automated');
    expect(automated.querySelector('h3').textContent).toBe('c.CardSetupRunAsAutomatedTitle');
    expect(automated.textContent).toContain('c.CardSetupRunAsAutomatedText');
    const steps = [...automated.querySelectorAll('[data-id="run-as-steps"] li')].map((li) => li.textContent);
    expect(steps).toEqual([
      'c.CardSetupRunAsStepOpen',
      'c.CardSetupRunAsStepUser',
      'As Batch Size, enter 650.',
      'c.CardSetupRunAsStepSave'
    ]);
    expect(byId(element, 'run-as-metadata').textContent).toBe('c.CardSetupRunAsMetadata');
    // An idle subscriber that runs as Automated Process processes nothing: the step is not done.
    expect(byId(element, 'subscriber-advice').textContent).toBe('c.CardSetupSubscriberIdle');
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('says to send a test exchange to find out who runs the subscriber before any exchange arrived', async () => {
    const element = await openStep({ ...SETUP_STATE, runAs: { known: false, automatedProcess: false } }, 'subscriber');

    expect(byId(element, 'run-as-unknown').textContent).toBe('c.CardSetupRunAsUnknown');
    expect(byId(element, 'run-as-automated')).toBeNull();
    expect(byId(element, 'run-as-user')).toBeNull();
  });

  it('recommends the batch size for the active integrations', async () => {
    const element = await openStep(SETUP_STATE, 'subscriber');

    expect(byId(element, 'batch-size').textContent).toBe('Recommended batch size: 650, for 1 active integrations.');
  });

  it('gives no batch size advice when the state has none', async () => {
    const element = await openStep({ ...SETUP_STATE, recommendedBatchSize: null }, 'subscriber');

    expect(byId(element, 'batch-size')).toBeNull();
    const steps = element.shadowRoot.querySelectorAll('[data-id="run-as-steps"] li');
    expect(steps).toHaveLength(3);
  });

  it('sends a test exchange and shows each integration outcome with a record link', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_1', operationId: 'op-1' });
    getTestExchangeOutcome.mockResolvedValueOnce([]).mockResolvedValueOnce(OUTCOMES);
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, STEP.test);

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
    expect(table.data).toEqual(SHOWN_OUTCOMES);
    expect(table.columns.find((column) => column.fieldName === 'recordUrl').type).toBe('url');
    expect(table.columns.find((column) => column.label === 'c.CardColumnStatus').fieldName).toBe('statusLabel');
    expect(byId(element, 'waiting')).toBeNull();
  });

  it('says no integration processed the test after the last poll', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_2', operationId: 'op-2' });
    getTestExchangeOutcome.mockResolvedValue([]);
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await goToStep(element, STEP.test);

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
    await goToStep(element, STEP.test);

    byId(element, 'send-test').click();
    await flushPromises();

    expect(toastHandler).toHaveBeenCalledTimes(1);
    expect(toastHandler.mock.calls[0][0].detail).toMatchObject({
      variant: 'error',
      message: 'No permission to publish'
    });
    expect(byId(element, 'sent')).toBeNull();
  });

  it('says a test exchange waits like the others while the subscriber runs as Automated Process', async () => {
    const element = await openStep(SETUP_STATE, 'test');
    expect(byId(element, 'test-waits').textContent).toBe('c.CardSetupTestWaitsForRunAs');

    const configured = await openStep({ ...SETUP_STATE, runAs: RUNS_AS_USER }, 'test');
    expect(byId(configured, 'test-waits')).toBeNull();
  });

  it('refreshes the waiting exchanges once a test exchange is sent', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_3', operationId: 'op-3' });
    const element = await openStep(SETUP_STATE, 'test');

    byId(element, 'send-test').click();
    await flushPromises();

    expect(refreshApex).toHaveBeenCalledTimes(1);
  });

  it('looks for the outcome again once the waiting exchanges, the test among them, were processed', async () => {
    jest.useFakeTimers();
    sendTestExchange.mockResolvedValue({ exchangeId: 'cardtest_4', operationId: 'op-4' });
    getTestExchangeOutcome.mockResolvedValue([]);
    const element = await openStep(SETUP_STATE, 'test');
    byId(element, 'send-test').click();
    await flushPromises();
    for (let i = 0; i < POLL_ATTEMPTS; i++) {
      jest.advanceTimersByTime(POLL_INTERVAL_MS);
      // eslint-disable-next-line no-await-in-loop
      await flushPromises();
    }
    expect(byId(element, 'no-outcome')).not.toBeNull();

    getTestExchangeOutcome.mockResolvedValue(OUTCOMES);
    element.shadowRoot
      .querySelector('c-card-exchange-activity')
      .dispatchEvent(new CustomEvent('processed', { detail: { processed: 4, stillWaiting: 0 } }));
    await flushPromises();
    jest.advanceTimersByTime(POLL_INTERVAL_MS);
    await flushPromises();

    expect(getTestExchangeOutcome).toHaveBeenLastCalledWith({ exchangeId: 'cardtest_4' });
    expect(element.shadowRoot.querySelector('lightning-datatable').data).toEqual(SHOWN_OUTCOMES);
    expect(byId(element, 'no-outcome')).toBeNull();
  });

  it('offers the test exchange only to a user who may manage the setup, and says who can', async () => {
    const element = await openStep({ ...SETUP_STATE, canManage: false }, 'test');

    expect(byId(element, 'send-test').disabled).toBe(true);
    expect(byId(element, 'test-needs-manage').textContent).toBe('c.CardSetupTestNeedsManage');

    const manager = await openStep(SETUP_STATE, 'test');
    expect(byId(manager, 'send-test').disabled).toBe(false);
    expect(byId(manager, 'test-needs-manage')).toBeNull();
  });

  it('warns when no integration is active before sending a test', async () => {
    const element = render();
    getSetupState.emit({ ...SETUP_STATE, activeIntegrationCount: 0 });
    await goToStep(element, STEP.test);

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

  it('shows the latest exchange and the waiting exchanges above every step', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await flushPromises();

    const activity = element.shadowRoot.querySelector('c-card-exchange-activity');
    expect(activity.lastExchangeAt).toBe(SETUP_STATE.lastExchangeAt);
    expect(activity.waiting).toEqual(SETUP_STATE.waiting);
    expect(activity.canManage).toBe(true);
    await goToStep(element, STEP.test);
    expect(element.shadowRoot.querySelector('c-card-exchange-activity')).not.toBeNull();
  });

  it('processes the waiting exchanges and refreshes the setup state', async () => {
    processWaiting.mockResolvedValue({ processed: 3, stillWaiting: 0 });
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await flushPromises();
    const toasts = listenForToasts(element);

    const activity = element.shadowRoot.querySelector('c-card-exchange-activity');
    activity.shadowRoot.querySelector('[data-id="process-waiting"]').click();
    await flushPromises();

    expect(processWaiting).toHaveBeenCalledTimes(1);
    expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    expect(refreshApex).toHaveBeenCalledTimes(1);
  });

  it('shows no waiting exchanges and no activity before the state is read', async () => {
    const element = render();
    getSetupState.error({ message: 'Insufficient privileges' });
    await flushPromises();

    expect(element.shadowRoot.querySelector('c-card-exchange-activity')).toBeNull();
  });

  it('shows the data retention settings, read-only for a user who may not manage the setup', async () => {
    const element = await openStep({ ...SETUP_STATE, canManage: false }, 'retention');

    const settings = element.shadowRoot.querySelector('c-card-retention-settings');
    expect(settings.retention).toEqual(SETUP_STATE.retention);
    expect(settings.canManage).toBe(false);
    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepTodo');
  });

  it('marks data retention as done once the nightly clean-up is scheduled', async () => {
    const retention = { days: 30, cleanUpScheduled: true, nextRunAt: '2026-12-03T11:00:00.000Z' };
    const element = await openStep({ ...SETUP_STATE, retention }, 'retention');

    expect(byId(element, 'step-status').textContent).toBe('c.CardSetupStepDone');
  });

  it('refreshes the setup state once the retention is saved', async () => {
    const element = await openStep(SETUP_STATE, 'retention');

    element.shadowRoot
      .querySelector('c-card-retention-settings')
      .dispatchEvent(new CustomEvent('saved', { detail: SETUP_STATE.retention }));
    await flushPromises();

    expect(refreshApex).toHaveBeenCalledTimes(1);
  });

  describe('granting the missing access', () => {
    function grantButton(element) {
      return element.shadowRoot.querySelector('[data-id="grant-access"][data-user-id="005000000000004AAA"]');
    }

    function dialog(element) {
      return element.shadowRoot.querySelector('c-card-access-grant-dialog');
    }

    async function openDialog(plan = PLAN) {
      planStandardAccess.mockResolvedValue(plan);
      const element = await openPermissionsStep(SETUP_STATE);
      grantButton(element).click();
      await flushPromises();
      return element;
    }

    it('offers the grant only for users who lack rights, to users who may manage the setup', async () => {
      const element = await openPermissionsStep(
        withAccess({
          users: [
            accessUser('Integration User', [{ objectName: 'Lead', right: 'Create' }]),
            {
              userId: '005000000000005AAA',
              name: 'Ada Integration',
              missing: []
            }
          ]
        })
      );
      expect(element.shadowRoot.querySelectorAll('[data-id="grant-access"]')).toHaveLength(1);
      expect(grantButton(element).label).toBe('c.CardSetupGrantButton');

      // sfdx-lwc-jest's @salesforce/user/Id: the admin is not offered a grant to themselves.
      const self = await openPermissionsStep(
        withAccess({
          users: [{ ...accessUser('Me', [{ objectName: 'Lead', right: 'Create' }]), userId: '005000000000000AAA' }]
        })
      );
      expect(self.shadowRoot.querySelector('[data-id="grant-access"]')).toBeNull();

      const readOnly = await openPermissionsStep({ ...SETUP_STATE, canManage: false });
      expect(grantButton(readOnly)).toBeNull();
      expect(readOnly.shadowRoot.querySelector('[data-id="access-fix"]')).not.toBeNull();
    });

    it('asks first, listing what the plan grants, and grants it on confirm', async () => {
      grantStandardAccess.mockResolvedValue(PLAN);
      const element = await openDialog();
      const toasts = listenForToasts(element);

      expect(planStandardAccess).toHaveBeenCalledWith({ userId: '005000000000004AAA' });
      expect(grantStandardAccess).not.toHaveBeenCalled();
      expect(dialog(element).plan).toEqual(PLAN);
      expect(dialog(element).userName).toBe('Integration User');
      const fields = [...dialog(element).shadowRoot.querySelectorAll('[data-id="grant-fields"] li')].map(
        (li) => li.textContent
      );
      expect(fields).toEqual(['Lead.MobilePhone', 'Lead.Title']);

      dialog(element).shadowRoot.querySelector('[data-id="grant-confirm"]').click();
      await flushPromises();

      // Exactly what the confirmation listed, nothing more.
      expect(grantStandardAccess).toHaveBeenCalledWith({
        userId: '005000000000004AAA',
        objectRights: ['Lead.Create', 'Lead.Read'],
        fields: ['Lead.MobilePhone', 'Lead.Title'],
        editTasks: false
      });
      expect(toasts).toHaveBeenCalledTimes(1);
      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'Integration User now has the missing access (Cardbridge_Standard_Access_005000000000004).',
        variant: 'success'
      });
      expect(refreshApex).toHaveBeenCalledTimes(1);
      expect(dialog(element)).toBeNull();
    });

    it('changes nothing when the admin cancels', async () => {
      const element = await openDialog();

      dialog(element).shadowRoot.querySelector('[data-id="grant-cancel"]').click();
      await flushPromises();

      expect(dialog(element)).toBeNull();
      expect(grantStandardAccess).not.toHaveBeenCalled();
      expect(refreshApex).not.toHaveBeenCalled();
    });

    it('lists the fields Salesforce refused, which the admin must grant by hand', async () => {
      const refusedFields = ['Lead.Title: Field is not permissionable', 'Lead.MobilePhone: Insufficient access'];
      grantStandardAccess.mockResolvedValue({ ...PLAN, refusedFields });
      const element = await openDialog();
      const toasts = listenForToasts(element);

      dialog(element).shadowRoot.querySelector('[data-id="grant-confirm"]').click();
      await flushPromises();

      expect(toasts.mock.calls[1][0].detail).toMatchObject({
        title: 'Grant these to Integration User by hand',
        message: refusedFields.join('; '),
        variant: 'warning',
        mode: 'sticky'
      });
      expect(byId(element, 'access-refused').textContent).toBe(
        `Grant these fields by hand: ${refusedFields.join(', ')}`
      );
    });

    it('says so, without asking, when the user lacks nothing any more', async () => {
      const element = await openPermissionsStep(SETUP_STATE);
      const toasts = listenForToasts(element);
      planStandardAccess.mockResolvedValue({ ...PLAN, objectRights: [], fields: [], nothingMissing: true });

      grantButton(element).click();
      await flushPromises();

      expect(dialog(element)).toBeNull();
      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'Integration User lacks nothing any more.',
        variant: 'info'
      });
      expect(refreshApex).toHaveBeenCalledTimes(1);
    });

    it('shows why the missing access could not be read in an error toast', async () => {
      planStandardAccess.mockRejectedValue({ body: { message: 'The setup state could not be read: no access' } });
      const element = await openPermissionsStep(SETUP_STATE);
      const toasts = listenForToasts(element);

      grantButton(element).click();
      await flushPromises();

      expect(dialog(element)).toBeNull();
      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardSetupGrantPlanFailed',
        message: 'The setup state could not be read: no access',
        variant: 'error'
      });
      expect(grantButton(element).disabled).toBe(false);
    });

    it('shows why the grant failed in an error toast and closes the confirmation', async () => {
      grantStandardAccess.mockRejectedValue({
        body: { message: 'The permission set could not be created or assigned: Insufficient Privileges' }
      });
      const element = await openDialog();
      const toasts = listenForToasts(element);

      dialog(element).shadowRoot.querySelector('[data-id="grant-confirm"]').click();
      await flushPromises();

      expect(toasts.mock.calls[0][0].detail).toMatchObject({
        title: 'c.CardSetupGrantFailed',
        message: 'The permission set could not be created or assigned: Insufficient Privileges',
        variant: 'error'
      });
      expect(dialog(element)).toBeNull();
      expect(refreshApex).not.toHaveBeenCalled();
    });

    it('is accessible with the confirmation open', async () => {
      const element = await openDialog();

      await expect(element).toBeAccessible();
    });
  });

  it('is accessible on every step', async () => {
    const element = render();
    getSetupState.emit(SETUP_STATE);
    await flushPromises();
    for (let step = 0; step < 5; step++) {
      // eslint-disable-next-line no-await-in-loop
      await expect(element).toBeAccessible();
      // eslint-disable-next-line no-await-in-loop
      await goToStep(element, 1);
    }
  });
});
