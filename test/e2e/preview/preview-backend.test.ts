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
    expect(summary).toEqual({ retried: 1, succeeded: 1, failed: 0 });
    const after = resultOf(preview.call('CardExchangeLogController.getLogDetail', { logId: failed?.id })) as {
      status: string;
      attempts: number;
    };
    expect(after.status).toBe('Created');
    expect(after.attempts).toBe((failed?.attempts ?? 0) + 1);
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
        integration: { name: 'Broken', useCase: 'CreateLead' },
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

  it('names an Apex method it cannot answer instead of returning nothing', () => {
    const outcome = backend().call('CardNewController.doSomethingNew', {});
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? 0 : outcome.error.status).toBe(501);
    expect(outcome.ok ? '' : outcome.error.message).toContain('CardNewController.doSomethingNew');
  });
});
