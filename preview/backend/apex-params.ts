/**
 * Reading an Apex method's parameters in the preview backend: zod-checked, with the controllers' messages
 * when a parameter is missing or of the wrong shape.
 */
import { z } from 'zod';
import { ApexError } from './apex-error';
import { TARGET_OBJECT_BY_USE_CASE } from './mapping-engine';
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

export function requireUseCase(useCase: unknown): string {
  if (typeof useCase !== 'string' || !TARGET_OBJECT_BY_USE_CASE[useCase]) {
    throw new ApexError('Choose a use case first.');
  }
  return useCase;
}

export const rowsSchema = z.array(mappingRowSchema).nullish();
