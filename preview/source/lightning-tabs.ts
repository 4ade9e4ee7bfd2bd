/**
 * Which Lightning tabs of the package show which LWC bundle: a tab opens a Lightning page (tabs/*.tab-meta.xml
 * `<flexiPage>`) whose regions hold the bundle (flexipages/*.flexipage-meta.xml `<componentName>`), or the
 * bundle itself (`<lwcComponent>`). The preview's navigation uses it to follow a standard__navItemPage reference
 * (such as the integrations list's way to the exchange log) to the screen that tab shows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TAB_SUFFIX = '.tab-meta.xml';

function tagValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`, 'g'))].map((match) => match[1] ?? '');
}

function files(dir: string, suffix: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(suffix)) : [];
}

/** @returns per bundle name, the API names (without namespace) of the tabs that show it */
export function loadLightningTabs(packageDir: string): Record<string, string[]> {
  const byBundle: Record<string, string[]> = {};
  const add = (bundle: string, tab: string) => {
    // A flexipage may name a packaged component as <namespace>:<name>.
    const name = bundle.replace(/^\w+:/, '');
    byBundle[name] = [...(byBundle[name] ?? []), tab];
  };
  for (const file of files(path.join(packageDir, 'tabs'), TAB_SUFFIX)) {
    const tab = file.slice(0, -TAB_SUFFIX.length);
    const xml = readFileSync(path.join(packageDir, 'tabs', file), 'utf8');
    tagValues(xml, 'lwcComponent').forEach((bundle) => add(bundle, tab));
    for (const page of tagValues(xml, 'flexiPage')) {
      const pageFile = path.join(packageDir, 'flexipages', `${page}.flexipage-meta.xml`);
      if (existsSync(pageFile)) {
        tagValues(readFileSync(pageFile, 'utf8'), 'componentName').forEach((bundle) => add(bundle, tab));
      }
    }
  }
  return byBundle;
}
