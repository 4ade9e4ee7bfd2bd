/** The preview's server side without a browser: it must keep up with the bundles and behave like the org. */
import path from 'node:path';
import { PreviewBackend } from '../../../preview/backend/preview-backend';
import { loadPreviewOrg } from '../../../preview/backend/preview-org';
import { loadLabelTable, parseCustomLabels, parseLabelTranslations } from '../../../preview/source/custom-labels';
import { loadBundleFixtures, scanLwcBundles } from '../../../preview/source/lwc-bundles';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..', 'force-app', 'main', 'default');
const bundles = scanLwcBundles(path.join(PACKAGE_DIR, 'lwc'));
const org = loadPreviewOrg(PACKAGE_DIR);
const backend = () => new PreviewBackend(loadBundleFixtures(bundles), org);
const labels = loadLabelTable(PACKAGE_DIR).master;

/** A backend whose seeded setup state differs from the fixture's. */
function backendWithSetupState(changes: Record<string, unknown>): PreviewBackend {
  const fixtures = loadBundleFixtures(bundles);
  const setupState = fixtures.cardSetupAssistant?.setupState as Record<string, unknown>;
  Object.assign(setupState, changes);
  return new PreviewBackend(fixtures, org);
}

function errorOf(outcome: ReturnType<PreviewBackend['call']>): string {
  if (outcome.ok) {
    throw new Error('expected an Apex error, got success');
  }
  return outcome.error.message;
}

interface SetupState {
  waiting: { total: number; oldest: string | null; reasons: { status: string; code: string | null; count: number }[] };
  integrationAccess: { users: { userId: string; missing: unknown[] }[] };
  retention: { days: number; cleanUpScheduled: boolean; nextRunAt: string | null };
}

function resultOf(outcome: ReturnType<PreviewBackend['call']>): unknown {
  if (!outcome.ok) {
    throw new Error(`expected success, got ${outcome.error.status} ${outcome.error.message}`);
  }
  return outcome.result;
}

