import { createElement } from '@lwc/engine-dom';
import CardIntegrationEditor, { PREVIEW_DELAY_MS } from 'c/cardIntegrationEditor';
import getIntegration from '@salesforce/apex/CardIntegrationEditorController.getIntegration';
import getTargetFields from '@salesforce/apex/CardIntegrationEditorController.getTargetFields';
import getSourcePaths from '@salesforce/apex/CardIntegrationEditorController.getSourcePaths';
import getDefaultRows from '@salesforce/apex/CardIntegrationEditorController.getDefaultRows';
import getDefaultRepeatPolicy from '@salesforce/apex/CardIntegrationEditorController.getDefaultRepeatPolicy';
import getSetupPermission from '@salesforce/apex/CardIntegrationEditorController.getSetupPermission';
import previewMapping from '@salesforce/apex/CardIntegrationEditorController.previewMapping';
import saveIntegration from '@salesforce/apex/CardIntegrationEditorController.save';
import { refreshApex } from '@salesforce/apex';

const DETAIL = require('./data/integrationDetail.json');
const TARGET_FIELDS = require('./data/targetFields.json');
const SOURCE_PATHS = require('./data/sourcePaths.json');
const PREVIEW = require('./data/preview.json');
const DEFAULT_ROWS = require('./data/defaultRows.json');

jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.getIntegration',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.getTargetFields',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.getSourcePaths',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.getDefaultRepeatPolicy',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.getSetupPermission',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
jest.mock('@salesforce/apex/CardIntegrationEditorController.getDefaultRows', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardIntegrationEditorController.previewMapping', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardIntegrationEditorController.save', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardEditorRepeatDefaultOption', () => ({ default: '{0} (default)' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardEditorConsentWritten', () => ({ default: 'Written to {0} (Email).' }), {
  virtual: true
});

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render(recordId) {
  const element = createElement('c-card-integration-editor', { is: CardIntegrationEditor });
  element.recordId = recordId;
  document.body.appendChild(element);
  return element;
}

async function renderLoaded() {
  const element = render(DETAIL.integration.id);
  getIntegration.emit(DETAIL);
  getTargetFields.emit(TARGET_FIELDS);
  getSourcePaths.emit(SOURCE_PATHS);
  await flushPromises();
  // Booth leads creates Leads: CardRepeatPolicy keeps a Lead that exists.
  getDefaultRepeatPolicy.emit('Keep');
  await flushPromises();
  return element;
}

function query(element, selector) {
  return element.shadowRoot.querySelector(selector);
}

function rowField(element, rowIndex, field) {
  return query(element, `[data-row-index="${rowIndex}"][data-field="${field}"]`);
}

