/**
 * What a CardOrgCheck.Result says, worded for the admin: a headline for the outcome (Created, Updated, Repeat,
 * Duplicate, Failed, Skipped) with who owns the person, the owner a new person would get when the person exists, the
 * findings grouped by severity (errors first) with the kind and fields of each, and who the access check ran for.
 * Pure functions; the component only renders them.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

const SEVERITIES = [
  { severity: 'error', title: LABELS.errors, icon: 'utility:error', variant: 'error' },
  { severity: 'warning', title: LABELS.warnings, icon: 'utility:warning', variant: 'warning' },
  { severity: 'info', title: LABELS.info, icon: 'utility:info' }
];

const KINDS = {
  Save: LABELS.kindSave,
  Duplicate: LABELS.kindDuplicate,
  Mapping: LABELS.kindMapping,
  Owner: LABELS.kindOwner,
  Access: LABELS.kindAccess,
  Related: LABELS.kindRelated
};
const ACCESS = 'Access';

// [with the owner's name, without it], by outcome and object.
const HEADLINES = {
  Created: {
    Lead: [LABELS.leadCreatedOwner, LABELS.leadCreated],
    Contact: [LABELS.contactCreatedOwner, LABELS.contactCreated]
  },
  // An update keeps the record's owner (CardRecordBuilder sets OwnerId on new records only): ownerName is theirs.
  Updated: {
    Lead: [LABELS.leadUpdatedOwner, LABELS.leadUpdated],
    Contact: [LABELS.contactUpdatedOwner, LABELS.contactUpdated]
  },
  // The person exists and the repeat policy keeps them or logs an activity: the exchange is logged on them.
  Repeat: {
    Lead: [LABELS.leadRepeatOwner, LABELS.leadRepeat],
    Contact: [LABELS.contactRepeatOwner, LABELS.contactRepeat]
  }
};
/** CardOrgCheck.OWNER_EXISTING: ownerName is the existing record's owner. */
const OWNER_EXISTING = 'Existing';
/** CardExchangeProcessor.PROCESSING_ERROR: the subscriber's code threw; the exchange would wait. */
const PROCESSING_ERROR = 'CARD_PROCESSING_ERROR';

function findingsOf(result) {
  return (result && result.findings) || [];
}

/** @returns {string} e.g. "A Lead would be created, owned by Jane Smith." or "The org would refuse the record." */
export function headline(result) {
  const { outcome, targetObject, ownerName } = result || {};
  const worded = HEADLINES[outcome] && HEADLINES[outcome][targetObject];
  if (worded) {
    const [withOwner, withoutOwner] = worded;
    return ownerName ? formatLabel(withOwner, ownerName) : withoutOwner;
  }
  if (outcome === 'Duplicate') {
    return LABELS.duplicate;
  }
  if (outcome === 'Failed') {
    const refusedByOrg = findingsOf(result).some((finding) => finding.kind === 'Save' && finding.severity === 'error');
    if (refusedByOrg) {
      return LABELS.refused;
    }
    return result.errorCode === PROCESSING_ERROR ? LABELS.processingError : LABELS.failed;
  }
  if (outcome === 'Skipped') {
    return LABELS.skipped;
  }
  return formatLabel(LABELS.other, outcome);
}

/**
 * When the person exists (Updated, Repeat), who a new person would have been given by the integration's owner rule.
 * @returns {string} "A new person would be owned by <name>." or ''
 */
export function assignedOwnerLine(result) {
  if (!result || result.ownerSource !== OWNER_EXISTING || !result.assignedOwnerName) {
    return '';
  }
  return formatLabel(LABELS.assignedOwner, result.assignedOwnerName);
}

/** True for an outcome that writes a record or logs the exchange on an existing one; the panel's look follows it. */
export function succeeds(result) {
  return Boolean(result) && ['Created', 'Updated', 'Repeat'].includes(result.outcome);
}

/**
 * The failure itself when no finding explains it (the findings usually do: the org's message, the mapping's, the
 * owner's; the run-as user's access never explains the job's own failure), so that a failed check never shows a bare
 * headline.
 * @returns {string} errorCode and errorMessage, or ''
 */
export function unexplainedError(result) {
  if (!result || result.outcome !== 'Failed') {
    return '';
  }
  if (findingsOf(result).some((finding) => finding.severity === 'error' && finding.kind !== ACCESS)) {
    return '';
  }
  return [result.errorCode, result.errorMessage].filter(Boolean).join(' ');
}

/**
 * @returns {{key: string, title: string, icon: string, variant: string, items: object[]}[]} one group per severity
 * that has findings, errors first; an unknown severity joins the information
 */
export function findingGroups(result) {
  const known = SEVERITIES.map((entry) => entry.severity);
  const severityOf = (finding) => (known.includes(finding.severity) ? finding.severity : 'info');
  return SEVERITIES.map((entry) => ({
    key: entry.severity,
    title: entry.title,
    icon: entry.icon,
    variant: entry.variant,
    items: findingsOf(result)
      .map((finding, index) => ({ finding, index }))
      .filter(({ finding }) => severityOf(finding) === entry.severity)
      .map(({ finding, index }) => ({
        key: `${entry.severity}-${index}`,
        kind: KINDS[finding.kind] || finding.kind || '',
        message: finding.message || '',
        fields: (finding.fieldList || []).length > 0 ? formatLabel(LABELS.fields, finding.fieldList.join(', ')) : ''
      }))
  })).filter((group) => group.items.length > 0);
}

/**
 * @returns {string} "Access checked as <name>, ..."; "The subscriber runs as <name>." when an information finding
 * says its access was not checked (it could not be read); '' when no run-as user is known (a finding says so)
 */
export function runAsLine(result) {
  if (!result || !result.runAsUserName) {
    return '';
  }
  const notChecked = findingsOf(result).some((finding) => finding.kind === ACCESS && finding.severity === 'info');
  return formatLabel(notChecked ? LABELS.runsAs : LABELS.runAs, result.runAsUserName);
}
