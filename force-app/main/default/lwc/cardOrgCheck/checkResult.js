/**
 * What a CardOrgCheck.Result says, worded for the admin: a headline for the outcome (Created, Updated, Duplicate,
 * Failed, Skipped), the findings grouped by severity (errors first) with the kind and fields of each, and who the
 * access check ran for. Pure functions; the component only renders them.
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

const CREATED = {
  Lead: [LABELS.leadCreatedOwner, LABELS.leadCreated],
  Contact: [LABELS.contactCreatedOwner, LABELS.contactCreated]
};
const UPDATED = { Lead: LABELS.leadUpdated, Contact: LABELS.contactUpdated };

function findingsOf(result) {
  return (result && result.findings) || [];
}

/** @returns {string} e.g. "A Lead would be created, owned by Jane Smith." or "The org would refuse the record." */
export function headline(result) {
  const { outcome, targetObject, ownerName } = result || {};
  if (outcome === 'Created' && CREATED[targetObject]) {
    const [withOwner, withoutOwner] = CREATED[targetObject];
    return ownerName ? formatLabel(withOwner, ownerName) : withoutOwner;
  }
  if (outcome === 'Updated' && UPDATED[targetObject]) {
    // An update keeps the record's owner (CardRecordBuilder sets OwnerId on new records only).
    return UPDATED[targetObject];
  }
  if (outcome === 'Duplicate') {
    return LABELS.duplicate;
  }
  if (outcome === 'Failed') {
    const refusedByOrg = findingsOf(result).some((finding) => finding.kind === 'Save' && finding.severity === 'error');
    return refusedByOrg ? LABELS.refused : LABELS.failed;
  }
  if (outcome === 'Skipped') {
    return LABELS.skipped;
  }
  return formatLabel(LABELS.other, outcome);
}

/** True for an outcome that writes a record; the panel's look follows it. */
export function succeeds(result) {
  return Boolean(result) && (result.outcome === 'Created' || result.outcome === 'Updated');
}

/**
 * The failure itself when no finding explains it (the findings usually do: the org's message, the mapping's, the
 * owner's), so that a failed check never shows a bare headline.
 * @returns {string} errorCode and errorMessage, or ''
 */
export function unexplainedError(result) {
  if (!result || result.outcome !== 'Failed') {
    return '';
  }
  if (findingsOf(result).some((finding) => finding.severity === 'error')) {
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
        fields: finding.fields ? formatLabel(LABELS.fields, finding.fields) : ''
      }))
  })).filter((group) => group.items.length > 0);
}

/** @returns {string} "Access checked as <name>, ..." or '' when no run-as user is known (a finding says so) */
export function runAsLine(result) {
  return result && result.runAsUserName ? formatLabel(LABELS.runAs, result.runAsUserName) : '';
}
