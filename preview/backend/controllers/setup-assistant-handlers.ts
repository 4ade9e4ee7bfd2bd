/**
 * CardSetupAssistantController in the preview: setup state from the fixture with the waiting exchanges, retention
 * and access the preview's org holds now; test exchanges processed at once, or held while the subscriber runs as
 * Automated Process; waiting exchanges processed, access granted and retention saved as the controller does, with
 * its checks.
 */
import { z } from 'zod';
import { ApexError } from '../apex-error';
import { parse, type ApexHandler } from '../apex-params';
import { waitingSummary } from '../received-exchanges';
import { processWaitingExchanges, receiveTestExchange, requireManage, saveRetention } from '../setup-state';
import { grantStandardAccess, planStandardAccess } from '../standard-access';

/**
 * SetupState.integrationAccess as CardIntegrationAccessCheck.Result answers it: the fixture's (one integration user
 * lacking Create on Lead), else no integration user yet.
 */
const NO_INTEGRATION_USER = { available: true, unavailableReason: null, users: [], moreUsers: false, maxUsers: 20 };
const userIdSchema = z.string().regex(/^005\w{12}(\w{3})?$/, 'a User id');
const namesSchema = z.array(z.string()).nullish();

export const SETUP_ASSISTANT_HANDLERS: Record<string, ApexHandler> = {
  getSetupState: (store) => ({
    ...store.setupState,
    integrationAccess: store.setupState.integrationAccess ?? NO_INTEGRATION_USER,
    waiting: waitingSummary(store.waiting),
    integrationCount: store.integrations.length,
    activeIntegrationCount: store.integrations.filter((entry) => entry.integration.active).length
  }),
  sendTestExchange: (store) => {
    requireManage(store);
    const exchangeId = `exc_test_${Date.now().toString(36)}`;
    receiveTestExchange(store, exchangeId);
    return { exchangeId, operationId: crypto.randomUUID() };
  },
  getTestExchangeOutcome: (store, { exchangeId }) => {
    if (typeof exchangeId !== 'string' || !exchangeId.trim()) {
      throw new ApexError('Send a test exchange first.');
    }
    return store.logs
      .filter((row) => row.exchangeId === exchangeId)
      .map((row) => ({
        logId: row.id,
        integrationId: row.integrationId,
        integrationName: row.integrationName,
        status: row.status,
        targetObject: row.targetObject,
        recordId: row.recordId ?? null,
        recordUrl: row.recordUrl ?? null,
        errorMessage: row.errorMessage ?? null
      }));
  },
  processWaiting: (store) => {
    requireManage(store);
    return processWaitingExchanges(store);
  },
  planStandardAccess: (store, { userId }) => {
    requireManage(store);
    return planStandardAccess(store, parse(userIdSchema, userId, 'user id'));
  },
  grantStandardAccess: (store, { userId, objectRights, fields, editTasks }) =>
    grantStandardAccess(store, parse(userIdSchema, userId, 'user id'), {
      objectRights: parse(namesSchema, objectRights, 'object rights') ?? [],
      fields: parse(namesSchema, fields, 'fields') ?? [],
      editTasks: editTasks === true
    }),
  saveRetention: (store, { days, cleanUp }) => saveRetention(store, days, cleanUp)
};
