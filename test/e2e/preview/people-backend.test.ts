/**
 * The preview's backend for people, without a browser: the repeat policy an integration saves, the consent the
 * mapping preview says the sample would record (CardConsentPlan's rule, read from its source), and a person's card
 * exchanges (CardPersonExchangesController over the log).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { consentPlanOf } from '../../../preview/backend/consent-plan';
import { PreviewBackend } from '../../../preview/backend/preview-backend';
import { loadPreviewOrg, type PreviewOrg } from '../../../preview/backend/preview-org';
import { SAMPLE_EXCHANGE } from '../../../preview/backend/sample-exchange';
import { ApexConstantError } from '../../../preview/source/apex-constants';
import { loadLabelTable } from '../../../preview/source/custom-labels';
import { loadBundleFixtures, scanLwcBundles } from '../../../preview/source/lwc-bundles';
import { parseConsentFacts } from '../../../preview/source/person-facts';
import { parseRepeatPolicyRule } from '../../../preview/source/repeat-policy-facts';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..', 'force-app', 'main', 'default');
const fixtures = () => loadBundleFixtures(scanLwcBundles(path.join(PACKAGE_DIR, 'lwc')));
const org = loadPreviewOrg(PACKAGE_DIR);
const labels = loadLabelTable(PACKAGE_DIR).master;
const apexSource = (className: string) => readFileSync(path.join(PACKAGE_DIR, 'classes', `${className}.cls`), 'utf8');
const consentPlanSource = apexSource('CardConsentPlan');
const LEAD_ID = '00Q000000000001AAA';
const CONTACT_ID = '003000000000001AAA';

function resultOf(backend: PreviewBackend, method: string, params: Record<string, unknown>): unknown {
  const outcome = backend.call(method, params);
  if (!outcome.ok) {
    throw new Error(`${method} failed: ${outcome.error.message}`);
  }
  return outcome.result;
}

interface Exchanges {
  rows: { name: string; cardName: string | null; metAt: string | null; metBy: string | null; status: string }[];
  hasMore: boolean;
}

const exchangesOf = (backend: PreviewBackend, recordId: unknown) =>
  resultOf(backend, 'CardPersonExchangesController.getExchanges', { recordId }) as Exchanges;

describe('the repeat policy in the preview', () => {
  const save = (backend: PreviewBackend, integration: Record<string, unknown>) =>
    resultOf(backend, 'CardIntegrationEditorController.save', { integration, rows: [] }) as {
      success: boolean;
      integrationId: string;
    };
  const load = (backend: PreviewBackend, integrationId: string) =>
    (
      resultOf(backend, 'CardIntegrationEditorController.getIntegration', { integrationId }) as {
        integration: { repeatPolicy?: string | null };
      }
    ).integration;
  const NEW_INTEGRATION = {
    name: 'Trade show leads',
    useCase: 'CreateLead',
    ownerStrategy: 'CardOwner',
    defaultOwnerId: '005000000000002AAA'
  };

  it('saves the policy the admin chose and gives it back', () => {
    const backend = new PreviewBackend(fixtures(), org);
    const saved = save(backend, { ...NEW_INTEGRATION, repeatPolicy: 'Activity' });

    expect(saved.success).toBe(true);
    expect(load(backend, saved.integrationId).repeatPolicy).toBe('Activity');
  });

  it('saves a blank policy as none, as IntegrationInput.toRecord does, so that the use case decides', () => {
    const backend = new PreviewBackend(fixtures(), org);
    const saved = save(backend, { ...NEW_INTEGRATION, repeatPolicy: '' });

    expect(load(backend, saved.integrationId).repeatPolicy).toBeNull();
  });

  it('answers what a blank policy means for each use case as CardRepeatPolicy.of decides, and refuses an unknown one', () => {
    const backend = new PreviewBackend(fixtures(), org);
    const defaultOf = (useCase: string) =>
      backend.call('CardIntegrationEditorController.getDefaultRepeatPolicy', { useCase });

    expect(
      ['CreateContact', 'CreateLead', 'UpsertContactByEmail', 'UpsertLeadByEmail'].map((useCase) => {
        const outcome = defaultOf(useCase);
        return outcome.ok ? outcome.result : outcome.error.message;
      })
    ).toEqual(['Keep', 'Keep', 'Update', 'Update']);
    const unknown = defaultOf('DeleteEveryone');
    expect(unknown.ok ? '' : unknown.error.message).toBe(labels.CardValidationUseCaseRequired);
  });

  it("reads the rule from CardRepeatPolicy's source and stops, naming the file, when the method is reshaped", () => {
    const readWith = (policySource: string) => (className: string) =>
      className === 'CardRepeatPolicy' ? policySource : apexSource(className);
    const source = apexSource('CardRepeatPolicy');

    expect(parseRepeatPolicyRule(readWith(source))).toEqual({
      update: 'Update',
      keep: 'Keep',
      activity: 'Activity',
      matchingUseCases: ['UpsertContactByEmail', 'UpsertLeadByEmail'],
      whenMatching: 'Update',
      otherwise: 'Keep'
    });
    const flipped = source.replace('return upserts ? UPDATE_RECORD : KEEP;', 'return upserts ? KEEP : ACTIVITY;');
    expect(parseRepeatPolicyRule(readWith(flipped))).toMatchObject({ whenMatching: 'Keep', otherwise: 'Activity' });
    const reshaped = source.replace(/Boolean upserts =/, 'Boolean upserts = isUpsert(integration) ||');
    expect(() => parseRepeatPolicyRule(readWith(reshaped))).toThrow(ApexConstantError);
    expect(() => parseRepeatPolicyRule(readWith(reshaped))).toThrow(/CardRepeatPolicy\.cls.*UseCase__c/);
    const renamed = source.replace(/String of\(/, 'String policyOf(');
    expect(() => parseRepeatPolicyRule(readWith(renamed))).toThrow(/CardRepeatPolicy\.cls/);
  });
});

describe("the sample's consent in the mapping preview", () => {
  const withDataProtection = (on: boolean): PreviewOrg => ({
    ...org,
    description: { ...org.description, dataProtectionAndPrivacy: on }
  });
  const sampleWith = (consent: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    ...SAMPLE_EXCHANGE,
    ...more,
    consent: { ...SAMPLE_EXCHANGE.consent, ...consent }
  });

  it("answers previewMapping with John Doe's opt-in, worded as CardConsentPlan words it", () => {
    const backend = new PreviewBackend(fixtures(), org);
    const preview = resultOf(backend, 'CardIntegrationEditorController.previewMapping', {
      integration: { useCase: 'CreateContact' },
      rows: []
    }) as { consent: unknown };

    expect(preview.consent).toEqual({
      available: true,
      objectName: 'ContactPointTypeConsent',
      contactPointType: 'Email',
      status: 'OptIn',
      capturedAt: '2026-11-25T09:59:58.000Z',
      captureContactPointType: 'Web',
      captureSource: `${labels.CardConsentSourceCard} · Jane Smith - Sales · qr · “I agree to receive emails”`,
      warning: null
    });
  });

  it('opts out when the person declined marketing, and leaves out what the exchange does not say', () => {
    const plan = consentPlanOf(org, sampleWith({ marketing: false, text: null }, { source: { channel: null } }));

    expect(plan).toMatchObject({
      status: 'OptOut',
      captureSource: `${labels.CardConsentSourceCard} · Jane Smith - Sales`,
      warning: null
    });
  });

  it('cuts the capture source to its 255 characters and says so', () => {
    const plan = consentPlanOf(org, sampleWith({ text: 'x'.repeat(400) }));

    expect(plan?.captureSource).toHaveLength(255);
    expect(plan?.warning).toBe(labels.CardConsentTextCut);
  });

  it('records no consent for an exchange that captured no answer', () => {
    expect(consentPlanOf(org, sampleWith({ capturedAt: null }))).toBeNull();
  });

  it('says the consent is not recorded where Data Protection and Privacy is off', () => {
    expect(consentPlanOf(withDataProtection(false))?.available).toBe(false);
    expect(consentPlanOf(withDataProtection(true))?.available).toBe(true);
  });

  it("takes the paths, values and wording from CardConsentPlan's source and stops when a line is reshaped", () => {
    expect(parseConsentFacts(consentPlanSource)).toMatchObject({
      capturedAtPath: 'consent.capturedAt',
      marketingPath: 'consent.marketing',
      sourcePaths: ['card.name', 'source.channel'],
      textPath: 'consent.text',
      sourceLength: 255
    });
    const reshaped = consentPlanSource.replace(/String\.join\(parts, /, 'String.joinAll(parts, ');
    expect(() => parseConsentFacts(reshaped)).toThrow(ApexConstantError);
    expect(() => parseConsentFacts(reshaped)).toThrow(/CardConsentPlan\.cls.*String\.join/);
  });
});

describe("a person's card exchanges in the preview", () => {
  it('lists the log rows that touched the Lead, newest met first, with the card and who met him', () => {
    const result = exchangesOf(new PreviewBackend(fixtures(), org), LEAD_ID);

    expect(result.hasMore).toBe(false);
    expect(result.rows.map((row) => [row.name, row.status, row.cardName, row.metBy])).toEqual([
      ['CEL-0000008', 'Repeat', 'Jane Smith - Sales', 'Jane Smith'],
      // Logged before card names and who met the person were kept: the card's id, met when processed.
      ['CEL-0000001', 'Created', 'card_42', null]
    ]);
    expect(result.rows[1]?.metAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it("lists the Contact's own exchanges and nothing for another record or none", () => {
    const backend = new PreviewBackend(fixtures(), org);

    expect(exchangesOf(backend, CONTACT_ID).rows.map((row) => row.name)).toEqual(['CEL-0000007', 'CEL-0000006']);
    expect(exchangesOf(backend, '001000000000001AAA')).toEqual({ rows: [], hasMore: false });
    expect(exchangesOf(backend, null)).toEqual({ rows: [], hasMore: false });
  });

  it("shows at most the controller's MAX_ROWS and says there are more", () => {
    const seeded = fixtures();
    const page = seeded.cardExchangeLog?.repeatPage as { rows: Record<string, unknown>[] };
    const [repeat] = page.rows;
    page.rows = Array.from({ length: org.person.maxExchanges + 1 }, (_, index) => ({
      ...repeat,
      id: `a0100000000${String(100 + index).padStart(4, '0')}AAA`,
      name: `CEL-${String(100 + index).padStart(7, '0')}`,
      metAt: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString()
    }));

    const result = exchangesOf(new PreviewBackend(seeded, org), LEAD_ID);

    expect(result.rows).toHaveLength(org.person.maxExchanges);
    expect(result.hasMore).toBe(true);
  });
});
