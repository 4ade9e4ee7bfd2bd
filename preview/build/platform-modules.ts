/**
 * Rollup plugin that provides the platform modules the bundles import (`@salesforce/apex/*`,
 * `@salesforce/label/*`, `@salesforce/schema/*`, `@salesforce/user/*`, `lightning/platformShowToastEvent`, ...)
 * from the preview's shims, plus the generated modules the shell reads (label table, tab list).
 */
import path from 'node:path';
import type { Plugin } from 'rollup';
import type { LabelTable } from '../source/custom-labels';
import type { PreviewTab } from './preview-tabs';

const SHIMS = path.resolve(__dirname, '..', 'client', 'shims');
const shim = (file: string): string => JSON.stringify(path.join(SHIMS, file).split(path.sep).join('/'));

/** Modules replaced by a shim file for everyone, base components included. */
const SHIM_FILES: Record<string, string> = {
  'lightning/platformShowToastEvent': 'platform-show-toast-event.js',
  'lightning/navigation': 'navigation.js',
  'lightning/confirm': 'confirm.js',
  'lightning/alert': 'alert.js',
  '@salesforce/user/Id': 'user-id.js'
};

const VIRTUAL = '\0preview-platform:';

export interface PlatformModulesOptions {
  labels: LabelTable;
  tabs: PreviewTab[];
}

function virtualSource(id: string, options: PlatformModulesOptions): string | undefined {
  if (id === 'preview:label-table') {
    return `export default ${JSON.stringify(options.labels)};`;
  }
  if (id === 'preview:tabs') {
    const imports = options.tabs.map((tab, index) => `import Tab${index} from 'c/${tab.bundle}';`);
    const entries = options.tabs.map(
      (tab, index) =>
        `{ bundle: ${JSON.stringify(tab.bundle)}, tagName: ${JSON.stringify(tab.tagName)}, label: ${JSON.stringify(tab.label)}, returnTo: ${JSON.stringify(tab.returnTo ?? null)}, tabNames: ${JSON.stringify(tab.tabNames)}, recordObjects: ${JSON.stringify(tab.recordObjects ?? null)}, component: Tab${index} }`
    );
    return `${imports.join('\n')}\nexport default [${entries.join(', ')}];`;
  }
  if (id === '@salesforce/apex') {
    return `export { refreshApex, getSObjectValue } from ${shim('apex.js')};`;
  }
  const apex = /^@salesforce\/apex\/(\w+)\.(\w+)$/.exec(id);
  if (apex) {
    return `import { apexMethod } from ${shim('apex.js')};\nexport default apexMethod(${JSON.stringify(apex[1])}, ${JSON.stringify(apex[2])});`;
  }
  const label = /^@salesforce\/label\/c\.(\w+)$/.exec(id);
  if (label) {
    return `import { label } from ${shim('label-store.js')};\nexport default label(${JSON.stringify(label[1])});`;
  }
  const schema = /^@salesforce\/schema\/(\w+)(?:\.([\w.]+))?$/.exec(id);
  if (schema) {
    const value = schema[2] ? { objectApiName: schema[1], fieldApiName: schema[2] } : { objectApiName: schema[1] };
    return `export default ${JSON.stringify(value)};`;
  }
  if (id === '@salesforce/i18n/timeZone') {
    // The user's time zone is the browser's here: the base components (lightning-datatable's dates) use it too.
    return 'export default Intl.DateTimeFormat().resolvedOptions().timeZone;';
  }
  if (id === '@salesforce/i18n/lang' || id === '@salesforce/i18n/locale') {
    return `import { LANGUAGE } from ${shim('label-store.js')};\nexport default LANGUAGE === 'en' ? 'en-US' : LANGUAGE;`;
  }
  return undefined;
}

export function platformModules(options: PlatformModulesOptions): Plugin {
  return {
    name: 'cardbridge-preview-platform',
    resolveId(importee) {
      const file = SHIM_FILES[importee];
      if (file) {
        return path.join(SHIMS, file);
      }
      return virtualSource(importee, options) === undefined ? null : `${VIRTUAL}${importee}`;
    },
    load(id) {
      return id.startsWith(VIRTUAL) ? virtualSource(id.slice(VIRTUAL.length), options) : null;
    }
  };
}
