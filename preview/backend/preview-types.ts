/**
 * The shapes the preview backend keeps and exchanges with the bundles, named like the Apex controllers' DTOs
 * (CardIntegrationEditorController.IntegrationInput, MappingRowInput, CardExchangeLogController.LogFilters).
 */
import { z } from 'zod';

const optionalText = z.string().nullish();

export const mappingRowSchema = z.object({
  id: optionalText,
  sourcePath: optionalText,
  constant: optionalText,
  targetField: optionalText,
  defaultValue: optionalText,
  transform: optionalText
});
export type MappingRow = z.infer<typeof mappingRowSchema>;

export const integrationSchema = z.object({
  id: optionalText,
  name: optionalText,
  active: z.boolean().nullish(),
  triggerType: optionalText,
  cardIds: optionalText,
  cardTags: optionalText,
  useCase: optionalText,
  accountStrategy: optionalText,
  campaignId: optionalText,
  campaignMemberStatus: optionalText,
  ownerStrategy: optionalText,
  defaultOwnerId: optionalText,
  duplicatePolicy: optionalText,
  createFollowUpTask: z.boolean().nullish(),
  taskDueInDays: z.union([z.number(), z.string()]).nullish(),
  leadSource: optionalText,
  companyPlaceholder: optionalText,
  holdForReview: z.boolean().nullish(),
  /** Update, Keep or Activity when the person already exists; blank: the use case's default (CardRepeatPolicy.of). */
  repeatPolicy: optionalText,
  description: optionalText
});
export type IntegrationInput = z.infer<typeof integrationSchema>;

export interface StoredIntegration {
  integration: IntegrationInput & { id: string; name: string };
  rows: MappingRow[];
  createdLast7Days: number;
  failedLast7Days: number;
}

export const logFiltersSchema = z
  .object({
    status: optionalText,
    integrationId: optionalText,
    fromDate: optionalText,
    toDate: optionalText,
    testMode: optionalText,
    pageSize: z.number().nullish(),
    cursorDate: optionalText,
    cursorId: optionalText
  })
  .nullish();
export type LogFilters = z.infer<typeof logFiltersSchema>;

export interface LogRow {
  id: string;
  name: string;
  createdDate: string;
  processedAt?: string | null;
  exchangeId: string;
  integrationId?: string | null;
  integrationName?: string | null;
  status: string;
  targetObject?: string | null;
  recordId?: string | null;
  recordUrl?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  isTest: boolean;
  attempts: number;
  cardId?: string | null;
  warnings?: string | null;
  eventUuid?: string | null;
  payload?: string | null;
  /** CardReceivedExchange__c.PayloadClearedAt__c: set once no retry needs the payload. */
  payloadClearedAt?: string | null;
  /** Who approved or rejected an exchange held for review, and when (ReviewedBy__r.Name, ReviewedAt__c). */
  reviewedBy?: string | null;
  reviewedAt?: string | null;
  /** CardName__c, MetBy__r.Name and MetAt__c: the card, who met the person and when. */
  cardName?: string | null;
  metBy?: string | null;
  metAt?: string | null;
}

export type Fixtures = Record<string, Record<string, unknown>>;
