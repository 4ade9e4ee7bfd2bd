/**
 * The preview backend's in-memory org: integrations with their mapping rows, exchange log rows, the received
 * exchanges that wait and the setup state, seeded from the jest fixtures of the bundles so the preview shows what
 * the tests test.
 */
import type { PreviewOrg } from './preview-org';
import type { Fixtures, IntegrationInput, LogRow, MappingRow, StoredIntegration } from './preview-types';
import { seedWaiting, type WaitingExchange } from './received-exchanges';
import { SAMPLE_EXCHANGE } from './sample-exchange';

export interface PreviewStore {
  integrations: StoredIntegration[];
  logs: LogRow[];
  setupState: Record<string, unknown>;
  /** Received exchanges that wait or are pending; SetupState.waiting sums them up. */
  waiting: WaitingExchange[];
  /** The standard fields "Grant the missing access" gave each user (the preview has no field-level security). */
  grantedFields: Record<string, string[]>;
  fixtures: Fixtures;
  /** The org description and the package facts read at start; reset keeps them. */
  org: PreviewOrg;
  /** The CardReceivedExchange__c id of each exchange the log names, made up when first asked for. */
  receivedIds: Record<string, string>;
  nextNumber: number;
}

interface ListFixtureRow {
  id: string;
  name: string;
  active?: boolean;
  useCase?: string;
  cardIdFilter?: string | null;
  cardTagFilter?: string | null;
  createdLast7Days?: number;
  failedLast7Days?: number;
  holdForReview?: boolean;
}

export function fixture<T>(fixtures: Fixtures, bundle: string, name: string, fallback: T): T {
  const value = fixtures[bundle]?.[name];
  // Fixtures are copied so that edits in the preview never change the seed.
  return value === undefined ? fallback : (structuredClone(value) as T);
}

function seedIntegrations(fixtures: Fixtures): StoredIntegration[] {
  const listRows = fixture<ListFixtureRow[]>(fixtures, 'cardIntegrationList', 'integrations', []);
  const detail = fixture<{ integration?: IntegrationInput; rows?: MappingRow[] }>(
    fixtures,
    'cardIntegrationEditor',
    'integrationDetail',
    {}
  );
  const stored: StoredIntegration[] = listRows.map((row) => ({
    integration: {
      id: row.id,
      name: row.name,
      active: row.active ?? false,
      triggerType: 'NewExchangeLead',
      useCase: row.useCase ?? 'CreateLead',
      cardIds: row.cardIdFilter ?? null,
      cardTags: row.cardTagFilter ?? null,
      ownerStrategy: 'CardOwner',
      duplicatePolicy: 'Block',
      createFollowUpTask: false,
      leadSource: 'Digital Business Card',
      holdForReview: row.holdForReview ?? false
    },
    rows: [],
    createdLast7Days: row.createdLast7Days ?? 0,
    failedLast7Days: row.failedLast7Days ?? 0
  }));
  if (detail.integration && detail.integration.id) {
    const match = stored.find((entry) => entry.integration.id === detail.integration?.id);
    const integration = { ...detail.integration, id: detail.integration.id, name: detail.integration.name ?? '' };
    if (match) {
      match.integration = { ...match.integration, ...integration };
      match.rows = detail.rows ?? [];
    } else {
      stored.push({ integration, rows: detail.rows ?? [], createdLast7Days: 0, failedLast7Days: 0 });
    }
  }
  return stored;
}

function seedLogs(fixtures: Fixtures, org: PreviewOrg): LogRow[] {
  const pages = Object.entries(fixtures.cardExchangeLog ?? {})
    .filter(([name]) => /page/i.test(name))
    .flatMap(([, page]) => ((page as { rows?: LogRow[] }).rows ?? []).map((row) => structuredClone(row)));
  const detail = fixture<Partial<LogRow>>(fixtures, 'cardExchangeLog', 'logDetail', {});
  return pages.map((row) => {
    const seeded = {
      ...row,
      attempts: row.attempts ?? 1,
      isTest: row.isTest ?? false,
      ...(detail.id === row.id ? detail : {})
    };
    // An exchange held for review keeps its payload until it is reviewed; the list fixtures carry none, so it is
    // the sample card's exchange, as every exchange the preview receives.
    if (seeded.status === org.review.statuses.review && !seeded.payload) {
      seeded.payload = JSON.stringify({ ...SAMPLE_EXCHANGE, exchangeId: seeded.exchangeId });
    }
    // As the subscriber does: an exchange's payload is cleared once it was processed without a failure.
    const cleared = seeded.status !== 'Failed' && !seeded.payload && seeded.payloadClearedAt === undefined;
    return cleared ? { ...seeded, payload: null, payloadClearedAt: seeded.processedAt ?? seeded.createdDate } : seeded;
  });
}

export function createPreviewStore(fixtures: Fixtures, org: PreviewOrg): PreviewStore {
  const setupState = fixture<Record<string, unknown>>(fixtures, 'cardSetupAssistant', 'setupState', {});
  return {
    integrations: seedIntegrations(fixtures),
    logs: seedLogs(fixtures, org),
    setupState,
    waiting: seedWaiting(setupState),
    grantedFields: {},
    fixtures,
    org,
    receivedIds: {},
    nextNumber: 1
  };
}

/** A fresh 18-character Salesforce-like id with the given key prefix. */
export function newId(store: PreviewStore, prefix: string): string {
  const serial = String(900000000 + store.nextNumber++).padStart(12, '0');
  return `${prefix}${serial}AAA`;
}

/** The received exchange's id (CardReceivedExchange__c) of a logged exchange. */
export function receivedIdOf(store: PreviewStore, exchangeId: string): string {
  store.receivedIds[exchangeId] ??= newId(store, 'a03');
  return store.receivedIds[exchangeId];
}

export function findIntegration(store: PreviewStore, id: unknown): StoredIntegration | undefined {
  return store.integrations.find((entry) => entry.integration.id === id);
}
