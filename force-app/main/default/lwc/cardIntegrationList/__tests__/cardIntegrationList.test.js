import { createElement } from '@lwc/engine-dom';
import CardIntegrationList, { summarizeCardFilter, summarizeReview } from 'c/cardIntegrationList';
import getIntegrations from '@salesforce/apex/CardIntegrationListController.getIntegrations';
import setActive from '@salesforce/apex/CardIntegrationListController.setActive';
import cloneIntegration from '@salesforce/apex/CardIntegrationListController.cloneIntegration';
import deleteIntegration from '@salesforce/apex/CardIntegrationListController.deleteIntegration';
import LightningConfirm from 'lightning/confirm';
import { refreshApex } from '@salesforce/apex';

const INTEGRATIONS = require('./data/integrations.json');

jest.mock(
  '@salesforce/apex/CardIntegrationListController.getIntegrations',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/CardIntegrationListController.setActive', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardIntegrationListController.cloneIntegration', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/CardIntegrationListController.deleteIntegration', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));
// Records where the list leads, as lightning/navigation would navigate there.
const mockNavigate = jest.fn();
jest.mock('lightning/navigation', () => {
  const Navigate = Symbol('Navigate');
  const NavigationMixin = (Base) =>
    class extends Base {
      [Navigate](pageReference) {
        mockNavigate(pageReference);
      }
    };
  NavigationMixin.Navigate = Navigate;
  return { NavigationMixin };
});
// The real editor opens inside the list; its Apex is stubbed here and tested in its own bundle.
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
jest.mock(
  '@salesforce/apex/CardIntegrationEditorController.previewMapping',
  () => ({ default: jest.fn(() => Promise.resolve({ lines: [] })) }),
  { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

async function renderWith(data) {
  const element = createElement('c-card-integration-list', { is: CardIntegrationList });
  document.body.appendChild(element);
  getIntegrations.emit(data);
  await flushPromises();
  return element;
}

function table(element) {
  return element.shadowRoot.querySelector('lightning-datatable');
}

async function rowAction(element, name, row) {
  table(element).dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name }, row } }));
  await flushPromises();
}

function listenForToasts(element) {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}

