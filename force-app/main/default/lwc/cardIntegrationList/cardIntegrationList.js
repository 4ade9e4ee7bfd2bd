/**
 * The integrations list: each integration with its use case, card filter, last 7 days of activity and the
 * exchanges it holds for review; new, edit (opens cardIntegrationEditor in place), clone, activate/deactivate,
 * delete with confirmation, and a way to the exchange log filtered to the exchanges waiting for review.
 */
import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';
import { NavigationMixin } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getIntegrations from '@salesforce/apex/CardIntegrationListController.getIntegrations';
import setActive from '@salesforce/apex/CardIntegrationListController.setActive';
import cloneIntegration from '@salesforce/apex/CardIntegrationListController.cloneIntegration';
import deleteIntegration from '@salesforce/apex/CardIntegrationListController.deleteIntegration';
import { reduceErrors } from 'c/cardErrors';
import { REVIEW, logPageReference } from 'c/cardExchangeStatus';
import LABELS from './labels';

function format(template, ...values) {
  return values.reduce((text, value, index) => text.replace(`{${index}}`, value), template);
}

function splitList(text) {
  return (text || '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The card filter as one readable line; blank ids and tags mean every card. */
export function summarizeCardFilter(cardIdFilter, cardTagFilter) {
  const ids = splitList(cardIdFilter);
  const tags = splitList(cardTagFilter);
  if (ids.length === 0 && tags.length === 0) {
    return LABELS.allCards;
  }
  const parts = [];
  if (ids.length > 0) {
    parts.push(format(LABELS.filterCards, ids.join(', ')));
  }
  if (tags.length > 0) {
    parts.push(format(LABELS.filterTags, tags.join(', ')));
  }
  return parts.join('; ');
}

/** What the integration holds for review: how many wait, that it holds none yet, or nothing when it does not hold. */
export function summarizeReview(holdForReview, waitingForReview) {
  if (waitingForReview > 0) {
    return format(LABELS.waitingForReview, waitingForReview);
  }
  return holdForReview ? LABELS.holdsForReview : '';
}

function rowActions(row, doneCallback) {
  doneCallback([
    { label: LABELS.actionEdit, name: 'edit' },
    row.active
      ? { label: LABELS.actionDeactivate, name: 'deactivate' }
      : { label: LABELS.actionActivate, name: 'activate' },
    { label: LABELS.actionClone, name: 'clone' },
    ...(row.waitingForReview > 0 ? [{ label: LABELS.actionReview, name: 'review' }] : []),
    { label: LABELS.actionDelete, name: 'delete' }
  ]);
}

export default class CardIntegrationList extends NavigationMixin(LightningElement) {
  labels = LABELS;
  wiredIntegrations;
  integrations;
  loadError;
  editing = false;
  editingId;
  busy = false;

  columns = [
    {
      label: LABELS.columnName,
      type: 'button',
      typeAttributes: { label: { fieldName: 'name' }, name: 'edit', variant: 'base' }
    },
    { label: LABELS.columnActive, fieldName: 'active', type: 'boolean', initialWidth: 90 },
    { label: LABELS.columnUseCase, fieldName: 'useCaseLabel' },
    { label: LABELS.columnCardFilter, fieldName: 'cardFilterSummary', wrapText: true },
    { label: LABELS.columnCreated, fieldName: 'createdLast7Days', type: 'number', initialWidth: 140 },
    { label: LABELS.columnFailed, fieldName: 'failedLast7Days', type: 'number', initialWidth: 140 },
    { label: LABELS.columnReview, fieldName: 'reviewSummary', wrapText: true },
    { type: 'action', typeAttributes: { rowActions } }
  ];

  @wire(getIntegrations)
  wiredGetIntegrations(result) {
    this.wiredIntegrations = result;
    if (result.data) {
      this.integrations = result.data.map((row) => ({
        ...row,
        cardFilterSummary: summarizeCardFilter(row.cardIdFilter, row.cardTagFilter),
        reviewSummary: summarizeReview(row.holdForReview, row.waitingForReview)
      }));
      this.loadError = undefined;
    } else if (result.error) {
      this.integrations = undefined;
      this.loadError = result.error;
    }
  }

  get hasIntegrations() {
    return Array.isArray(this.integrations) && this.integrations.length > 0;
  }

  get isEmpty() {
    return Array.isArray(this.integrations) && this.integrations.length === 0;
  }

  handleNew() {
    this.editingId = undefined;
    this.editing = true;
  }

  handleRefresh() {
    return refreshApex(this.wiredIntegrations);
  }

  handleEditorClose() {
    this.editing = false;
    this.editingId = undefined;
  }

  async handleEditorSaved() {
    this.handleEditorClose();
    await refreshApex(this.wiredIntegrations);
  }

  async handleRowAction(event) {
    const { action, row } = event.detail;
    switch (action.name) {
      case 'edit':
        this.editingId = row.id;
        this.editing = true;
        return;
      case 'activate':
      case 'deactivate':
        await this.run(
          () => setActive({ integrationId: row.id, active: action.name === 'activate' }),
          format(action.name === 'activate' ? LABELS.activated : LABELS.deactivated, row.name)
        );
        return;
      case 'clone':
        await this.run(() => cloneIntegration({ integrationId: row.id }), format(LABELS.cloned, row.name));
        return;
      case 'review':
        // The log opens filtered to this integration's exchanges waiting for review.
        this[NavigationMixin.Navigate](logPageReference({ status: REVIEW, integrationId: row.id }));
        return;
      case 'delete':
        await this.confirmDelete(row);
        break;
      default:
    }
  }

  async confirmDelete(row) {
    const confirmed = await LightningConfirm.open({
      message: format(LABELS.confirmDelete, row.name),
      label: LABELS.confirmDeleteTitle,
      theme: 'warning'
    });
    if (confirmed) {
      await this.run(() => deleteIntegration({ integrationId: row.id }), format(LABELS.deleted, row.name));
    }
  }

  async run(action, successMessage) {
    this.busy = true;
    try {
      await action();
      this.toast(successMessage, '', 'success');
      await refreshApex(this.wiredIntegrations);
    } catch (error) {
      this.toast(LABELS.actionFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.busy = false;
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
