/**
 * CardIntegrationListController in the preview: list (with the exchanges each holds for review), activate, clone
 * and delete integrations in memory.
 */
import { ApexError } from '../apex-error';
import type { ApexHandler } from '../apex-params';
import { findIntegration, newId } from '../preview-store';

const USE_CASE_LABELS: Record<string, string> = {
  CreateContact: 'Create Contact',
  CreateLead: 'Create Lead',
  UpsertContactByEmail: 'Create or update Contact by email',
  UpsertLeadByEmail: 'Create or update Lead by email'
};

export const INTEGRATION_LIST_HANDLERS: Record<string, ApexHandler> = {
  getIntegrations: (store) =>
    [...store.integrations]
      .sort((a, b) => a.integration.name.localeCompare(b.integration.name))
      .map((entry) => ({
        id: entry.integration.id,
        name: entry.integration.name,
        active: Boolean(entry.integration.active),
        useCase: entry.integration.useCase,
        useCaseLabel: USE_CASE_LABELS[entry.integration.useCase ?? ''] ?? entry.integration.useCase,
        cardIdFilter: entry.integration.cardIds ?? null,
        cardTagFilter: entry.integration.cardTags ?? null,
        createdLast7Days: entry.createdLast7Days,
        failedLast7Days: entry.failedLast7Days,
        holdForReview: entry.integration.holdForReview === true,
        // Held exchanges wait whatever their age: all of them count.
        waitingForReview: store.logs.filter(
          (row) => row.integrationId === entry.integration.id && row.status === store.org.review.statuses.review
        ).length
      })),
  setActive: (store, { integrationId, active }) => {
    const entry = findIntegration(store, integrationId);
    if (!entry || typeof active !== 'boolean') {
      throw new ApexError('This integration no longer exists. Refresh the list.');
    }
    entry.integration.active = active;
    return null;
  },
  cloneIntegration: (store, { integrationId }) => {
    const entry = findIntegration(store, integrationId);
    if (!entry) {
      throw new ApexError('This integration no longer exists. Refresh the list.');
    }
    const id = newId(store, 'a00');
    // A clone starts inactive so that two integrations never process the same cards by surprise.
    store.integrations.push({
      integration: {
        ...structuredClone(entry.integration),
        id,
        name: `${entry.integration.name} (copy)`,
        active: false
      },
      rows: entry.rows.map((row) => ({ ...row, id: null })),
      createdLast7Days: 0,
      failedLast7Days: 0
    });
    return id;
  },
  deleteIntegration: (store, { integrationId }) => {
    const before = store.integrations.length;
    store.integrations = store.integrations.filter((entry) => entry.integration.id !== integrationId);
    if (store.integrations.length === before) {
      throw new ApexError('This integration no longer exists. Refresh the list.');
    }
    return null;
  }
};