describe('c-card-integration-list', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('lists integrations with use case, card filter and last 7 days counts', async () => {
    const element = await renderWith(INTEGRATIONS);

    const rows = table(element).data;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: 'Booth leads',
      useCaseLabel: 'Create Lead',
      createdLast7Days: 12,
      failedLast7Days: 1
    });
    expect(rows[0].cardFilterSummary).toBe('c.CardFilterTags');
    expect(rows[1].cardFilterSummary).toBe('c.CardFilterAllCards');
    const fields = table(element).columns.map((column) => column.fieldName);
    expect(fields).toEqual(
      expect.arrayContaining(['active', 'useCaseLabel', 'cardFilterSummary', 'createdLast7Days', 'failedLast7Days'])
    );
  });

  it('summarizes card ids and tags, and blank filters as every card', () => {
    expect(summarizeCardFilter(' , ', null)).toBe('c.CardFilterAllCards');
    expect(summarizeCardFilter('card_1, card_2', 'vip')).toBe('c.CardFilterCards; c.CardFilterTags');
  });

  it('offers deactivate for an active integration and activate for an inactive one', async () => {
    const element = await renderWith(INTEGRATIONS);
    const rowActions = table(element).columns.find((column) => column.type === 'action').typeAttributes.rowActions;
    const names = (row) => {
      let actions;
      rowActions(row, (result) => {
        actions = result;
      });
      return actions.map((action) => action.name);
    };

    expect(names(INTEGRATIONS[0])).toEqual(['edit', 'deactivate', 'clone', 'delete']);
    expect(names(INTEGRATIONS[1])).toEqual(['edit', 'activate', 'clone', 'review', 'delete']);
  });

  it('shows how many exchanges wait for review, and which integrations hold them', async () => {
    const element = await renderWith([
      ...INTEGRATIONS,
      { ...INTEGRATIONS[0], id: 'a00000000000003AAA', name: 'VIP leads', holdForReview: true, waitingForReview: 0 }
    ]);

    const column = table(element).columns.find((candidate) => candidate.label === 'c.CardColumnReview');
    expect(column.fieldName).toBe('reviewSummary');
    expect(table(element).data.map((row) => row.reviewSummary)).toEqual([
      '',
      'c.CardListWaitingForReview',
      'c.CardListHoldsForReview'
    ]);
  });

  it('counts the waiting exchanges in the review summary, even of an integration that no longer holds', () => {
    expect(summarizeReview(false, 3)).toBe('c.CardListWaitingForReview');
    expect(summarizeReview(true, 0)).toBe('c.CardListHoldsForReview');
    expect(summarizeReview(false, 0)).toBe('');
    expect(summarizeReview(undefined, undefined)).toBe('');
  });

  it('leads to the exchange log filtered to the integration exchanges waiting for review', async () => {
    const element = await renderWith(INTEGRATIONS);

    await rowAction(element, 'review', INTEGRATIONS[1]);

    expect(mockNavigate).toHaveBeenCalledWith({
      type: 'standard__navItemPage',
      attributes: { apiName: 'cardbridge__CardExchangeLogPage' },
      state: { cardbridge__status: 'Review', cardbridge__integrationId: INTEGRATIONS[1].id }
    });
  });

  it('shows the empty state when there is no integration', async () => {
    const element = await renderWith([]);

    expect(table(element)).toBeNull();
    expect(element.shadowRoot.querySelector('[data-id="empty"]').textContent).toBe('c.CardListEmpty');
  });

  it('deactivates an integration and refreshes the list', async () => {
    setActive.mockResolvedValue();
    const element = await renderWith(INTEGRATIONS);
    const toasts = listenForToasts(element);

    await rowAction(element, 'deactivate', INTEGRATIONS[0]);

    expect(setActive).toHaveBeenCalledWith({ integrationId: INTEGRATIONS[0].id, active: false });
    expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    expect(refreshApex).toHaveBeenCalled();
  });

  it('clones an integration', async () => {
    cloneIntegration.mockResolvedValue('a00000000000003AAA');
    const element = await renderWith(INTEGRATIONS);

    await rowAction(element, 'clone', INTEGRATIONS[1]);

    expect(cloneIntegration).toHaveBeenCalledWith({ integrationId: INTEGRATIONS[1].id });
    expect(refreshApex).toHaveBeenCalled();
  });

  it('deletes only after the admin confirms', async () => {
    LightningConfirm.open.mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    deleteIntegration.mockResolvedValue();
    const element = await renderWith(INTEGRATIONS);

    await rowAction(element, 'delete', INTEGRATIONS[0]);
    expect(deleteIntegration).not.toHaveBeenCalled();

    await rowAction(element, 'delete', INTEGRATIONS[0]);
    expect(LightningConfirm.open).toHaveBeenLastCalledWith(
      expect.objectContaining({ label: 'c.CardListConfirmDeleteTitle', theme: 'warning' })
    );
    expect(deleteIntegration).toHaveBeenCalledWith({ integrationId: INTEGRATIONS[0].id });
  });

  it('shows an error toast when an action fails', async () => {
    cloneIntegration.mockRejectedValue({ body: { message: 'This integration no longer exists. Refresh the list.' } });
    const element = await renderWith(INTEGRATIONS);
    const toasts = listenForToasts(element);

    await rowAction(element, 'clone', INTEGRATIONS[0]);

    expect(toasts.mock.calls[0][0].detail).toMatchObject({
      variant: 'error',
      title: 'c.CardListActionFailed',
      message: 'This integration no longer exists. Refresh the list.'
    });
  });

  it('opens the editor for a new integration and comes back when it is saved', async () => {
    const element = await renderWith(INTEGRATIONS);

    element.shadowRoot.querySelector('[data-id="new"]').click();
    await flushPromises();
    const editor = element.shadowRoot.querySelector('c-card-integration-editor');
    expect(editor).not.toBeNull();
    expect(editor.recordId).toBeUndefined();

    editor.dispatchEvent(new CustomEvent('saved', { detail: { integrationId: 'a00000000000003AAA' } }));
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-card-integration-editor')).toBeNull();
    expect(refreshApex).toHaveBeenCalled();
  });

  it('opens the editor on the chosen integration and closes it on cancel', async () => {
    const element = await renderWith(INTEGRATIONS);

    await rowAction(element, 'edit', INTEGRATIONS[1]);
    const editor = element.shadowRoot.querySelector('c-card-integration-editor');
    expect(editor.recordId).toBe(INTEGRATIONS[1].id);

    editor.dispatchEvent(new CustomEvent('cancel'));
    await flushPromises();
    expect(table(element)).not.toBeNull();
  });

  it('shows the error panel when the list cannot be read', async () => {
    const element = createElement('c-card-integration-list', { is: CardIntegrationList });
    document.body.appendChild(element);
    getIntegrations.error({ message: 'No access to CardIntegration__c' });
    await flushPromises();

    const panel = element.shadowRoot.querySelector('c-card-error-panel');
    expect(panel.friendlyMessage).toBe('c.CardListLoadError');
    expect(panel.errors).toBeTruthy();
  });

  it('is accessible', async () => {
    const element = await renderWith(INTEGRATIONS);
    await expect(element).toBeAccessible();
  });
});
