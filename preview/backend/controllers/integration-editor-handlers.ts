/** CardIntegrationEditorController in the preview: read, describe, preview and save one integration. */
import { ApexError } from '../apex-error';
import { parse, requireUseCase, rowsSchema, type ApexHandler } from '../apex-params';
import {
  defaultRows,
  previewLines,
  sourcePaths,
  targetFields,
  TARGET_OBJECT_BY_USE_CASE,
  validateIntegration
} from '../mapping-engine';
import { findIntegration, newId } from '../preview-store';
import { integrationSchema } from '../preview-types';

export const INTEGRATION_EDITOR_HANDLERS: Record<string, ApexHandler> = {
  getIntegration: (store, { integrationId }) => {
    const entry = findIntegration(store, integrationId);
    if (!entry) {
      throw new ApexError('This integration no longer exists. Go back to the list and refresh it.');
    }
    return { integration: structuredClone(entry.integration), rows: structuredClone(entry.rows) };
  },
  getTargetFields: (store, { useCase }) => targetFields(store, requireUseCase(useCase)),
  getSourcePaths: (store) => sourcePaths(store),
  getDefaultRows: (store, { useCase }) => {
    requireUseCase(useCase);
    return defaultRows(store);
  },
  previewMapping: (store, params) => {
    const integration = parse(integrationSchema.nullish(), params.integration, 'integration');
    const rows = parse(rowsSchema, params.rows, 'mapping rows') ?? [];
    const useCase = requireUseCase(integration?.useCase);
    return { targetObject: TARGET_OBJECT_BY_USE_CASE[useCase], lines: previewLines(store, useCase, rows) };
  },
  save: (store, params) => {
    const integration = parse(integrationSchema.nullish(), params.integration, 'integration') ?? {};
    const rows = parse(rowsSchema, params.rows, 'mapping rows') ?? [];
    const errors = validateIntegration(store, integration, rows);
    if (errors.length > 0) {
      return { success: false, integrationId: null, errors };
    }
    const existing = integration.id ? findIntegration(store, integration.id) : undefined;
    const id = existing ? existing.integration.id : newId(store, 'a00');
    const savedRows = rows.map((row) => ({ ...row, id: row.id ?? newId(store, 'a02') }));
    const saved = { ...integration, id, name: (integration.name ?? '').trim() };
    if (existing) {
      existing.integration = saved;
      existing.rows = savedRows;
    } else {
      store.integrations.push({ integration: saved, rows: savedRows, createdLast7Days: 0, failedLast7Days: 0 });
    }
    return { success: true, integrationId: id, errors: [] };
  }
};
