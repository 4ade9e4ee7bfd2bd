/**
 * Which bundles the preview app shows as tabs, in the order of the "Card Exchange" app: the four admin screens
 * first, then any other bundle exposed as a tab or app page, then those only record pages hold, each framed in a
 * record page of the objects it names (client/shell/record-page.js).
 */
import type { LwcBundle } from '../source/lwc-bundles';

export interface PreviewTab {
  bundle: string;
  tagName: string;
  label: string;
  /** The tab to go back to when the screen fires `saved` or `cancel` (the editor lives inside the list in the app). */
  returnTo?: string;
  /** The package's Lightning tabs that show this bundle (API names without namespace), for navItemPage references. */
  tabNames: string[];
  /** For a bundle placed on record pages only: the objects whose record page the preview frames it in. */
  recordObjects?: string[];
}

const RETURN_TO: Record<string, string> = { cardIntegrationEditor: 'cardIntegrationList' };

const APP_SCREENS: Record<string, string> = {
  cardSetupAssistant: 'Setup Assistant',
  cardIntegrationList: 'Integrations',
  cardIntegrationEditor: 'Integration Editor',
  cardExchangeLog: 'Exchange Log'
};
const PAGE_TARGETS = ['lightning__Tab', 'lightning__AppPage'];
const RECORD_PAGE = 'lightning__RecordPage';

// A bundle only record pages hold (cardPersonExchanges) is shown on a record page of the objects it names.
const isRecordPageOnly = (bundle: LwcBundle): boolean =>
  !bundle.targets.some((target) => PAGE_TARGETS.includes(target)) &&
  bundle.targets.includes(RECORD_PAGE) &&
  bundle.recordObjects.length > 0;

export function previewTabs(bundles: LwcBundle[], lightningTabs: Record<string, string[]> = {}): PreviewTab[] {
  const known = Object.keys(APP_SCREENS)
    .map((name) => bundles.find((bundle) => bundle.name === name))
    .filter((bundle): bundle is LwcBundle => bundle !== undefined);
  const others = bundles.filter(
    (bundle) =>
      !(bundle.name in APP_SCREENS) &&
      bundle.exposed &&
      (bundle.targets.some((target) => PAGE_TARGETS.includes(target)) || isRecordPageOnly(bundle))
  );
  return [...known, ...others].map((bundle) => ({
    bundle: bundle.name,
    tagName: bundle.tagName,
    label:
      APP_SCREENS[bundle.name] ??
      (isRecordPageOnly(bundle)
        ? `${bundle.recordObjects.join(' / ')} page`
        : (bundle.masterLabel ?? bundle.name).replace(/^Card Exchange /, '')),
    ...(isRecordPageOnly(bundle) ? { recordObjects: bundle.recordObjects } : {}),
    returnTo: bundles.some((candidate) => candidate.name === RETURN_TO[bundle.name])
      ? RETURN_TO[bundle.name]
      : undefined,
    tabNames: lightningTabs[bundle.name] ?? []
  }));
}
