/** CardSetupAssistantController in the preview: setup state from the fixture, test exchanges processed at once. */
import { ApexError } from '../apex-error';
import type { ApexHandler } from '../apex-params';
import { processSampleExchange } from '../exchange-processor';

/**
 * SetupState.integrationAccess as CardIntegrationAccessCheck.Result answers it: the fixture's (one integration user
 * lacking Create on Lead), else no integration user yet.
 */
const NO_INTEGRATION_USER = { available: true, unavailableReason: null, users: [], moreUsers: false, maxUsers: 20 };

export const SETUP_ASSISTANT_HANDLERS: Record<string, ApexHandler> = {
  getSetupState: (store) => ({
    ...store.setupState,
    integrationAccess: store.setupState.integrationAccess ?? NO_INTEGRATION_USER,
    integrationCount: store.integrations.length,
    activeIntegrationCount: store.integrations.filter((entry) => entry.integration.active).length
  }),
  sendTestExchange: (store) => {
    const exchangeId = `exc_test_${Date.now().toString(36)}`;
    processSampleExchange(store, exchangeId, true);
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
  }
};
