/**
 * The preview's org description: the standard Lead and Contact fields of preview/org/standard-fields.json
 * (a default org without State and Country/Territory picklists; the sources are cited in the file), and whether
 * Data Protection and Privacy is on, checked with zod when the preview starts. It stands in for
 * Schema.describeSObjects, which the preview cannot call.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const fieldSchema = z.object({
  apiName: z.string().min(1),
  label: z.string().min(1),
  type: z.enum(['STRING', 'TEXTAREA', 'EMAIL', 'PHONE', 'URL', 'PICKLIST', 'BOOLEAN', 'INTEGER', 'DOUBLE', 'CURRENCY']),
  length: z.number().int().min(0),
  createable: z.boolean(),
  updateable: z.boolean(),
  required: z.boolean(),
  picklistValues: z.array(z.string()).default([]),
  restrictedPicklist: z.boolean().default(false),
  note: z.string().optional()
});
export type DescribedField = z.infer<typeof fieldSchema>;

const descriptionSchema = z.object({
  about: z.array(z.string()),
  sources: z.array(z.string().url()).min(1),
  /** Whether the org keeps consent on Individuals (what CardConsentPlan.isAvailable finds out by describe). */
  dataProtectionAndPrivacy: z.boolean().default(false),
  objects: z.record(z.string(), z.array(fieldSchema))
});
export type OrgDescription = z.infer<typeof descriptionSchema>;

export const STANDARD_FIELDS_FILE = path.resolve(__dirname, '..', 'org', 'standard-fields.json');

export function parseOrgDescription(json: unknown, file = STANDARD_FIELDS_FILE): OrgDescription {
  const result = descriptionSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not an org description'}`);
  }
  return result.data;
}

export function loadOrgDescription(file = STANDARD_FIELDS_FILE): OrgDescription {
  return parseOrgDescription(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** The fields of an object, keyed by lower-case API name as Apex's fields.getMap() is; empty when unknown. */
export function fieldsOf(org: OrgDescription, objectName: string): Map<string, DescribedField> {
  return new Map((org.objects[objectName] ?? []).map((field) => [field.apiName.toLowerCase(), field]));
}
