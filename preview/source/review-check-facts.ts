/**
 * What the preview's check against the org and its review of held exchanges take from the Apex at start: the log
 * statuses (CardExchangeJob), the finding kinds and severities of CardOrgCheck and the labels its run-as findings
 * read, which owner a result names (OWNER_EXISTING, OWNER_ASSIGNED), the owner and mapping failures the subscriber's
 * code reports (CardOwnerResolver, CardRecordBuilder), and what CardExchangeLogController says about a review: the
 * message it refuses an empty review with, its limit and message, and the reason codes with their labels
 * (REVIEW_REASON_LABELS, each code read from the class that owns it). A renamed constant stops the start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ApexConstantError,
  readConstantLabelMap,
  readIntegerConstant,
  readLabelConstant,
  readStringConstant,
  withoutComments
} from './apex-constants';

export interface ReviewCheckFacts {
  statuses: { created: string; updated: string; repeat: string; failed: string; review: string; rejected: string };
  severities: { error: string; warning: string; info: string };
  kinds: { mapping: string; owner: string; access: string; related: string };
  /** Result.ownerSource: the existing record's owner, or the one the owner rule assigns. */
  ownerSources: { existing: string; assigned: string };
  /** The custom labels of CardOrgCheck's findings about the run-as user: none known yet, fields it may not edit. */
  noRunAsUserLabel: string;
  fieldAccessLabel: string;
  noOwnerCode: string;
  noOwnerMessage: string;
  mappingErrorCode: string;
  /** CardExchangeLogController.NOTHING_TO_REVIEW_MESSAGE's label. */
  nothingToReviewLabel: string;
  /** CardExchangeLogController.MAX_REVIEW and the label TOO_MANY_TO_REVIEW_MESSAGE formats with it. */
  maxReview: number;
  tooManyToReviewLabel: string;
  /** The reason codes a review gives per row not reviewed (ReviewService's and RetryService's REASON_*). */
  reasons: {
    notWaiting: string;
    noIntegration: string;
    integrationDeleted: string;
    noPayload: string;
  };
  /** REVIEW_REASON_LABELS: the custom label of each reason code. */
  reasonLabels: Record<string, string>;
}

/** The source of an Apex class, by name. */
export type ReadApexClass = (className: string) => string;

/** A label the class uses inline (System.Label.<name>), which the preview then shows in the same place. */
function requireInlineLabel(source: string, name: string, file: string): string {
  if (!new RegExp(`\\bSystem\\.Label\\.${name}\\b`).test(withoutComments(source))) {
    throw new ApexConstantError(`${file} no longer uses System.Label.${name}; the preview's check shows it.`);
  }
  return name;
}

/** `NAME = String.format(System.Label.<Name>, ...)` → 'Name'. */
function formattedLabel(source: string, name: string, file: string): string {
  const found = new RegExp(`\\b${name}\\s*=\\s*String\\.format\\(\\s*System\\.Label\\.(\\w+)\\s*,`).exec(
    withoutComments(source)
  );
  if (!found?.[1]) {
    throw new ApexConstantError(`${file} has no constant ${name} = String.format(System.Label.<Name>, ...).`);
  }
  return found[1];
}

function reasonLabels(read: ReadApexClass, controller: string): Record<string, string> {
  const file = 'CardExchangeLogController.cls';
  return Object.fromEntries(
    readConstantLabelMap(controller, 'REVIEW_REASON_LABELS', file).map(({ className, constant, label }) => [
      readStringConstant(read(className), constant, `${className}.cls`),
      label
    ])
  );
}

export function parseReviewCheckFacts(read: ReadApexClass): ReviewCheckFacts {
  const job = read('CardExchangeJob');
  const check = read('CardOrgCheck');
  const owner = read('CardOwnerResolver');
  const controller = read('CardExchangeLogController');
  const reviewService = read('CardExchangeReviewService');
  const retryService = read('CardExchangeRetryService');
  const constant = (source: string, name: string, className: string) =>
    readStringConstant(source, name, `${className}.cls`);
  return {
    statuses: {
      created: constant(job, 'CREATED', 'CardExchangeJob'),
      updated: constant(job, 'UPDATED', 'CardExchangeJob'),
      repeat: constant(job, 'REPEAT', 'CardExchangeJob'),
      failed: constant(job, 'FAILED', 'CardExchangeJob'),
      review: constant(job, 'REVIEW', 'CardExchangeJob'),
      rejected: constant(job, 'REJECTED', 'CardExchangeJob')
    },
    severities: {
      error: constant(check, 'ERROR', 'CardOrgCheck'),
      warning: constant(check, 'WARNING', 'CardOrgCheck'),
      info: constant(check, 'INFO', 'CardOrgCheck')
    },
    kinds: {
      mapping: constant(check, 'KIND_MAPPING', 'CardOrgCheck'),
      owner: constant(check, 'KIND_OWNER', 'CardOrgCheck'),
      access: constant(check, 'KIND_ACCESS', 'CardOrgCheck'),
      related: constant(check, 'KIND_RELATED', 'CardOrgCheck')
    },
    ownerSources: {
      existing: constant(check, 'OWNER_EXISTING', 'CardOrgCheck'),
      assigned: constant(check, 'OWNER_ASSIGNED', 'CardOrgCheck')
    },
    noRunAsUserLabel: requireInlineLabel(check, 'CardCheckNoRunAsUser', 'CardOrgCheck.cls'),
    fieldAccessLabel: requireInlineLabel(check, 'CardCheckFieldAccess', 'CardOrgCheck.cls'),
    noOwnerCode: constant(owner, 'NO_OWNER', 'CardOwnerResolver'),
    noOwnerMessage: constant(owner, 'NO_OWNER_MESSAGE', 'CardOwnerResolver'),
    mappingErrorCode: constant(read('CardRecordBuilder'), 'MAPPING_ERROR', 'CardRecordBuilder'),
    nothingToReviewLabel: readLabelConstant(controller, 'NOTHING_TO_REVIEW_MESSAGE', 'CardExchangeLogController.cls'),
    maxReview: readIntegerConstant(controller, 'MAX_REVIEW', 'CardExchangeLogController.cls'),
    tooManyToReviewLabel: formattedLabel(controller, 'TOO_MANY_TO_REVIEW_MESSAGE', 'CardExchangeLogController.cls'),
    reasons: {
      notWaiting: constant(reviewService, 'REASON_NOT_WAITING', 'CardExchangeReviewService'),
      noIntegration: constant(retryService, 'REASON_NO_INTEGRATION', 'CardExchangeRetryService'),
      integrationDeleted: constant(retryService, 'REASON_INTEGRATION_DELETED', 'CardExchangeRetryService'),
      noPayload: constant(retryService, 'REASON_NO_PAYLOAD', 'CardExchangeRetryService')
    },
    reasonLabels: reasonLabels(read, controller)
  };
}

/** Reads the classes from a package directory such as force-app/main/default. */
export function loadReviewCheckFacts(packageDir: string): ReviewCheckFacts {
  return parseReviewCheckFacts((className) => {
    const file = path.join(packageDir, 'classes', `${className}.cls`);
    if (!existsSync(file)) {
      throw new ApexConstantError(`${file} is missing; the preview reads its review and check facts from it.`);
    }
    return readFileSync(file, 'utf8');
  });
}
