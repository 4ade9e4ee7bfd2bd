/**
 * Reading an Apex method's parameters in the preview backend: zod-checked, with the controllers' messages
 * when a parameter is missing or of the wrong shape.
 */
import { z } from 'zod';
import { ApexError } from './apex-error';
import { targetObjectOf } from './mapping-engine';
import { editorMessage } from './preview-org';
import type { PreviewStore } from './preview-store';
import { mappingRowSchema } from './preview-types';

export type ApexHandler = (store: PreviewStore, params: Record<string, unknown>) => unknown;

export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApexError(
      `Bad ${what}: ${result.error.issues.map((issue) => issue.message).join('; ')}`,
      'INVALID_INPUT'
    );
  }
  return result.data;
}

/** The controller's targetObject(useCase): a known use case, or its UNKNOWN_USE_CASE_MESSAGE. */
export function requireUseCase(store: PreviewStore, useCase: unknown): string {
  if (typeof useCase !== 'string' || !targetObjectOf(store.org, useCase)) {
    throw new ApexError(editorMessage(store.org, 'UNKNOWN_USE_CASE_MESSAGE'));
  }
  return useCase;
}

export const rowsSchema = z.array(mappingRowSchema).nullish();
