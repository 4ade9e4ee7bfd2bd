/**
 * The preview's answers to the package's @AuraEnabled methods, keyed `<Class>.<method>` like the bundles'
 * `@salesforce/apex/<Class>.<method>` imports; each controller's handlers live in controllers/.
 */
import type { ApexHandler } from './apex-params';
import { EXCHANGE_LOG_HANDLERS } from './controllers/exchange-log-handlers';
import { INTEGRATION_EDITOR_HANDLERS } from './controllers/integration-editor-handlers';
import { INTEGRATION_LIST_HANDLERS } from './controllers/integration-list-handlers';
import { PERSON_EXCHANGES_HANDLERS } from './controllers/person-exchanges-handlers';
import { SETUP_ASSISTANT_HANDLERS } from './controllers/setup-assistant-handlers';
import { fixture, type PreviewStore } from './preview-store';

export type { ApexHandler };

export const CONTROLLER_HANDLERS: Record<string, ApexHandler> = Object.fromEntries(
  Object.entries({
    CardSetupAssistantController: SETUP_ASSISTANT_HANDLERS,
    CardIntegrationListController: INTEGRATION_LIST_HANDLERS,
    CardIntegrationEditorController: INTEGRATION_EDITOR_HANDLERS,
    CardExchangeLogController: EXCHANGE_LOG_HANDLERS,
    CardPersonExchangesController: PERSON_EXCHANGES_HANDLERS
  }).flatMap(([className, methods]) =>
    Object.entries(methods).map(([method, handler]) => [`${className}.${method}`, handler] as const)
  )
);

/**
 * A method the preview has no handler for yet answers with the bundle fixture of the same name
 * (`getFooBar` -> `fooBar.json`), so a new screen shows its test data before anyone writes a handler.
 */
export function fixtureFallback(store: PreviewStore, method: string): unknown {
  const base = method.replace(/^(get|load|fetch)/, '');
  const name = base.charAt(0).toLowerCase() + base.slice(1);
  for (const bundle of Object.keys(store.fixtures)) {
    const value = fixture<unknown>(store.fixtures, bundle, name, undefined);
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}
