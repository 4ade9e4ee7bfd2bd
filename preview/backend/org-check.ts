/**
 * "Check against this org" in the preview (CardIntegrationEditorController.checkAgainstOrg and getCheckSamples):
 * the integration as edited is mapped on the sample or a received exchange by the preview's own mapping engine
 * (or, when the person exists and the repeat policy keeps them or logs an activity, ends as a Repeat on them), its
 * owner is decided as CardOwnerResolver decides it among the preview's users (a person who exists keeps theirs), and
 * the run-as user's access comes from the preview's access check. The preview's org has no validation rules,
 * duplicate rules or restricted automation, so it reports none: only what its engine and org description know.
 * Both need the Manage Cardbridge setup permission (the samples are none without it). Nothing is stored.
 */
import { ApexError } from './apex-error';
import { mappedOutcome } from './exchange-processor';
import { validateIntegration } from './mapping-engine';
import { editorMessage, labelText } from './preview-org';
import { receivedIdOf, type PreviewStore } from './preview-store';
import type { IntegrationInput, LogRow, MappingRow } from './preview-types';
import { sampleUserName } from './sample-records';
import { exchangeDataOf, SAMPLE_EXCHANGE } from './sample-exchange';
import { canManage, requireManage } from './setup-state';
import { runAsAccess } from './standard-access';

export interface Finding {
  kind: string;
  severity: string;
  /** fieldList joined with ', ', or null (CardOrgCheck keeps both) */
  fields: string | null;
  fieldList: string[];
  message: string;
}

/** CardOrgCheck.Finding's constructor: blank fields left out, `fields` the list joined. */
function finding(kind: string, severity: string, fields: (string | null | undefined)[], message: string): Finding {
  const fieldList = fields.filter((field): field is string => Boolean(field?.trim()));
  return { kind, severity, fields: fieldList.length > 0 ? fieldList.join(', ') : null, fieldList, message };
}

export interface OrgCheckResult {
  targetObject: string;
  outcome: string;
  errorCode: string | null;
  errorMessage: string | null;
  ownerName: string | null;
  ownerSource: string | null;
  assignedOwnerName: string | null;
  runAsUserName: string | null;
  findings: Finding[];
}

export interface SampleOption {
  value: string;
  label: string;
}

/** CardIntegrationEditorController.getCheckSamples asks CardReceivedExchangeSelector for this many. */
const MAX_SAMPLES = 20;
// Related findings are the campaign member's and the Task's warnings (CardOrgCheck.addJobFindings).
const RELATED_WARNINGS = ['Not added to the campaign', 'No follow-up Task'];

interface ReceivedExchange {
  id: string;
  row: LogRow;
  data: unknown;
}

/** Real exchanges whose payload is kept, newest first, one per exchange: CardReceivedExchangeSelector.recentWithPayload. */
function receivedExchanges(store: PreviewStore): ReceivedExchange[] {
  const seen = new Set<string>();
  return [...store.logs]
    .sort((a, b) => b.createdDate.localeCompare(a.createdDate))
    .flatMap((row) => {
      const data = row.isTest || seen.has(row.exchangeId) ? null : exchangeDataOf(row.payload);
      if (data === null) {
        return [];
      }
      seen.add(row.exchangeId);
      return [{ id: receivedIdOf(store, row.exchangeId), row, data }];
    })
    .slice(0, MAX_SAMPLES);
}

// SampleOption's label: exchange id · card · Datetime.format() in the user's locale (en_US here).
function sampleLabel(row: LogRow): string {
  const when = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit'
  }).format(new Date(row.createdDate));
  return [row.exchangeId, row.cardId, when].filter(Boolean).join(' · ');
}

export function checkSamples(store: PreviewStore): SampleOption[] {
  if (!canManage(store)) {
    return [];
  }
  return receivedExchanges(store).map(({ id, row }) => ({ value: id, label: sampleLabel(row) }));
}

/**
 * CardOwnerResolver.decide: the card owner's user (found by email), else the default owner, which must be an active
 * user. No preview user has an email, so the default owner always decides; an id the preview lacks is no user.
 */
