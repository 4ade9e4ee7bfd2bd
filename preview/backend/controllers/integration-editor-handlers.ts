/**
 * CardIntegrationEditorController in the preview: read, describe, preview (with the sample's consent,
 * consent-plan.ts), what a blank repeat policy means (CardRepeatPolicy.of's rule, read from its source), whether the
 * user may check against the org and the check itself (org-check.ts), and save one integration.
 */
import { ApexError } from '../apex-error';
import { parse, requireUseCase, rowsSchema, type ApexHandler } from '../apex-params';
import {
  defaultRows,
  previewLines,
  sourcePaths,
  targetFields,
  targetObjectOf,
  validateIntegration
} from '../mapping-engine';
import { consentPlanOf } from '../consent-plan';
import { checkAgainstOrg, checkSamples } from '../org-check';
import { editorMessage } from '../preview-org';
import { findIntegration, newId } from '../preview-store';
import { integrationSchema } from '../preview-types';
import { canManage } from '../setup-state';
import { defaultRepeatPolicy } from '../../source/repeat-policy-facts';

export const INTEGRATION_EDITOR_HANDLERS: Record<string, ApexHandler> = {
  getIntegration: (store, { integrationId }) => {
    const entry = findIntegration(store, integrationId);
    if (!entry) {
      throw new ApexError(editorMessage(store.org, 'NOT_FOUND_MESSAGE'));
    }
    return {
      integration: structuredClone(entry.integration),
      rows: structuredClone(entry.rows),
      canManageSetup: canManage(store)
    };
  },
  getSetupPermission: (store) => canManage(store),
  getDefaultRepeatPolicy: (store, { useCase }) =>
    defaultRepeatPolicy(store.org.repeatPolicy, requireUseCase(store, useCase)),
  getTargetFields: (store, { useCase }) => targetFields(store.org, requireUseCase(store, useCase)),
  getSourcePaths: (store) => sourcePaths(store.org),
  getDefaultRows: (store, { useCase }) => defaultRows(store.org, requireUseCase(store, useCase)),
  previewMapping: (store, params) => {
    const integration = parse(integrationSchema.nullish(), params.integration, 'integration');
    const rows = parse(rowsSchema, params.rows, 'mapping rows') ?? [];
    const useCase = requireUseCase(store, integration?.useCase);
    return {
      targetObject: targetObjectOf(store.org, useCase),
      lines: previewLines(store.org, { ...integration, useCase }, rows),
      consent: consentPlanOf(store.org)
    };
  },
  checkAgainstOrg: (store, params) =>
    checkAgainstOrg(
      store,
      parse(integrationSchema.nullish(), params.integration, 'integration') ?? {},
      parse(rowsSchema, params.rows, 'mapping rows') ?? [],
      params.receivedExchangeId
    ),
  getCheckSamples: (store) => checkSamples(store),
  save: (store, params) => {
    const integration = parse(integrationSchema.nullish(), params.integration, 'integration') ?? {};
    const rows = parse(rowsSchema, params.rows, 'mapping rows') ?? [];
    const errors = validateIntegration(store.org, integration, rows);
    if (errors.length > 0) {
      return { success: false, integrationId: null, errors };
    }
    const existing = integration.id ? findIntegration(store, integration.id) : undefined;
    const id = existing ? existing.integration.id : newId(store, 'a00');
    const savedRows = rows.map((row) => ({ ...row, id: row.id ?? newId(store, 'a02') }));
    // IntegrationInput.toRecord: a blank repeat policy is none, the use case's default.
    const repeatPolicy = integration.repeatPolicy?.trim() ? integration.repeatPolicy : null;
    const saved = { ...integration, id, name: (integration.name ?? '').trim(), repeatPolicy };
    if (existing) {
      existing.integration = saved;
      existing.rows = savedRows;
    } else {
      store.integrations.push({ integration: saved, rows: savedRows, createdLast7Days: 0, failedLast7Days: 0 });
    }
    return { success: true, integrationId: id, errors: [] };
  }
};