function change(input, value) {
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-card-integration-editor', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    previewMapping.mockResolvedValue(PREVIEW);
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('loads the integration with its settings, card filter pills and mapping rows', async () => {
    const element = await renderLoaded();

    expect(getIntegration.getLastConfig()).toEqual({ integrationId: DETAIL.integration.id });
    expect(getTargetFields.getLastConfig()).toEqual({ useCase: 'CreateLead' });
    expect(query(element, '[data-field="name"]').value).toBe('Booth leads');
    const pills = element.shadowRoot.querySelectorAll('lightning-pill-container');
    expect(pills[0].items.map((pill) => pill.label)).toEqual(['card_42']);
    expect(pills[1].items.map((pill) => pill.label)).toEqual(['events', 'emea']);
    expect(rowField(element, 0, 'sourceChoice').value).toBe('contact.lastName');
    expect(rowField(element, 1, 'sourceChoice').value).toBe('__custom');
    expect(rowField(element, 1, 'customKey').value).toBe('Industry');
    expect(query(element, '[data-id="pair-reminder"]').textContent).toBe('c.CardEditorPairReminder');
  });

  it('shows a spinner and no form until the integration arrives, so that a save cannot write defaults over it', async () => {
    const element = render(DETAIL.integration.id);
    await flushPromises();

    const spinner = query(element, '[data-id="loading"] lightning-spinner');
    expect(spinner.alternativeText).toBe('c.CardEditorLoading');
    expect(query(element, '[data-field="name"]')).toBeNull();
    expect(query(element, '[data-field="repeatPolicy"]')).toBeNull();
    expect(query(element, '[data-id="save"]').disabled).toBe(true);

    getIntegration.emit(DETAIL);
    await flushPromises();

    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-field="name"]').value).toBe('Booth leads');
    expect(query(element, '[data-id="save"]').disabled).toBe(false);
  });

  it('shows a new integration at once, with nothing to wait for', async () => {
    const element = render(undefined);
    await flushPromises();

    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-field="name"]').value).toBe('');
    expect(query(element, '[data-id="save"]').disabled).toBe(false);
  });

  it('waits again when the page switches to another integration', async () => {
    const element = await renderLoaded();

    element.recordId = 'a00000000000002AAA';
    await flushPromises();

    expect(query(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    expect(query(element, '[data-field="name"]')).toBeNull();
    expect(getIntegration.getLastConfig()).toEqual({ integrationId: 'a00000000000002AAA' });
  });

  it('forgets the previous integration when the page switches: its load error, problems and preview', async () => {
    const element = render('a00000000000009AAA');
    getIntegration.error({ message: 'This integration no longer exists.' });
    await flushPromises();
    expect(query(element, 'c-card-error-panel').errors).toBeTruthy();

    element.recordId = DETAIL.integration.id;
    await flushPromises();

    expect(query(element, 'c-card-error-panel').errors).toBeFalsy();
    expect(query(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
  });

  it('drops the preview of the integration shown before a switch', async () => {
    const element = await renderLoaded();
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();
    expect(query(element, '[data-id="preview"]')).not.toBeNull();

    element.recordId = 'a00000000000002AAA';
    getIntegration.emit({ ...DETAIL, integration: { ...DETAIL.integration, id: 'a00000000000002AAA' } });
    await flushPromises();

    expect(query(element, '[data-id="preview"]')).toBeNull();
  });

  it('keeps waiting for the integration when another part fails to load, and keeps that failure shown', async () => {
    const element = render(DETAIL.integration.id);
    getSourcePaths.error({ message: 'Source paths are unavailable.' });
    await flushPromises();

    expect(query(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    expect(query(element, 'c-card-error-panel').errors).toBeTruthy();

    getIntegration.emit(DETAIL);
    await flushPromises();

    expect(query(element, '[data-field="name"]').value).toBe('Booth leads');
    expect(query(element, 'c-card-error-panel').errors).toBeTruthy();
  });

  it('asks the server again when a record opens and shows its answer, not the cached one', async () => {
    // Deactivated from the list since the detail was cached: a save from the cached form would turn it back on.
    refreshApex.mockImplementationOnce(() => {
      getIntegration.emit({ ...DETAIL, integration: { ...DETAIL.integration, active: false } });
      return Promise.resolve();
    });
    const element = render(DETAIL.integration.id);
    getIntegration.emit(DETAIL);
    await flushPromises();

    expect(refreshApex).toHaveBeenCalledWith(expect.objectContaining({ data: DETAIL }));
    expect(query(element, '[data-field="active"]').checked).toBe(false);
  });

  it('waits for that answer with the spinner, and shows the cached detail when the server cannot be asked', async () => {
    let fail;
    refreshApex.mockImplementationOnce(
      () =>
        new Promise((resolve, reject) => {
          fail = reject;
        })
    );
    const element = render(DETAIL.integration.id);
    getIntegration.emit(DETAIL);
    await flushPromises();
    expect(query(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    expect(query(element, '[data-field="name"]')).toBeNull();

    fail(new Error('offline'));
    await flushPromises();

    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-field="active"]').checked).toBe(true);
  });

  it('keeps the form of an integration it has just saved when the page then opens that record', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: 'a00000000000003AAA', errors: [] });
    const element = render(undefined);
    await flushPromises();
    change(query(element, '[data-field="name"]'), 'Trade fair');
    query(element, '[data-field="defaultOwnerId"]').dispatchEvent(
      new CustomEvent('change', { detail: { recordId: '005000000000042AAA' } })
    );
    query(element, '[data-id="save"]').click();
    await flushPromises();
    expect(saveIntegration).toHaveBeenCalledTimes(1);
    // Nothing of a new integration was cached to refresh.
    expect(refreshApex).not.toHaveBeenCalled();

    element.recordId = 'a00000000000003AAA';
    await flushPromises();

    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-field="name"]').value).toBe('Trade fair');
  });

  it('offers the engine source paths plus custom field and constant entries', async () => {
    const element = await renderLoaded();

    const values = rowField(element, 0, 'sourceChoice').options.map((option) => option.value);
    expect(values).toEqual([...SOURCE_PATHS, '__custom', '__constant']);
  });

  it('shows the target field type and length from describe', async () => {
    const element = await renderLoaded();

    expect(rowField(element, 0, 'targetField').fieldLevelHelp).toBe('c.CardEditorTargetDetail');
    const targets = rowField(element, 0, 'targetField').options.map((option) => option.value);
    expect(targets).toEqual(TARGET_FIELDS.map((field) => field.apiName));
  });

  it('explains that blank filters match every card', async () => {
    const element = render(undefined);
    getTargetFields.emit(TARGET_FIELDS);
    getSourcePaths.emit(SOURCE_PATHS);
    await flushPromises();

    expect(query(element, '[data-id="all-cards"]').textContent).toBe('c.CardEditorAllCardsHint');
    expect(query(element, '[data-id="no-rows"]')).not.toBeNull();
    expect(query(element, 'lightning-card').title).toBe('c.CardEditorTitleNew');
  });

  it('adds a tag pill and removes a card id pill', async () => {
    const element = await renderLoaded();

    const tagInput = query(element, 'lightning-input[data-list="cardTags"]');
    change(tagInput, 'vip');
    query(element, '[data-id="add-tag"]').click();
    await flushPromises();
    const pills = element.shadowRoot.querySelectorAll('lightning-pill-container');
    pills[0].dispatchEvent(new CustomEvent('itemremove', { detail: { item: { name: 'card_42' } } }));
    await flushPromises();

    const after = element.shadowRoot.querySelectorAll('lightning-pill-container');
    expect(after[0].items).toEqual([]);
    expect(after[1].items.map((pill) => pill.label)).toEqual(['events', 'emea', 'vip']);
  });

  it('previews the edited mapping with the same engine once typing pauses', async () => {
    const element = await renderLoaded();
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();
    previewMapping.mockClear();

    change(rowField(element, 0, 'targetField'), 'Company');
    change(rowField(element, 0, 'targetField'), 'Title');
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();

    expect(previewMapping).toHaveBeenCalledTimes(1);
    const args = previewMapping.mock.calls[0][0];
    expect(args.integration.useCase).toBe('CreateLead');
    expect(args.rows[0]).toMatchObject({ sourcePath: 'contact.lastName', targetField: 'Title' });
    expect(args.rows[1]).toMatchObject({ sourcePath: 'customFields.Industry', constant: null });
    const table = query(element, '[data-id="preview"]');
    expect(table.data.map((line) => line.value)).toEqual(['Doe', 'Software']);
  });

  it('shows a preview failure in the error panel', async () => {
    previewMapping.mockRejectedValue({ body: { message: 'The preview failed: bad transform' } });
    const element = await renderLoaded();
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();

    const panels = element.shadowRoot.querySelectorAll('c-card-error-panel');
    const previewPanel = [...panels].find((panel) => panel.friendlyMessage === 'c.CardEditorPreviewError');
    expect(previewPanel.errors).toEqual({ body: { message: 'The preview failed: bad transform' } });
  });

  it('adds and removes mapping rows', async () => {
    const element = await renderLoaded();

    query(element, '[data-id="add-row"]').click();
    await flushPromises();
    expect(element.shadowRoot.querySelectorAll('fieldset')).toHaveLength(3);

    query(element, '[data-id="remove-row"][data-row-index="0"]').click();
    await flushPromises();
    const fieldsets = element.shadowRoot.querySelectorAll('fieldset');
    expect(fieldsets).toHaveLength(2);
    expect(rowField(element, 0, 'customKey').value).toBe('Industry');
  });

  it('resets the rows to the use case defaults', async () => {
    getDefaultRows.mockResolvedValue(DEFAULT_ROWS);
    const element = await renderLoaded();

    query(element, '[data-id="reset-rows"]').click();
    await flushPromises();

    expect(getDefaultRows).toHaveBeenCalledWith({ useCase: 'CreateLead' });
    expect(element.shadowRoot.querySelectorAll('fieldset')).toHaveLength(3);
    expect(rowField(element, 2, 'transform').value).toBe('Lower');
  });

  it('blocks save and lists inline problems when rows are invalid', async () => {
    const element = await renderLoaded();
    change(rowField(element, 1, 'targetField'), 'lastname');
    query(element, '[data-id="add-row"]').click();
    await flushPromises();
    change(rowField(element, 2, 'targetField'), 'Title');
    change(rowField(element, 2, 'sourceChoice'), '__constant');
    await flushPromises();
    change(rowField(element, 2, 'constant'), 'Much longer than ten');
    query(element, '[data-id="add-row"]').click();
    await flushPromises();

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration).not.toHaveBeenCalled();
    const problems = [...element.shadowRoot.querySelectorAll('[data-id="error-summary"] li')].map(
      (li) => li.textContent
    );
    expect(problems).toEqual([
      'c.CardEditorRowLabel: c.CardValidationTargetDuplicate',
      'c.CardEditorRowLabel: c.CardValidationTooLong',
      'c.CardEditorRowLabel: c.CardValidationTargetRequired',
      'c.CardEditorRowLabel: c.CardValidationSourceRequired'
    ]);
  });

  function pickOwner(element, recordId) {
    query(element, '[data-field="defaultOwnerId"]').dispatchEvent(new CustomEvent('change', { detail: { recordId } }));
  }

  it('requires a user when records go to a fixed owner', async () => {
    const element = await renderLoaded();
    change(query(element, '[data-field="ownerStrategy"]'), 'FixedUser');
    pickOwner(element, null);
    await flushPromises();

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration).not.toHaveBeenCalled();
    expect(query(element, '[data-id="error-summary"]').textContent).toContain('c.CardValidationOwnerRequired');
    const owner = query(element, '[data-field="defaultOwnerId"]');
    expect(owner.required).toBe(true);
    expect(owner.label).toBe('c.CardFieldDefaultOwner');
  });

  it("labels the default owner as the fallback when records go to the card owner's user, and requires it", async () => {
    const element = render(undefined);
    getTargetFields.emit(TARGET_FIELDS);
    getSourcePaths.emit(SOURCE_PATHS);
    await flushPromises();

    const owner = query(element, '[data-field="defaultOwnerId"]');
    expect(query(element, '[data-field="ownerStrategy"]').value).toBe('CardOwner');
    expect(owner.label).toBe('c.CardFieldDefaultOwnerFallback');
    expect(owner.required).toBe(true);
  });

  it('refuses to save a card-owner integration without a default owner, with the server message', async () => {
    const element = await renderLoaded();
    const owner = query(element, '[data-field="defaultOwnerId"]');
    owner.setCustomValidity = jest.fn();
    pickOwner(element, null);
    await flushPromises();

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration).not.toHaveBeenCalled();
    const problems = [...element.shadowRoot.querySelectorAll('[data-id="error-summary"] li')].map(
      (li) => li.textContent
    );
    expect(problems).toEqual(['c.CardValidationDefaultOwnerRequired']);
    expect(owner.setCustomValidity).toHaveBeenLastCalledWith('c.CardValidationDefaultOwnerRequired');
  });

  it('shows the default owner problem the server returns next to the picker', async () => {
    saveIntegration.mockResolvedValue({
      success: false,
      errors: [
        { scope: 'integration', rowIndex: null, field: 'defaultOwnerId', message: 'The default owner is inactive.' }
      ]
    });
    const element = await renderLoaded();
    const owner = query(element, '[data-field="defaultOwnerId"]');
    owner.setCustomValidity = jest.fn();

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(owner.setCustomValidity).toHaveBeenLastCalledWith('The default owner is inactive.');
    expect(query(element, '[data-id="error-summary"]').textContent).toContain('The default owner is inactive.');
  });

  it('saves the user picked as fixed owner and the campaign picked, and clears the owner problem on pick', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    change(query(element, '[data-field="ownerStrategy"]'), 'FixedUser');
    pickOwner(element, null);
    await flushPromises();
    query(element, '[data-id="save"]').click();
    await flushPromises();
    expect(query(element, '[data-id="error-summary"]').textContent).toContain('c.CardValidationOwnerRequired');

    const owner = query(element, '[data-field="defaultOwnerId"]');
    owner.dispatchEvent(new CustomEvent('change', { detail: { recordId: '005000000000042AAA' } }));
    const campaign = query(element, '[data-field="campaignId"]');
    campaign.dispatchEvent(new CustomEvent('change', { detail: { recordId: '701000000000007AAA' } }));
    await flushPromises();
    expect(owner.value).toBe('005000000000042AAA');
    expect(query(element, '[data-id="error-summary"]')).toBeNull();

    query(element, '[data-id="save"]').click();
    await flushPromises();
    expect(saveIntegration.mock.calls[0][0].integration).toMatchObject({
      ownerStrategy: 'FixedUser',
      defaultOwnerId: '005000000000042AAA',
      campaignId: '701000000000007AAA'
    });
  });

  it('saves no campaign when the admin clears the campaign picker', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    const campaign = query(element, '[data-field="campaignId"]');
    campaign.dispatchEvent(new CustomEvent('change', { detail: { recordId: '701000000000007AAA' } }));
    campaign.dispatchEvent(new CustomEvent('change', { detail: { recordId: null } }));
    await flushPromises();

    query(element, '[data-id="save"]').click();
    await flushPromises();
    expect(saveIntegration.mock.calls[0][0].integration.campaignId).toBeNull();
  });

  it('saves the integration and rows and tells the page', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    const saved = jest.fn();
    const toast = jest.fn();
    element.addEventListener('saved', saved);
    element.addEventListener('lightning__showtoast', toast);
    change(query(element, '[data-field="name"]'), 'Booth leads EMEA');

    query(element, '[data-id="save"]').click();
    await flushPromises();

    const args = saveIntegration.mock.calls[0][0];
    expect(args.integration).toMatchObject({
      id: DETAIL.integration.id,
      name: 'Booth leads EMEA',
      cardTags: 'events, emea'
    });
    expect(args.rows).toEqual([
      {
        id: 'a02000000000001AAA',
        sourcePath: 'contact.lastName',
        constant: null,
        targetField: 'LastName',
        defaultValue: null,
        transform: 'None'
      },
      {
        id: 'a02000000000002AAA',
        sourcePath: 'customFields.Industry',
        constant: null,
        targetField: 'Industry',
        defaultValue: null,
        transform: 'Trim'
      }
    ]);
    expect(saved.mock.calls[0][0].detail).toEqual({ integrationId: DETAIL.integration.id });
    expect(toast.mock.calls[0][0].detail.variant).toBe('success');
  });

  it('refreshes the cached detail after saving, before telling the page, so that opening it again shows what was saved', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    const order = [];
    refreshApex.mockImplementationOnce(() => {
      order.push('refresh');
      return Promise.resolve();
    });
    element.addEventListener('saved', () => order.push('saved'));

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(refreshApex).toHaveBeenCalledWith(expect.objectContaining({ data: DETAIL }));
    expect(order).toEqual(['refresh', 'saved']);
  });

  it('reports the save when the refresh after it fails', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    refreshApex.mockImplementationOnce(() => Promise.reject(new Error('offline')));
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saved).toHaveBeenCalledTimes(1);
  });

  it('sends the follow-up task switch as a boolean and its due days as a number', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    const task = query(element, '[data-field="createFollowUpTask"]');
    expect(query(element, '[data-field="taskDueInDays"]').disabled).toBe(true);

    task.checked = true;
    task.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
    await flushPromises();
    const dueDays = query(element, '[data-field="taskDueInDays"]');
    expect(dueDays.disabled).toBe(false);
    change(dueDays, '5');
    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration.mock.calls[0][0].integration).toMatchObject({ createFollowUpTask: true, taskDueInDays: 5 });
  });

  it('shows the errors Apex returns next to their row and field', async () => {
    saveIntegration.mockResolvedValue({
      success: false,
      errors: [
        { scope: 'row', rowIndex: 1, field: 'sourcePath', message: 'Unknown source.' },
        { scope: 'integration', rowIndex: null, field: 'name', message: 'Duplicate name.' }
      ]
    });
    const element = await renderLoaded();
    const customKey = rowField(element, 1, 'customKey');
    const nameInput = query(element, '[data-field="name"]');
    customKey.setCustomValidity = jest.fn();
    nameInput.setCustomValidity = jest.fn();
    const saved = jest.fn();
    element.addEventListener('saved', saved);

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saved).not.toHaveBeenCalled();
    expect(customKey.setCustomValidity).toHaveBeenLastCalledWith('Unknown source.');
    expect(nameInput.setCustomValidity).toHaveBeenLastCalledWith('Duplicate name.');
    const problems = [...element.shadowRoot.querySelectorAll('[data-id="error-summary"] li')].map(
      (li) => li.textContent
    );
    expect(problems).toEqual(['c.CardEditorRowLabel: Unknown source.', 'Duplicate name.']);
  });

  it('shows an error toast when save throws', async () => {
    saveIntegration.mockRejectedValue({ body: { message: 'Insufficient access' } });
    const element = await renderLoaded();
    const toast = jest.fn();
    element.addEventListener('lightning__showtoast', toast);

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(toast.mock.calls[0][0].detail).toMatchObject({ variant: 'error', message: 'Insufficient access' });
  });

  it('holds exchanges for review once the admin turns the option on, and says what that means', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();
    const hold = query(element, '[data-field="holdForReview"]');
    expect(hold.type).toBe('toggle');
    expect(hold.checked).toBe(false);
    expect(hold.label).toBe('c.CardFieldHoldForReview');
    expect(hold.fieldLevelHelp).toBe('c.CardEditorHoldHelp');
    expect(hold.messageToggleActive).toBe('c.CardEditorHoldOn');

    hold.checked = true;
    hold.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration.mock.calls[0][0].integration.holdForReview).toBe(true);
  });

  it('shows an integration that holds exchanges with the option on, and a new one with it off', async () => {
    const element = render(DETAIL.integration.id);
    getIntegration.emit({ ...DETAIL, integration: { ...DETAIL.integration, holdForReview: true } });
    await flushPromises();
    expect(query(element, '[data-field="holdForReview"]').checked).toBe(true);

    element.recordId = undefined;
    await flushPromises();
    expect(query(element, '[data-field="holdForReview"]').checked).toBe(false);
  });

  function repeatGroup(element) {
    return query(element, '[data-field="repeatPolicy"]');
  }

  function optionLabels(group) {
    return group.options.map((option) => option.label);
  }

  it("selects the use case's default when the person already exists and says no one is created twice", async () => {
    const element = await renderLoaded();

    const group = repeatGroup(element);
    expect(group.label).toBe('c.CardFieldRepeatPolicy');
    expect(group.options.map((option) => option.value)).toEqual(['Update', 'Keep', 'Activity']);
    // Create Lead: an existing Lead is left as it is unless the admin chooses otherwise.
    expect(group.value).toBe('Keep');
    expect(optionLabels(group)).toEqual([
      'c.CardRepeatPolicyUpdate',
      'c.CardRepeatPolicyKeep (default)',
      'c.CardRepeatPolicyActivity'
    ]);
    expect(query(element, '[data-id="repeat-default"]').textContent.trim()).toBe('c.CardEditorRepeatDefaultApplies');
    expect(query(element, '[data-id="repeat-never-twice"]').textContent.trim()).toBe('c.CardEditorRepeatNeverTwice');
    expect(query(element, '[data-id="repeat-activity"]').textContent).toBe('c.CardEditorRepeatActivityHelp');
  });

  it("asks the org what a blank policy means for the integration's use case", async () => {
    await renderLoaded();

    expect(getDefaultRepeatPolicy.getLastConfig()).toEqual({ useCase: 'CreateLead' });
  });

  it('follows the use case with nothing chosen, as the org answers for each use case', async () => {
    const element = await renderLoaded();

    change(query(element, '[data-field="useCase"]'), 'UpsertLeadByEmail');
    await flushPromises();
    expect(getDefaultRepeatPolicy.getLastConfig()).toEqual({ useCase: 'UpsertLeadByEmail' });
    // Until the org answers for the new use case, the previous one's default is not offered as this one's.
    expect(repeatGroup(element).value).toBeUndefined();
    expect(optionLabels(repeatGroup(element))).toEqual([
      'c.CardRepeatPolicyUpdate',
      'c.CardRepeatPolicyKeep',
      'c.CardRepeatPolicyActivity'
    ]);

    getDefaultRepeatPolicy.emit('Update');
    await flushPromises();
    const group = repeatGroup(element);
    expect(group.value).toBe('Update');
    expect(optionLabels(group)[0]).toBe('c.CardRepeatPolicyUpdate (default)');
    expect(optionLabels(group)[1]).toBe('c.CardRepeatPolicyKeep');
    change(query(element, '[data-field="useCase"]'), 'CreateContact');
    getDefaultRepeatPolicy.emit('Keep');
    await flushPromises();
    expect(repeatGroup(element).value).toBe('Keep');
  });

  it('shows the load error when the default policy cannot be read', async () => {
    const element = await renderLoaded();

    getDefaultRepeatPolicy.error({ body: { message: 'This use case does not exist.' } });
    await flushPromises();

    expect(query(element, 'c-card-error-panel').errors).toBeTruthy();
  });

  it('saves the policy the admin picks, which then no longer follows the use case', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();

    change(repeatGroup(element), 'Activity');
    await flushPromises();
    expect(repeatGroup(element).value).toBe('Activity');
    expect(query(element, '[data-id="repeat-default"]')).toBeNull();
    change(query(element, '[data-field="useCase"]'), 'UpsertLeadByEmail');
    getDefaultRepeatPolicy.emit('Update');
    await flushPromises();
    expect(repeatGroup(element).value).toBe('Activity');
    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration.mock.calls[0][0].integration.repeatPolicy).toBe('Activity');
  });

  it('saves no policy while nothing is chosen, so that the use case decides', async () => {
    saveIntegration.mockResolvedValue({ success: true, integrationId: DETAIL.integration.id, errors: [] });
    const element = await renderLoaded();

    query(element, '[data-id="save"]').click();
    await flushPromises();

    expect(saveIntegration.mock.calls[0][0].integration.repeatPolicy).toBe('');
  });

  it('shows the saved policy of an integration, and a new integration following its default again', async () => {
    const element = render(DETAIL.integration.id);
    getIntegration.emit({ ...DETAIL, integration: { ...DETAIL.integration, repeatPolicy: 'Update' } });
    await flushPromises();
    expect(repeatGroup(element).value).toBe('Update');
    expect(query(element, '[data-id="repeat-default"]')).toBeNull();

    element.recordId = undefined;
    getDefaultRepeatPolicy.emit('Keep');
    await flushPromises();
    expect(repeatGroup(element).value).toBe('Keep');
    expect(query(element, '[data-id="repeat-default"]')).not.toBeNull();
  });

  async function renderPreviewed(preview) {
    previewMapping.mockResolvedValue(preview);
    const element = await renderLoaded();
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();
    return element;
  }

  const text = (element, id) => query(element, `[data-id="${id}"]`).textContent.trim();

  it('says which Email consent the sample would write where the org keeps consent', async () => {
    const element = await renderPreviewed(PREVIEW);

    expect(query(element, '[data-id="consent"] h3').textContent).toBe('c.CardEditorConsentTitle');
    expect(text(element, 'consent-written')).toBe('Written to ContactPointTypeConsent (Email).');
    expect(text(element, 'consent-contact-point')).toBe('Email');
    expect(text(element, 'consent-status')).toBe('c.CardEditorConsentOptIn');
    // In the user's locale and time zone (sfdx-lwc-jest: en-US, America/Los_Angeles).
    expect(text(element, 'consent-captured')).toBe('Wed, Nov 25, 2026, 1:59 AM');
    expect(text(element, 'consent-through')).toBe('Web');
    expect(text(element, 'consent-source')).toBe(PREVIEW.consent.captureSource);
    expect(text(element, 'consent-never-clears')).toBe('c.CardEditorConsentNeverClears');
    expect(query(element, '[data-id="consent-warning"]')).toBeNull();
    expect(query(element, '[data-id="consent-off"]')).toBeNull();
  });

  it('names an opt-out as such and says when the consent text was cut', async () => {
    const element = await renderPreviewed({
      ...PREVIEW,
      consent: { ...PREVIEW.consent, status: 'OptOut', warning: 'The consent text was cut.' }
    });

    expect(text(element, 'consent-status')).toBe('c.CardEditorConsentOptOut');
    expect(text(element, 'consent-warning')).toBe('The consent text was cut.');
  });

  it('says the mapped fields keep the consent where Data Protection and Privacy is off', async () => {
    const element = await renderPreviewed({ ...PREVIEW, consent: { ...PREVIEW.consent, available: false } });

    expect(text(element, 'consent-off')).toBe('c.CardEditorConsentOff');
    expect(text(element, 'consent-never-clears')).toBe('c.CardEditorConsentNeverClears');
    expect(query(element, '[data-id="consent-written"]')).toBeNull();
    expect(query(element, '[data-id="consent-status"]')).toBeNull();
  });

  it('says nothing about consent when the sample captured none', async () => {
    const element = await renderPreviewed({ ...PREVIEW, consent: null });

    expect(query(element, '[data-id="preview"]')).not.toBeNull();
    expect(query(element, '[data-id="consent"]')).toBeNull();
  });

  it('hands the integration and rows as edited to the check against the org', async () => {
    const element = await renderLoaded();
    change(query(element, '[data-field="name"]'), 'Booth leads EMEA');
    change(rowField(element, 0, 'targetField'), 'Title');
    await flushPromises();

    const orgCheck = query(element, 'c-card-org-check');
    expect(orgCheck.integration).toMatchObject({ id: DETAIL.integration.id, name: 'Booth leads EMEA' });
    expect(orgCheck.rows).toEqual([
      expect.objectContaining({ sourcePath: 'contact.lastName', targetField: 'Title' }),
      expect.objectContaining({ sourcePath: 'customFields.Industry', targetField: 'Industry' })
    ]);
  });

  it('lets a user with the setup permission check the integration against the org', async () => {
    const element = await renderLoaded();

    expect(query(element, 'c-card-org-check').canManage).toBe(true);
  });

  it("says the check needs the setup permission when the integration's detail says the user lacks it", async () => {
    const element = render(DETAIL.integration.id);
    getIntegration.emit({ ...DETAIL, canManageSetup: false });
    // For a saved integration the detail decides, whatever the new-integration answer says.
    getSetupPermission.emit(true);
    await flushPromises();

    expect(query(element, 'c-card-org-check').canManage).toBe(false);
  });

  it('asks whether the user may check a new integration, and shows the check only once it knows', async () => {
    const element = render(undefined);
    await flushPromises();
    expect(query(element, 'c-card-org-check')).toBeNull();

    getSetupPermission.emit(false);
    await flushPromises();
    expect(query(element, 'c-card-org-check').canManage).toBe(false);

    getSetupPermission.emit(true);
    await flushPromises();
    expect(query(element, 'c-card-org-check').canManage).toBe(true);
  });

  it('tells the page when the admin cancels', async () => {
    const element = await renderLoaded();
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);

    query(element, '[data-id="cancel"]').click();

    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('shows the load error when the integration is gone', async () => {
    const element = render('a00000000000009AAA');
    getIntegration.error({ message: 'This integration no longer exists.' });
    await flushPromises();

    const panel = query(element, 'c-card-error-panel');
    expect(panel.friendlyMessage).toBe('c.CardEditorLoadError');
    expect(panel.errors).toBeTruthy();
    // No spinner that never ends and no blank form to save in its place.
    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-field="name"]')).toBeNull();
    expect(query(element, '[data-id="save"]').disabled).toBe(true);
  });

  it('is accessible', async () => {
    const element = await renderLoaded();
    jest.advanceTimersByTime(PREVIEW_DELAY_MS);
    await flushPromises();
    jest.useRealTimers();
    await expect(element).toBeAccessible();
  });

  it('is accessible with the consent kept in the mapped fields', async () => {
    const element = await renderPreviewed({ ...PREVIEW, consent: { ...PREVIEW.consent, available: false } });
    jest.useRealTimers();
    await expect(element).toBeAccessible();
  });
});
