/**
 * Everything the preview backend knows of the org and the package, loaded once at start: the org description
 * (preview/org/standard-fields.json), the mapping constants, setup, review and person facts and the repeat policy's
 * rule read from the Apex classes, and the package's master labels for the controllers' messages. A missing or renamed constant stops the
 * start with its name.
 */
import { loadLabelTable } from '../source/custom-labels';
import { loadPackageMapping, type EditorMessage, type PackageMapping } from '../source/package-mapping';
import { loadPersonFacts, type PersonFacts } from '../source/person-facts';
import { loadRepeatPolicyRule, type RepeatPolicyRule } from '../source/repeat-policy-facts';
import { loadReviewCheckFacts, type ReviewCheckFacts } from '../source/review-check-facts';
import { loadSetupFacts, type SetupFacts, type SetupMessage } from '../source/setup-facts';
import { loadOrgDescription, type OrgDescription } from './org-description';

export interface PreviewOrg {
  description: OrgDescription;
  mapping: PackageMapping;
  setup: SetupFacts;
  /** The check against the org's and the review's facts (statuses, finding kinds, messages). */
  review: ReviewCheckFacts;
  /** How consent is recorded (CardConsentPlan) and how many exchanges a person's page lists. */
  person: PersonFacts;
  /** What a blank repeat policy means for each use case (CardRepeatPolicy.of). */
  repeatPolicy: RepeatPolicyRule;
  /** Master custom labels by name. */
  labels: Record<string, string>;
}

export function loadPreviewOrg(packageDir: string): PreviewOrg {
  return {
    description: loadOrgDescription(),
    mapping: loadPackageMapping(packageDir),
    setup: loadSetupFacts(packageDir),
    review: loadReviewCheckFacts(packageDir),
    person: loadPersonFacts(packageDir),
    repeatPolicy: loadRepeatPolicyRule(packageDir),
    labels: loadLabelTable(packageDir).master
  };
}

/**
 * The message one of CardIntegrationEditorController's constants reads from its custom label, with `{0}` filled
 * in as String.format fills it (the master label: the preview's Apex answers in English).
 */
export function editorMessage(org: PreviewOrg, name: EditorMessage, value?: string): string {
  return masterLabel(org, 'CardIntegrationEditorController', name, org.mapping.editorMessageLabels[name] ?? '', value);
}

/** The message one of CardSetupAssistantController's constants reads from its custom label (master label). */
export function setupMessage(org: PreviewOrg, name: SetupMessage): string {
  return masterLabel(org, 'CardSetupAssistantController', name, org.setup.messageLabels[name]);
}

/** A custom label's master text by name, which the package must have. */
export function labelText(org: PreviewOrg, label: string, className: string): string {
  return masterLabel(org, className, label, label);
}

function masterLabel(org: PreviewOrg, className: string, constant: string, label: string, value?: string): string {
  const text = org.labels[label];
  if (text === undefined) {
    throw new Error(`${className}.${constant} reads System.Label.${label}, which the package lacks.`);
  }
  return value === undefined ? text : text.replace(/\{0\}/g, value);
}
