/**
 * "Check against this org" in the preview (CardIntegrationEditorController.checkAgainstOrg and getCheckSamples):
 * the integration as edited is mapped on the sample or a received exchange by the preview's own mapping engine,
 * its owner is decided as CardOwnerResolver decides it among the preview's users, and the run-as user's access comes
 * from the preview's access check. The preview's org has no validation rules, duplicate rules or restricted
 * automation, so it reports none: only what its engine and org description know. Nothing is stored.
 */
import { ApexError } from './apex-error';
import { mappedOutcome } from './exchange-processor';
import { validateIntegration } from './mapping-engine';
import { editorMessage, labelText } from './preview-org';
import { receivedIdOf, type PreviewStore } from './preview-store';
import type { IntegrationInput, LogRow, MappingRow } from './preview-types';
import { sampleUserName } from './sample-records';
import { exchangeDataOf, SAMPLE_EXCHANGE } from './sample-exchange';
import { requireManage } from './setup-state';
import { runAsAccess } from './standard-access';

export interface Finding {
  kind: string;
  severity: string;
  fields: string | null;
  message: string;
}

export interface OrgCheckResult {
  targetObject: string;
  outcome: string;
  errorCode: string | null;
  errorMessage: string | null;
  ownerName: string | null;
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
    return [
      {
        kind: kinds.access,
        severity: severities.info,
        fields: null,
        message: labelText(store.org, noRunAsUserLabel, 'CardOrgCheck')
      }
    ];
  }
  const access = runAsAccess(store, runAsUserName, integration, rows);
  if (!access) {
    return [];
  }
  const findings: Finding[] = access.missingRights.map(({ objectLabel, right }) => ({
    kind: kinds.access,
    severity: severities.error,
    fields: null,
    message: `${objectLabel}: ${right}`
  }));
  if (access.missingFields.length > 0) {
    findings.push({
      kind: kinds.access,
      severity: severities.error,
      fields: access.missingFields.join(', '),
      message: labelText(store.org, fieldAccessLabel, 'CardOrgCheck')
    });
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
  const { kinds, severities, statuses, noOwnerCode, noOwnerMessage } = store.org.review;
  const mapped = mappedOutcome(store, integration, rows, data);
  const ownerName = ownerOf(integration);
  const runAs = runAsUserName(store);
  const findings: Finding[] = [];
  let outcome = { status: mapped.status, errorCode: mapped.errorCode, errorMessage: mapped.errorMessage };
  if (ownerName === null) {
    // CardOwnerResolver runs first: a job without an owner fails before anything is mapped.
    outcome = { status: statuses.failed, errorCode: noOwnerCode, errorMessage: noOwnerMessage };
    findings.push({ kind: kinds.owner, severity: severities.error, fields: null, message: noOwnerMessage });
  } else {
    if (mapped.errorMessage) {
      findings.push({ kind: kinds.mapping, severity: severities.error, fields: null, message: mapped.errorMessage });
    }
    for (const warning of mapped.warnings) {
      const related = RELATED_WARNINGS.some((start) => warning.startsWith(start));
      findings.push({
        kind: related ? kinds.related : kinds.mapping,
        severity: severities.warning,
        fields: null,
        message: warning
      });
    }
  }
  findings.push(...runAsFindings(store, runAs, integration, rows));
  return {
    targetObject: mapped.targetObject,
    outcome: outcome.status,
    errorCode: outcome.errorCode,
    errorMessage: outcome.errorMessage,
    ownerName,
    runAsUserName: runAs,
    findings
  };
}
