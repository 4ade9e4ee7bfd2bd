/**
 * Everything the preview backend knows of the org and the package, loaded once at start: the org description
 * (preview/org/standard-fields.json), the mapping constants read from the Apex classes, and the package's
 * master labels for the controllers' messages. A missing or renamed constant stops the start with its name.
 */
import { loadLabelTable } from '../source/custom-labels';
import { loadPackageMapping, type EditorMessage, type PackageMapping } from '../source/package-mapping';
import { loadOrgDescription, type OrgDescription } from './org-description';

export interface PreviewOrg {
  description: OrgDescription;
  mapping: PackageMapping;
  /** Master custom labels by name. */
  labels: Record<string, string>;
}

export function loadPreviewOrg(packageDir: string): PreviewOrg {
  return {
    description: loadOrgDescription(),
    mapping: loadPackageMapping(packageDir),
    labels: loadLabelTable(packageDir).master
  };
}

/**
 * The message one of CardIntegrationEditorController's constants reads from its custom label, with `{0}` filled
 * in as String.format fills it (the master label: the preview's Apex answers in English).
 */
export function editorMessage(org: PreviewOrg, name: EditorMessage, value?: string): string {
  const label = org.mapping.editorMessageLabels[name] ?? '';
  const text = org.labels[label];
  if (text === undefined) {
    throw new Error(`CardIntegrationEditorController.${name} reads System.Label.${label}, which the package lacks.`);
  }
  return value === undefined ? text : text.replace(/\{0\}/g, value);
}
