/**
 * What the preview's check against the org and its review of held exchanges take from the Apex at start: the log
 * statuses (CardExchangeJob), the finding kinds and severities of CardOrgCheck and the labels its run-as findings
 * read, the owner and mapping failures the subscriber's code reports (CardOwnerResolver, CardRecordBuilder), and
 * the message CardExchangeLogController refuses an empty review with. A renamed constant stops the start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApexConstantError, readLabelConstant, readStringConstant, withoutComments } from './apex-constants';

export interface ReviewCheckFacts {
  statuses: { failed: string; review: string; rejected: string };
  severities: { error: string; warning: string; info: string };
  kinds: { mapping: string; owner: string; access: string; related: string };
  /** The custom labels of CardOrgCheck's findings about the run-as user: none known yet, fields it may not edit. */
  noRunAsUserLabel: string;
  fieldAccessLabel: string;
  noOwnerCode: string;
  noOwnerMessage: string;
  mappingErrorCode: string;
  /** CardExchangeLogController.NOTHING_TO_REVIEW_MESSAGE's label. */
  nothingToReviewLabel: string;
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

export function parseReviewCheckFacts(read: ReadApexClass): ReviewCheckFacts {
  const job = read('CardExchangeJob');
  const check = read('CardOrgCheck');
  const owner = read('CardOwnerResolver');
  const constant = (source: string, name: string, className: string) =>
    readStringConstant(source, name, `${className}.cls`);
  return {
    statuses: {
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
    noRunAsUserLabel: requireInlineLabel(check, 'CardCheckNoRunAsUser', 'CardOrgCheck.cls'),
    fieldAccessLabel: requireInlineLabel(check, 'CardCheckFieldAccess', 'CardOrgCheck.cls'),
    noOwnerCode: constant(owner, 'NO_OWNER', 'CardOwnerResolver'),
    noOwnerMessage: constant(owner, 'NO_OWNER_MESSAGE', 'CardOwnerResolver'),
    mappingErrorCode: constant(read('CardRecordBuilder'), 'MAPPING_ERROR', 'CardRecordBuilder'),
    nothingToReviewLabel: readLabelConstant(
      read('CardExchangeLogController'),
      'NOTHING_TO_REVIEW_MESSAGE',
      'CardExchangeLogController.cls'
    )
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