describe('preview backend', () => {
  it('answers every Apex method the bundles import, so no screen falls back to a bare error', () => {
    const imported = bundles.flatMap((bundle) => bundle.apexMethods);
    expect(imported.length).toBeGreaterThan(0);
    const preview = backend();
    expect(imported.filter((name) => !preview.knows(name))).toEqual([]);
  });

  it('finds a master label for every custom label the bundles import', () => {
    const table = loadLabelTable(PACKAGE_DIR);
    const missing = bundles.flatMap((bundle) => bundle.labels).filter((name) => table.master[name] === undefined);
    expect(missing).toEqual([]);
  });

  it('reads labels and translations from their metadata, unescaping XML', () => {
    const master = parseCustomLabels(
      '<CustomLabels><labels><fullName>CardA</fullName><value>Save &amp; close</value></labels></CustomLabels>'
    );
    const french = parseLabelTranslations(
      '<Translations><customLabels><label>Enregistrer &amp; fermer</label><name>CardA</name></customLabels></Translations>'
    );
    expect(master).toEqual({ CardA: 'Save & close' });
    expect(french).toEqual({ CardA: 'Enregistrer & fermer' });
  });

  it('retries a failed log row in place, counting the attempt, and says how many now succeed', () => {
    const preview = backend();
    const page = resultOf(preview.call('CardExchangeLogController.getLogs', { filters: { status: 'Failed' } })) as {
      rows: { id: string; attempts: number }[];
    };
    expect(page.rows).toHaveLength(1);
    const [failed] = page.rows;
    const summary = resultOf(preview.call('CardExchangeLogController.retry', { logIds: [failed?.id] }));
    expect(summary).toEqual({ retried: 1, succeeded: 1, failed: 0, notRetryable: 0 });
    const after = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed?.id })) as {
      status: string;
      attempts: number;
    };
    expect(after.status).toBe('Created');
    expect(after.attempts).toBe((failed?.attempts ?? 0) + 1);
  });

  it('clears the payload once its exchange no longer failed, and says when', () => {
    const preview = backend();
    const page = resultOf(preview.call('CardExchangeLogController.getLogs', { filters: { status: 'Failed' } })) as {
      rows: { id: string; payload?: unknown }[];
    };
    const [failed] = page.rows;
    expect(failed).not.toHaveProperty('payload');
    const before = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed?.id })) as {
      payload: string | null;
      payloadClearedAt: string | null;
    };
    expect(before.payload).toContain('exc_2');
    expect(before.payloadClearedAt).toBeNull();

    preview.call('CardExchangeLogController.retry', { logIds: [failed?.id] });
    const after = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed?.id })) as {
      payload: string | null;
      payloadClearedAt: string | null;
    };
    expect(after.payload).toBeNull();
    expect(Date.parse(after.payloadClearedAt ?? '')).not.toBeNaN();
  });

  it('counts a failed row whose integration was deleted as not retryable, leaving it alone', () => {
    const preview = backend();
    const page = resultOf(preview.call('CardExchangeLogController.getLogs', { filters: { status: 'Failed' } })) as {
      rows: { id: string; integrationId: string; attempts: number }[];
    };
    const [failed] = page.rows;
    resultOf(preview.call('CardIntegrationListController.deleteIntegration', { integrationId: failed?.integrationId }));

    const summary = resultOf(preview.call('CardExchangeLogController.retry', { logIds: [failed?.id] }));

    expect(summary).toEqual({ retried: 0, succeeded: 0, failed: 0, notRetryable: 1 });
    const after = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed?.id })) as {
      attempts: number;
    };
    expect(after.attempts).toBe(failed?.attempts);
  });

  it('sums up the waiting exchanges as the controller groups them, and processes them', () => {
    const preview = backend();
    const before = resultOf(preview.call('CardSetupAssistantController.getSetupState', {})) as SetupState;
    expect(before.waiting).toEqual({
      total: 3,
      oldest: '2026-11-30T15:10:00.000Z',
      reasons: [{ status: 'Waiting', code: 'CARD_NO_RUN_AS_USER', count: 3, oldest: '2026-11-30T15:10:00.000Z' }]
    });
    const logsBefore = (resultOf(preview.call('CardExchangeLogController.getLogs', {})) as { rows: unknown[] }).rows;

    expect(resultOf(preview.call('CardSetupAssistantController.processWaiting', {}))).toEqual({
      processed: 3,
      stillWaiting: 0
    });

    const after = resultOf(preview.call('CardSetupAssistantController.getSetupState', {})) as SetupState;
    expect(after.waiting).toEqual({ total: 0, oldest: null, reasons: [] });
    // One active integration (Booth leads) takes each of them.
    const logsAfter = (resultOf(preview.call('CardExchangeLogController.getLogs', {})) as { rows: unknown[] }).rows;
    expect(logsAfter.length).toBe(logsBefore.length + 3);
  });

  it('holds a test exchange while the subscriber runs as Automated Process, until the waiting ones are processed', () => {
    const preview = backend();
    const { exchangeId } = resultOf(preview.call('CardSetupAssistantController.sendTestExchange', {})) as {
      exchangeId: string;
    };
    expect(resultOf(preview.call('CardSetupAssistantController.getTestExchangeOutcome', { exchangeId }))).toEqual([]);
    const state = resultOf(preview.call('CardSetupAssistantController.getSetupState', {})) as SetupState;
    expect(state.waiting.total).toBe(4);

    resultOf(preview.call('CardSetupAssistantController.processWaiting', {}));

    const outcomes = resultOf(preview.call('CardSetupAssistantController.getTestExchangeOutcome', { exchangeId })) as {
      integrationName: string;
      status: string;
    }[];
    expect(outcomes).toEqual([expect.objectContaining({ integrationName: 'Booth leads', status: 'Created' })]);
  });

  it('processes a test exchange at once once a running user is configured', () => {
    const preview = backendWithSetupState({
      runAs: { known: true, userName: 'Integration User', automatedProcess: false, receivedAt: null }
    });
    const { exchangeId } = resultOf(preview.call('CardSetupAssistantController.sendTestExchange', {})) as {
      exchangeId: string;
    };

    expect(resultOf(preview.call('CardSetupAssistantController.getTestExchangeOutcome', { exchangeId }))).toHaveLength(
      1
    );
  });

  it('sets aside an exchange without a payload, which no run can process, so that it no longer waits', () => {
    const preview = backendWithSetupState({
      waiting: {
        total: 2,
        oldest: '2026-11-30T15:10:00.000Z',
        reasons: [
          { status: 'Waiting', code: 'CARD_NO_PAYLOAD', count: 1, oldest: '2026-11-30T15:10:00.000Z' },
          { status: 'Pending', code: null, count: 1, oldest: '2026-12-01T09:00:00.000Z' }
        ]
      }
    });

    expect(resultOf(preview.call('CardSetupAssistantController.processWaiting', {}))).toEqual({
      processed: 1,
      stillWaiting: 0
    });
  });

  it('refuses what changes the setup or runs exchanges as the caller without the Manage Cardbridge setup permission', () => {
    const preview = backendWithSetupState({ canManage: false });
    const message = labels.CardErrorManageSetupRequired;

    expect(errorOf(preview.call('CardSetupAssistantController.processWaiting', {}))).toBe(message);
    const userId = '005000000000004AAA';
    expect(errorOf(preview.call('CardSetupAssistantController.planStandardAccess', { userId }))).toBe(message);
    expect(errorOf(preview.call('CardSetupAssistantController.grantStandardAccess', { userId }))).toBe(message);
    expect(errorOf(preview.call('CardSetupAssistantController.sendTestExchange', {}))).toBe(message);
    expect(errorOf(preview.call('CardExchangeLogController.retry', { logIds: ['a01000000000001AAA'] }))).toBe(message);
    expect(errorOf(preview.call('CardSetupAssistantController.saveRetention', { days: 30, cleanUp: true }))).toBe(
      message
    );
  });

  it('plans exactly what the integration user lacks, grants it, and lacks nothing afterwards', () => {
    const preview = backend();
    const userId = '005000000000004AAA';
    const plan = resultOf(preview.call('CardSetupAssistantController.planStandardAccess', { userId })) as {
      permissionSetName: string;
      objectRights: string[];
      fields: string[];
      nothingMissing: boolean;
    };
    expect(plan.permissionSetName).toBe('Cardbridge_Standard_Access_005000000000004');
    expect(plan.objectRights).toEqual(['Lead.Create', 'Lead.Read']);
    // Booth leads writes LastName (always visible, no field permission) and Industry.
    expect(plan.fields).toEqual(['Lead.Industry']);
    expect(plan.nothingMissing).toBe(false);

    expect(resultOf(preview.call('CardSetupAssistantController.grantStandardAccess', { userId, ...plan }))).toEqual(
      plan
    );

    const state = resultOf(preview.call('CardSetupAssistantController.getSetupState', {})) as SetupState;
    expect(state.integrationAccess.users.find((user) => user.userId === userId)?.missing).toEqual([]);
    const again = resultOf(preview.call('CardSetupAssistantController.planStandardAccess', { userId })) as {
      nothingMissing: boolean;
    };
    expect(again.nothingMissing).toBe(true);
  });

  it('grants only what the admin confirmed, leaving the rest in the next plan', () => {
    const preview = backend();
    const userId = '005000000000004AAA';
    const granted = resultOf(
      preview.call('CardSetupAssistantController.grantStandardAccess', {
        userId,
        objectRights: ['Lead.Create', 'Lead.Read', 'Contact.Edit'],
        fields: [],
        editTasks: true
      })
    ) as { objectRights: string[]; fields: string[]; editTasks: boolean };
    expect(granted).toMatchObject({ objectRights: ['Lead.Create', 'Lead.Read'], fields: [], editTasks: false });

    const next = resultOf(preview.call('CardSetupAssistantController.planStandardAccess', { userId })) as {
      objectRights: string[];
      fields: string[];
    };
    expect(next.objectRights).toEqual([]);
    expect(next.fields).toEqual(['Lead.Industry']);
  });

  it('plans the address fields of a default mapping as the compound field that carries their permission', () => {
    const preview = backend();
    const { integration } = resultOf(
      preview.call('CardIntegrationEditorController.getIntegration', { integrationId: 'a00000000000001AAA' })
    ) as { integration: Record<string, unknown> };
    resultOf(preview.call('CardIntegrationEditorController.save', { integration, rows: [] }));

    const plan = resultOf(
      preview.call('CardSetupAssistantController.planStandardAccess', { userId: '005000000000004AAA' })
    ) as { fields: string[] };

    expect(plan.fields).toContain('Lead.Address');
    expect(plan.fields).toContain('Lead.Email');
    expect(plan.fields).not.toContain('Lead.Street');
    expect(plan.fields).not.toContain('Lead.Company');
  });

  it('saves the retention, schedules the clean-up at 03:00 and refuses days out of range with the label', () => {
    const preview = backend();
    const saved = resultOf(
      preview.call('CardSetupAssistantController.saveRetention', { days: 90, cleanUp: true })
    ) as SetupState['retention'];
    expect(saved.days).toBe(90);
    expect(saved.cleanUpScheduled).toBe(true);
    const hour = new Intl.DateTimeFormat('en-US', {
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      hour: 'numeric',
      hourCycle: 'h23'
    }).format(new Date(saved.nextRunAt ?? ''));
    expect(hour).toBe('03');
    expect((resultOf(preview.call('CardSetupAssistantController.getSetupState', {})) as SetupState).retention).toEqual(
      saved
    );

    for (const days of [0, 3651, 2.5, null]) {
      expect(errorOf(preview.call('CardSetupAssistantController.saveRetention', { days, cleanUp: true }))).toBe(
        labels.CardErrorRetentionDays
      );
    }
  });

  it('refuses to retry nothing with the controller message', () => {
    const outcome = backend().call('CardExchangeLogController.retry', { logIds: [] });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error.message).toBe('Select at least one failed exchange to retry.');
  });

  it('attaches save errors to the mapping row and field they concern, saving nothing', () => {
    const preview = backend();
    const before = (resultOf(preview.call('CardIntegrationListController.getIntegrations', {})) as unknown[]).length;
    const result = resultOf(
      preview.call('CardIntegrationEditorController.save', {
        integration: { name: 'Broken', useCase: 'CreateLead', defaultOwnerId: '005000000000002AAA' },
        rows: [{ sourcePath: 'contact.lastName', targetField: 'NoSuchField__c' }]
      })
    );
    expect(result).toMatchObject({
      success: false,
      errors: [{ scope: 'row', rowIndex: 0, field: 'targetField' }]
    });
    expect((resultOf(preview.call('CardIntegrationListController.getIntegrations', {})) as unknown[]).length).toBe(
      before
    );
  });

  it('requires a default owner whatever the owner strategy, with the controller messages', () => {
    const preview = backend();
    const save = (ownerStrategy: string) =>
      resultOf(
        preview.call('CardIntegrationEditorController.save', {
          integration: { name: 'No owner', useCase: 'CreateLead', ownerStrategy },
          rows: []
        })
      ) as { success: boolean; errors: { field: string; message: string }[] };

    expect(save('CardOwner').errors).toEqual([
      expect.objectContaining({ field: 'defaultOwnerId', message: labels.CardValidationDefaultOwnerRequired })
    ]);
    expect(save('FixedUser').errors).toEqual([
      expect.objectContaining({ field: 'defaultOwnerId', message: labels.CardValidationOwnerRequired })
    ]);
  });

  it('names an Apex method it cannot answer instead of returning nothing', () => {
    const outcome = backend().call('CardNewController.doSomethingNew', {});
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? 0 : outcome.error.status).toBe(501);
    expect(outcome.ok ? '' : outcome.error.message).toContain('CardNewController.doSomethingNew');
  });

  describe('exchanges held for review and the check against the org', () => {
    interface IntegrationRow {
      id: string;
      name: string;
      holdForReview: boolean;
      waitingForReview: number;
    }
    interface CheckResult {
      targetObject: string;
      outcome: string;
      errorCode: string | null;
      errorMessage: string | null;
      ownerName: string | null;
      ownerSource: string | null;
      assignedOwnerName: string | null;
      runAsUserName: string | null;
      findings: { kind: string; severity: string; fields: string | null; fieldList: string[]; message: string }[];
    }
    const BOOTH_LEADS = 'a00000000000001AAA';
    const SALES_CONTACTS = 'a00000000000002AAA';

    function integrationsOf(preview: PreviewBackend): IntegrationRow[] {
      return resultOf(preview.call('CardIntegrationListController.getIntegrations', {})) as IntegrationRow[];
    }

    function waitingRows(preview: PreviewBackend): { id: string; exchangeId: string; integrationId: string }[] {
      return (
        resultOf(preview.call('CardExchangeLogController.getLogs', { filters: { status: 'Review' } })) as {
          rows: { id: string; exchangeId: string; integrationId: string }[];
        }
      ).rows;
    }

    function boothLeads(preview: PreviewBackend): { integration: Record<string, unknown>; rows: unknown[] } {
      return resultOf(
        preview.call('CardIntegrationEditorController.getIntegration', { integrationId: BOOTH_LEADS })
      ) as { integration: Record<string, unknown>; rows: unknown[] };
    }

    function check(preview: PreviewBackend, changes: Record<string, unknown> = {}, receivedExchangeId = null) {
      const { integration, rows } = boothLeads(preview);
      return preview.call('CardIntegrationEditorController.checkAgainstOrg', {
        integration: { ...integration, ...changes },
        rows,
        receivedExchangeId
      });
    }

    it('lists how many exchanges each integration holds for review', () => {
      const rows = integrationsOf(backend());
      expect(rows.find((row) => row.id === SALES_CONTACTS)).toMatchObject({ holdForReview: true, waitingForReview: 2 });
      expect(rows.find((row) => row.id === BOOTH_LEADS)).toMatchObject({ holdForReview: false, waitingForReview: 0 });
    });

    it('logs the test exchange of an integration that holds exchanges as waiting for review, creating nothing', () => {
      const preview = backendWithSetupState({
        runAs: { known: true, userName: 'Integration User', automatedProcess: false, receivedAt: null }
      });
      const { integration, rows } = boothLeads(preview);
      resultOf(
        preview.call('CardIntegrationEditorController.save', {
          integration: { ...integration, holdForReview: true },
          rows
        })
      );

      const { exchangeId } = resultOf(preview.call('CardSetupAssistantController.sendTestExchange', {})) as {
        exchangeId: string;
      };

      expect(resultOf(preview.call('CardSetupAssistantController.getTestExchangeOutcome', { exchangeId }))).toEqual([
        expect.objectContaining({ integrationName: 'Booth leads', status: 'Review', recordId: null })
      ]);
      const [held] = waitingRows(preview).filter((row) => row.exchangeId === exchangeId);
      const detail = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: held?.id })) as {
        payload: string | null;
      };
      // The payload is kept while the review waits.
      expect(detail.payload).toContain(exchangeId);
    });

    it('approves a held exchange through its integration, stamping who and when, and clears its payload', () => {
      const preview = backend();
      const [first] = waitingRows(preview);

      const summary = resultOf(preview.call('CardExchangeLogController.approve', { logIds: [first?.id] }));

      expect(summary).toEqual({
        reviewed: 1,
        succeeded: 1,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 0,
        reasons: []
      });
      const after = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: first?.id })) as {
        status: string;
        attempts: number;
        recordId: string | null;
        reviewedBy: string | null;
        reviewedAt: string | null;
        payload: string | null;
      };
      // Sales contacts creates or updates Contacts by email; the preview's upserts find John Doe and update him.
      expect(after).toMatchObject({
        status: 'Updated',
        attempts: 2,
        reviewedBy: 'Ada Admin',
        payload: null,
        recordId: '003000000000001AAA'
      });
      expect(Date.parse(after.reviewedAt ?? '')).not.toBeNaN();
      expect(integrationsOf(preview).find((row) => row.id === SALES_CONTACTS)?.waitingForReview).toBe(1);
    });

    it('rejects held exchanges without creating anything, and says which selected rows were not waiting', () => {
      const preview = backend();
      const waiting = waitingRows(preview);
      const failed = (
        resultOf(preview.call('CardExchangeLogController.getLogs', { filters: { status: 'Failed' } })) as {
          rows: { id: string }[];
        }
      ).rows;

      const summary = resultOf(
        preview.call('CardExchangeLogController.reject', { logIds: [...waiting.map((row) => row.id), failed[0]?.id] })
      );

      expect(summary).toEqual({
        reviewed: 2,
        succeeded: 0,
        failed: 0,
        notApprovable: 0,
        notWaitingForReview: 1,
        reasons: [{ logId: failed[0]?.id, code: 'NotWaitingForReview', message: labels.CardReviewReasonNotWaiting }]
      });
      for (const row of waiting) {
        const detail = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: row.id })) as {
          recordId?: string | null;
        };
        expect(detail).toMatchObject({ status: 'Rejected', reviewedBy: 'Ada Admin', payload: null });
        expect(detail.recordId ?? null).toBeNull();
      }
      expect(resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed[0]?.id }))).toMatchObject({
        status: 'Failed'
      });
      expect(waitingRows(preview)).toEqual([]);
    });

    it('says a held exchange whose integration was deleted could not be approved, and why; it keeps waiting', () => {
      const preview = backend();
      const [first] = waitingRows(preview);
      resultOf(preview.call('CardIntegrationListController.deleteIntegration', { integrationId: SALES_CONTACTS }));

      expect(resultOf(preview.call('CardExchangeLogController.approve', { logIds: [first?.id] }))).toEqual({
        reviewed: 0,
        succeeded: 0,
        failed: 0,
        notApprovable: 1,
        notWaitingForReview: 0,
        reasons: [{ logId: first?.id, code: 'IntegrationDeleted', message: labels.CardReviewReasonIntegrationDeleted }]
      });
      expect(waitingRows(preview).map((row) => row.id)).toContain(first?.id);
    });

    it('gives each selected row not approved its own reason: no integration, not waiting for review', () => {
      const fixtures = loadBundleFixtures(bundles);
      const reviewPage = fixtures.cardExchangeLog?.reviewPage as { rows: { integrationId?: string | null }[] };
      const [held] = reviewPage.rows;
      if (!held) {
        throw new Error('the review fixture has a held exchange');
      }
      held.integrationId = null;
      const preview = new PreviewBackend(fixtures, org);
      const waiting = waitingRows(preview).map((row) => row.id);

      const summary = resultOf(
        preview.call('CardExchangeLogController.approve', { logIds: [...waiting, 'a01000000000099AAA'] })
      ) as { reviewed: number; notApprovable: number; notWaitingForReview: number; reasons: { code: string }[] };

      expect(summary).toMatchObject({ reviewed: 1, notApprovable: 1, notWaitingForReview: 1 });
      expect(summary.reasons).toEqual([
        { logId: 'a01000000000099AAA', code: 'NotWaitingForReview', message: labels.CardReviewReasonNotWaiting },
        expect.objectContaining({ code: 'NoIntegration', message: labels.CardReviewReasonNoIntegration })
      ]);
    });

    it('refuses to review more than the controller allows with its own message', () => {
      const logIds = Array.from({ length: 201 }, (_, index) => `a01${String(index).padStart(12, '0')}AAA`);

      expect(errorOf(backend().call('CardExchangeLogController.reject', { logIds }))).toBe(
        labels.CardErrorReviewTooMany?.replace('{0}', '200')
      );
    });

    it('refuses an empty review and a review without the setup permission, with the controller messages', () => {
      expect(errorOf(backend().call('CardExchangeLogController.approve', { logIds: [] }))).toBe(
        labels.CardLogReviewNothing
      );
      const preview = backendWithSetupState({ canManage: false });
      for (const method of ['approve', 'reject', 'retry']) {
        expect(errorOf(preview.call(`CardExchangeLogController.${method}`, { logIds: ['a01000000000015AAA'] }))).toBe(
          labels.CardErrorManageSetupRequired
        );
      }
      expect(errorOf(check(preview))).toBe(labels.CardErrorManageSetupRequired);
    });

    it('checks a valid integration: the Lead would be created for its default owner, with what the engine says', () => {
      const result = resultOf(check(backend())) as CheckResult;

      expect(result).toMatchObject({
        targetObject: 'Lead',
        outcome: 'Created',
        errorCode: null,
        ownerName: 'Jane Smith',
        ownerSource: 'Assigned',
        assignedOwnerName: 'Jane Smith',
        runAsUserName: null
      });
      // Booth leads maps customFields.Industry ("Software"), which the default Industry picklist does not list.
      expect(result.findings).toEqual([
        expect.objectContaining({ kind: 'Mapping', severity: 'warning', fields: null, fieldList: [] }),
        { kind: 'Access', severity: 'info', fields: null, fieldList: [], message: labels.CardCheckNoRunAsUser }
      ]);
    });

    it('finds John Doe when the integration creates or updates by email: the repeat policy decides, he keeps his owner', () => {
      const preview = backend();
      const upsert = { useCase: 'UpsertLeadByEmail' };

      const kept = resultOf(check(preview, { ...upsert, repeatPolicy: 'Keep' })) as CheckResult;
      const logged = resultOf(check(preview, { ...upsert, repeatPolicy: 'Activity' })) as CheckResult;
      const updated = resultOf(check(preview, { ...upsert, repeatPolicy: null })) as CheckResult;

      // John Doe's Lead belongs to Marc Dupont; Booth leads would give a new Lead to its default owner, Jane Smith.
      const existing = { ownerName: 'Marc Dupont', ownerSource: 'Existing', assignedOwnerName: 'Jane Smith' };
      expect(kept).toMatchObject({ targetObject: 'Lead', outcome: 'Repeat', errorCode: null, ...existing });
      // A repeat maps nothing: the picklist warning of the mapping is not said.
      expect(kept.findings.map((found) => found.kind)).toEqual(['Access']);
      expect(logged).toMatchObject({ outcome: 'Repeat', ...existing });
      // Blank: CardRepeatPolicy.of updates the person for the "create or update by email" use cases.
      expect(updated).toMatchObject({ outcome: 'Updated', ...existing });
      expect(updated.findings[0]).toMatchObject({ kind: 'Mapping', severity: 'warning' });
    });

    it('logs an exchange on John Doe as a repeat when the integration keeps people who exist', () => {
      const preview = backendWithSetupState({
        runAs: { known: true, userName: 'Integration User', automatedProcess: false, receivedAt: null }
      });
      const { integration, rows } = boothLeads(preview);
      resultOf(
        preview.call('CardIntegrationEditorController.save', {
          integration: { ...integration, useCase: 'UpsertLeadByEmail', repeatPolicy: 'Activity' },
          rows
        })
      );

      const { exchangeId } = resultOf(preview.call('CardSetupAssistantController.sendTestExchange', {})) as {
        exchangeId: string;
      };

      expect(resultOf(preview.call('CardSetupAssistantController.getTestExchangeOutcome', { exchangeId }))).toEqual([
        expect.objectContaining({ integrationName: 'Booth leads', status: 'Repeat', recordId: '00Q000000000001AAA' })
      ]);
    });

    it('tells the editor whether the user may check against the org, and offers no samples to one who may not', () => {
      const admin = backend();
      const reader = backendWithSetupState({ canManage: false });
      const detailOf = (preview: PreviewBackend) =>
        resultOf(preview.call('CardIntegrationEditorController.getIntegration', { integrationId: BOOTH_LEADS })) as {
          canManageSetup: boolean;
        };

      expect(detailOf(admin).canManageSetup).toBe(true);
      expect(resultOf(admin.call('CardIntegrationEditorController.getSetupPermission', {}))).toBe(true);
      expect(detailOf(reader).canManageSetup).toBe(false);
      expect(resultOf(reader.call('CardIntegrationEditorController.getSetupPermission', {}))).toBe(false);
      expect(resultOf(reader.call('CardIntegrationEditorController.getCheckSamples', {}))).toEqual([]);
      // The reset the browser tests use models the same user.
      admin.reset({ canManage: false });
      expect(resultOf(admin.call('CardIntegrationEditorController.getSetupPermission', {}))).toBe(false);
      admin.reset();
      expect(resultOf(admin.call('CardIntegrationEditorController.getSetupPermission', {}))).toBe(true);
    });

    it('fails the check with the mapping engine errors, and reports the run-as user lacking access', () => {
      const preview = backendWithSetupState({
        runAs: { known: true, userName: 'Integration User', automatedProcess: false, receivedAt: null }
      });
      const { integration } = boothLeads(preview);
      const result = resultOf(
        preview.call('CardIntegrationEditorController.checkAgainstOrg', {
          integration,
          rows: [
            { sourcePath: 'contact.lastName', targetField: 'LastName' },
            { sourcePath: 'contact.company', targetField: 'NumberOfEmployees' }
          ],
          receivedExchangeId: null
        })
      ) as CheckResult;

      expect(result).toMatchObject({
        outcome: 'Failed',
        errorCode: 'CARD_MAPPING_ERROR',
        errorMessage: 'The value for NumberOfEmployees is not a valid integer.',
        runAsUserName: 'Integration User'
      });
      // Each mapping error is a finding of its own, naming its field.
      expect(result.findings).toEqual([
        {
          kind: 'Mapping',
          severity: 'error',
          fields: 'NumberOfEmployees',
          fieldList: ['NumberOfEmployees'],
          message: 'The value for NumberOfEmployees is not a valid integer.'
        },
        { kind: 'Access', severity: 'error', fields: null, fieldList: [], message: 'Lead: Create' },
        {
          kind: 'Access',
          severity: 'error',
          fields: 'Lead.NumberOfEmployees',
          fieldList: ['Lead.NumberOfEmployees'],
          message: labels.CardCheckFieldAccess
        }
      ]);
    });

    it('refuses to check an invalid integration with its first problem, and an owner no user holds fails', () => {
      expect(errorOf(check(backend(), { name: ' ' }))).toBe(
        labels.CardErrorCheckInvalid?.replace('{0}', labels.CardValidationNameRequired ?? '')
      );
      const result = resultOf(check(backend(), { defaultOwnerId: '005000000000099AAA' })) as CheckResult;
      expect(result).toMatchObject({ outcome: 'Failed', errorCode: 'CARD_NO_OWNER', ownerName: null });
      expect(result.findings[0]).toMatchObject({ kind: 'Owner', severity: 'error' });
    });

    it('offers the real exchanges whose details are kept, tries one, and refuses one no longer kept', () => {
      const preview = backend();
      const samples = resultOf(preview.call('CardIntegrationEditorController.getCheckSamples', {})) as {
        value: string;
        label: string;
      }[];
      // The two held exchanges keep their details; the fixtures' other payloads are not webhook-shaped.
      expect(samples.map((sample) => sample.label.split(' · ').slice(0, 2).join(' · '))).toEqual([
        'exc_5 · card_42',
        'exc_4 · card_42'
      ]);

      const result = resultOf(check(preview, {}, samples[0]?.value as never)) as CheckResult;
      expect(result.outcome).toBe('Created');

      resultOf(preview.call('CardExchangeLogController.reject', { logIds: waitingRows(preview).map((row) => row.id) }));
      expect(errorOf(check(preview, {}, samples[0]?.value as never))).toBe(labels.CardErrorCheckSampleGone);
      expect(resultOf(preview.call('CardIntegrationEditorController.getCheckSamples', {}))).toEqual([]);
    });
  });
});