function ownerOf(integration: IntegrationInput): string | null {
  return sampleUserName(integration.defaultOwnerId) ?? null;
}

function runAsFindings(
  store: PreviewStore,
  runAsUserName: string | null,
  integration: IntegrationInput,
  rows: MappingRow[]
): Finding[] {
  const { kinds, severities, noRunAsUserLabel, fieldAccessLabel } = store.org.review;
  if (runAsUserName === null) {
    return [finding(kinds.access, severities.info, [], labelText(store.org, noRunAsUserLabel, 'CardOrgCheck'))];
  }
  const access = runAsAccess(store, runAsUserName, integration, rows);
  if (!access) {
    return [];
  }
  const findings = access.missingRights.map(({ objectLabel, right }) =>
    finding(kinds.access, severities.error, [], `${objectLabel}: ${right}`)
  );
  if (access.missingFields.length > 0) {
    findings.push(
      finding(
        kinds.access,
        severities.error,
        access.missingFields,
        labelText(store.org, fieldAccessLabel, 'CardOrgCheck')
      )
    );
  }
  return findings;
}

/** The subscriber's run-as user as the latest exchange tells it; null while Automated Process runs it. */
function runAsUserName(store: PreviewStore): string | null {
  const runAs = store.setupState.runAs as
    { known?: boolean; userName?: string; automatedProcess?: boolean } | undefined;
  return runAs?.known && !runAs.automatedProcess && runAs.userName ? runAs.userName : null;
}

export function checkAgainstOrg(
  store: PreviewStore,
  integration: IntegrationInput,
  rows: MappingRow[],
  receivedExchangeId: unknown
): OrgCheckResult {
  requireManage(store);
  const [invalid] = validateIntegration(store.org, integration, rows);
  if (invalid) {
    throw new ApexError(editorMessage(store.org, 'CHECK_INVALID_MESSAGE', invalid.message));
  }
  let data: unknown = SAMPLE_EXCHANGE;
  if (receivedExchangeId !== null && receivedExchangeId !== undefined) {
    const received = receivedExchanges(store).find((candidate) => candidate.id === receivedExchangeId);
    if (!received) {
      throw new ApexError(editorMessage(store.org, 'CHECK_SAMPLE_GONE_MESSAGE'));
    }
    data = received.data;
  }
  const { kinds, severities, statuses, noOwnerCode, noOwnerMessage, ownerSources } = store.org.review;
  const mapped = mappedOutcome(store, integration, rows, data);
  const assignedOwnerName = ownerOf(integration);
  const runAs = runAsUserName(store);
  const findings: Finding[] = [];
  let outcome = { status: mapped.status, errorCode: mapped.errorCode, errorMessage: mapped.errorMessage };
  let owner = { ownerName: assignedOwnerName, ownerSource: assignedOwnerName === null ? null : ownerSources.assigned };
  if (assignedOwnerName === null) {
    // CardOwnerResolver runs first: a job without an owner fails before anything is mapped.
    outcome = { status: statuses.failed, errorCode: noOwnerCode, errorMessage: noOwnerMessage };
    findings.push(finding(kinds.owner, severities.error, [], noOwnerMessage));
  } else {
    // One finding per mapping line, with its field (CardOrgCheck.addJobFindings).
    for (const error of mapped.errors) {
      findings.push(finding(kinds.mapping, severities.error, [error.field], error.message));
    }
    for (const warning of mapped.warnings) {
      const related = RELATED_WARNINGS.some((start) => warning.startsWith(start));
      findings.push(finding(related ? kinds.related : kinds.mapping, severities.warning, [], warning));
    }
    if (mapped.existing && (outcome.status === statuses.updated || outcome.status === statuses.repeat)) {
      // An update never changes the owner and a repeat writes nothing to it: the existing record's owner.
      owner = { ownerName: sampleUserName(mapped.existing.ownerId) ?? null, ownerSource: ownerSources.existing };
    }
  }
  findings.push(...runAsFindings(store, runAs, integration, rows));
  return {
    targetObject: mapped.targetObject,
    outcome: outcome.status,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    ...owner,
    assignedOwnerName,
    runAsUserName: runAs,
    findings
  };
}
