import { createElement } from '@lwc/engine-dom';
import CardOrgCheck, { SAMPLE } from 'c/cardOrgCheck';
import checkAgainstOrg from '@salesforce/apex/CardIntegrationEditorController.checkAgainstOrg';
import getCheckSamples from '@salesforce/apex/CardIntegrationEditorController.getCheckSamples';
import { assignedOwnerLine, findingGroups, headline, runAsLine, unexplainedError } from '../checkResult';

const CREATED = require('./data/checkCreated.json');
const FINDINGS = require('./data/checkFindings.json');
const SAMPLES = require('./data/checkSamples.json');
const REPEAT = require('./data/checkRepeat.json');

jest.mock('@salesforce/apex/CardIntegrationEditorController.checkAgainstOrg', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardIntegrationEditorController.getCheckSamples', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardCheckHeadlineLeadCreatedOwner', () => ({ default: 'A Lead, owned by {0}.' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardCheckRunAs', () => ({ default: 'Checked as {0}.' }), { virtual: true });
jest.mock('@salesforce/label/c.CardCheckFields', () => ({ default: 'Fields: {0}' }), { virtual: true });
jest.mock('@salesforce/label/c.CardCheckHeadlineOther', () => ({ default: 'Ended with {0}.' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.CardCheckHeadlineLeadRepeatOwner',
  () => ({ default: 'Exists as a Lead owned by {0}: logged on it.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.CardCheckHeadlineContactUpdatedOwner',
  () => ({ default: 'A Contact updated, still owned by {0}.' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardCheckAssignedOwner', () => ({ default: 'A new person would go to {0}.' }), {
  virtual: true
});
jest.mock('@salesforce/label/c.CardCheckRunsAs', () => ({ default: 'Runs as {0}.' }), { virtual: true });

const INTEGRATION = {
  id: 'a00000000000001AAA',
  name: 'Booth leads',
  useCase: 'CreateLead',
  defaultOwnerId: '005000000000002AAA'
};
const ROWS = [{ id: null, sourcePath: 'contact.lastName', constant: null, targetField: 'LastName', transform: 'None' }];

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

async function render(props = {}) {
  const element = createElement('c-card-org-check', { is: CardOrgCheck });
  Object.assign(element, { integration: INTEGRATION, rows: ROWS, canManage: true, ...props });
  document.body.appendChild(element);
  await flushPromises();
  return element;
}

function query(element, selector) {
  return element.shadowRoot.querySelector(selector);
}

function texts(element, selector) {
  return [...element.shadowRoot.querySelectorAll(selector)].map((node) => node.textContent.trim());
}

async function check(element) {
  query(element, '[data-id="check"]').click();
  await flushPromises();
}

describe('c-card-org-check', () => {
  beforeEach(() => {
    getCheckSamples.mockResolvedValue(SAMPLES);
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('offers the sample first, then the recent exchanges whose details are kept', async () => {
    const element = await render();

    const tryWith = query(element, '[data-id="try-with"]');
    expect(tryWith.label).toBe('c.CardCheckTryWith');
    expect(tryWith.value).toBe(SAMPLE);
    expect(tryWith.options).toEqual([{ label: 'c.CardCheckSampleOption', value: SAMPLE }, ...SAMPLES]);
    expect(query(element, '[data-id="check"]').label).toBe('c.CardCheckButton');
    expect(query(element, '[data-id="result"]')).toBeNull();
    expect(query(element, '[data-id="check-permission"]')).toBeNull();
  });

  it('offers no check, and says why, to a user without the setup permission', async () => {
    getCheckSamples.mockResolvedValue([]);
    const element = await render({ canManage: false });

    expect(query(element, '[data-id="check"]').disabled).toBe(true);
    expect(query(element, '[data-id="try-with"]').disabled).toBe(true);
    expect(query(element, '[data-id="check-permission"]').textContent).toBe('c.CardCheckNeedsPermission');
    await expect(element).toBeAccessible();
  });

  it('checks the integration as edited on the sample and says what the org would create, for whom', async () => {
    checkAgainstOrg.mockResolvedValue(CREATED);
    const element = await render();

    await check(element);

    expect(checkAgainstOrg).toHaveBeenCalledWith({ integration: INTEGRATION, rows: ROWS, receivedExchangeId: null });
    expect(query(element, '[data-id="headline"]').textContent).toBe('A Lead, owned by Jane Smith.');
    expect(query(element, '[data-id="run-as"]').textContent).toBe('Checked as Integration User.');
    expect(query(element, '[data-id="nothing-to-fix"]').textContent).toBe('c.CardCheckNothingToFix');
    expect(query(element, '[data-id="nothing-saved"]').textContent.trim()).toBe('c.CardCheckNothingSaved');
    expect(query(element, '[data-id="stale"]')).toBeNull();
    // A new record's owner is in the headline: no second line repeats it.
    expect(query(element, '[data-id="assigned-owner"]')).toBeNull();
  });

  it('says the person exists and whose record the exchange would be logged on, and who a new one would go to', async () => {
    checkAgainstOrg.mockResolvedValue(REPEAT);
    const element = await render();

    await check(element);

    expect(query(element, '[data-id="headline"]').textContent).toBe(
      'Exists as a Lead owned by Marc Dupont: logged on it.'
    );
    expect(query(element, '[data-id="assigned-owner"]').textContent).toBe('A new person would go to Jane Smith.');
    expect(query(element, '[data-id="result"]').className).toContain('slds-theme_default');
    expect(query(element, '[data-id="nothing-to-fix"]')).not.toBeNull();
  });

  it('tries a received exchange when the admin picks one', async () => {
    checkAgainstOrg.mockResolvedValue(CREATED);
    const element = await render();

    query(element, '[data-id="try-with"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: SAMPLES[1].value } })
    );
    await check(element);

    expect(checkAgainstOrg.mock.calls[0][0].receivedExchangeId).toBe(SAMPLES[1].value);
  });

  it('lists the findings by severity, errors first, with their kind and fields', async () => {
    checkAgainstOrg.mockResolvedValue(FINDINGS);
    const element = await render();

    await check(element);

    expect(query(element, '[data-id="headline"]').textContent).toBe('c.CardCheckHeadlineRefused');
    const groups = [...element.shadowRoot.querySelectorAll('[data-severity]')];
    expect(groups.map((group) => group.dataset.severity)).toEqual(['error', 'warning', 'info']);
    expect(groups.map((group) => group.querySelector('h4').textContent.trim())).toEqual([
      'c.CardCheckErrors',
      'c.CardCheckWarnings',
      'c.CardCheckInfo'
    ]);
    const findings = texts(element, '[data-id="finding"]');
    expect(findings[0]).toContain('c.CardCheckKindSave');
    expect(findings[0]).toContain('A phone number is required for leads from events.');
    expect(texts(element, '[data-id="finding-fields"]')).toEqual(['(Fields: Phone, Company)']);
    expect(findings[1]).toContain('c.CardCheckKindDuplicate');
    expect(findings[2]).toContain('c.CardCheckKindRelated');
    expect(findings[3]).toContain('c.CardCheckKindAccess');
    expect(findings[3]).toContain('No run-as user is known yet');
    // No run-as user: the information finding says so, and no "checked as" line pretends otherwise.
    expect(query(element, '[data-id="run-as"]')).toBeNull();
    // The save finding explains the failure: its code is not repeated above the list.
    expect(query(element, '[data-id="result-error"]')).toBeNull();
    expect(query(element, '[data-id="nothing-to-fix"]')).toBeNull();
  });

  it('shows the failure itself when no finding explains it', async () => {
    checkAgainstOrg.mockResolvedValue({
      ...CREATED,
      outcome: 'Failed',
      errorCode: 'UNABLE_TO_LOCK_ROW',
      errorMessage: 'unable to obtain exclusive access to this record',
      findings: []
    });
    const element = await render();

    await check(element);

    expect(query(element, '[data-id="headline"]').textContent).toBe('c.CardCheckHeadlineFailed');
    expect(query(element, '[data-id="result-error"]').textContent).toBe(
      'UNABLE_TO_LOCK_ROW unable to obtain exclusive access to this record'
    );
  });

  it.each([
    [{ outcome: 'Created', targetObject: 'Contact', ownerName: null }, 'c.CardCheckHeadlineContactCreated'],
    [{ outcome: 'Created', targetObject: 'Lead', ownerName: null }, 'c.CardCheckHeadlineLeadCreated'],
    [
      { outcome: 'Updated', targetObject: 'Contact', ownerName: 'Jane Smith' },
      'A Contact updated, still owned by Jane Smith.'
    ],
    [{ outcome: 'Updated', targetObject: 'Lead' }, 'c.CardCheckHeadlineLeadUpdated'],
    [{ outcome: 'Repeat', targetObject: 'Lead', ownerName: null }, 'c.CardCheckHeadlineLeadRepeat'],
    [{ outcome: 'Repeat', targetObject: 'Contact', ownerName: null }, 'c.CardCheckHeadlineContactRepeat'],
    [{ outcome: 'Repeat', targetObject: 'Contact', ownerName: 'Ada' }, 'c.CardCheckHeadlineContactRepeatOwner'],
    [{ outcome: 'Failed', errorCode: 'CARD_PROCESSING_ERROR', findings: [] }, 'c.CardCheckHeadlineProcessingError'],
    [{ outcome: 'Duplicate', targetObject: 'Lead' }, 'c.CardCheckHeadlineDuplicate'],
    [{ outcome: 'Failed', findings: [{ kind: 'Mapping', severity: 'error' }] }, 'c.CardCheckHeadlineFailed'],
    [{ outcome: 'Skipped' }, 'c.CardCheckHeadlineSkipped'],
    [{ outcome: 'Review' }, 'Ended with Review.']
  ])('words the outcome %j as %s', (result, expected) => {
    expect(headline(result)).toBe(expected);
  });

  it("shows the subscriber's own failure even when the run-as user's access has errors of its own", async () => {
    checkAgainstOrg.mockResolvedValue({
      ...CREATED,
      outcome: 'Failed',
      errorCode: 'CARD_PROCESSING_ERROR',
      errorMessage: 'System.QueryException: Insufficient permissions',
      findings: [{ kind: 'Access', severity: 'error', fields: null, fieldList: [], message: 'Lead: Create' }]
    });
    const element = await render();

    await check(element);

    expect(query(element, '[data-id="headline"]').textContent).toBe('c.CardCheckHeadlineProcessingError');
    expect(query(element, '[data-id="result-error"]').textContent).toBe(
      'CARD_PROCESSING_ERROR System.QueryException: Insufficient permissions'
    );
  });

  it('names each field of a mapping error from its field list', () => {
    const [errors] = findingGroups({
      findings: [
        {
          kind: 'Mapping',
          severity: 'error',
          fields: 'NumberOfEmployees',
          fieldList: ['NumberOfEmployees'],
          message: 'Not a number.'
        },
        { kind: 'Mapping', severity: 'error', fields: 'Title', fieldList: ['Title'], message: 'Too long.' }
      ]
    });

    expect(errors.items.map((item) => item.fields)).toEqual(['Fields: NumberOfEmployees', 'Fields: Title']);
  });

  it('says who runs the subscriber without claiming its access was checked when it could not be read', () => {
    const unreadable = {
      ...CREATED,
      findings: [
        { kind: 'Access', severity: 'info', fields: null, fieldList: [], message: 'The access could not be read.' }
      ]
    };

    expect(runAsLine(unreadable)).toBe('Runs as Integration User.');
    expect(runAsLine(CREATED)).toBe('Checked as Integration User.');
    expect(unexplainedError(unreadable)).toBe('');
  });

  it('names the owner a new person would get only when the person already exists', () => {
    expect(assignedOwnerLine(REPEAT)).toBe('A new person would go to Jane Smith.');
    expect(assignedOwnerLine({ ...REPEAT, assignedOwnerName: null })).toBe('');
    expect(assignedOwnerLine(CREATED)).toBe('');
  });

  it('lists a finding of a severity it does not know with the information, rather than hiding it', () => {
    const groups = findingGroups({ findings: [{ kind: 'Limits', severity: 'fatal', message: 'Too many queries.' }] });

    expect(groups).toEqual([
      expect.objectContaining({
        key: 'info',
        items: [expect.objectContaining({ kind: 'Limits', message: 'Too many queries.', fields: '' })]
      })
    ]);
  });

  it('shows why the check did not run in the error panel, with no result', async () => {
    checkAgainstOrg
      .mockResolvedValueOnce(CREATED)
      .mockRejectedValueOnce({ body: { message: 'Fix the integration first: Give the integration a name.' } });
    const element = await render();
    await check(element);

    await check(element);

    const panel = query(element, 'c-card-error-panel');
    expect(panel.friendlyMessage).toBe('c.CardCheckFailedTitle');
    expect(panel.errors).toEqual({ body: { message: 'Fix the integration first: Give the integration a name.' } });
    expect(query(element, '[data-id="result"]')).toBeNull();
  });

  it('shows a spinner and no second check while one runs', async () => {
    let finish;
    checkAgainstOrg.mockReturnValue(
      new Promise((resolve) => {
        finish = resolve;
      })
    );
    const element = await render();

    await check(element);
    expect(query(element, 'lightning-spinner').alternativeText).toBe('c.CardCheckRunning');
    expect(query(element, '[data-id="check"]').disabled).toBe(true);

    finish(CREATED);
    await flushPromises();
    expect(query(element, 'lightning-spinner')).toBeNull();
    expect(query(element, '[data-id="check"]').disabled).toBe(false);
  });

  it('says the result no longer matches once the integration, its rows or the exchange change', async () => {
    checkAgainstOrg.mockResolvedValue(CREATED);
    const element = await render();
    await check(element);

    // The editor hands over new but equal objects on each render: the result still matches.
    element.integration = { ...INTEGRATION };
    element.rows = ROWS.map((row) => ({ ...row }));
    await flushPromises();
    expect(query(element, '[data-id="stale"]')).toBeNull();

    element.rows = [...ROWS, { sourcePath: 'contact.email', targetField: 'Email', transform: 'None' }];
    await flushPromises();
    expect(query(element, '[data-id="stale"]').textContent).toBe('c.CardCheckStale');

    await check(element);
    expect(query(element, '[data-id="stale"]')).toBeNull();
    query(element, '[data-id="try-with"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: SAMPLES[0].value } })
    );
    await flushPromises();
    expect(query(element, '[data-id="stale"]')).not.toBeNull();
  });

  it('still offers the sample when recent exchanges cannot be read, and says why', async () => {
    getCheckSamples.mockRejectedValue({ body: { message: 'The check against this org could not run: no access' } });
    const element = await render();

    expect(query(element, '[data-id="try-with"]').options).toEqual([
      { label: 'c.CardCheckSampleOption', value: SAMPLE }
    ]);
    expect(query(element, '[data-id="samples-error"]').textContent.trim()).toBe(
      'c.CardCheckSamplesError The check against this org could not run: no access'
    );
  });

  it('is accessible with findings of every severity, and with an error', async () => {
    checkAgainstOrg.mockResolvedValueOnce(FINDINGS).mockRejectedValueOnce({ body: { message: 'No permission.' } });
    const element = await render();

    await check(element);
    await expect(element).toBeAccessible();
    await check(element);
    await expect(element).toBeAccessible();
  });
});
