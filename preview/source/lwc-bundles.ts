/**
 * Finds the package's LWC bundles and what each needs from the platform: the Apex methods and custom labels it
 * imports, whether it is exposed as a tab, app page or record page (and for which objects), and the jest fixtures
 * kept beside it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface LwcBundle {
  /** Folder name, e.g. cardSetupAssistant; the module is c/<name>. */
  name: string;
  dir: string;
  entry: string;
  tagName: string;
  masterLabel?: string;
  exposed: boolean;
  targets: string[];
  /** The objects whose record pages may hold the bundle (its lightning__RecordPage targetConfig). */
  recordObjects: string[];
  apexMethods: string[];
  labels: string[];
}

export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      return entry === '__tests__' || entry === '__mocks__' ? [] : sourceFiles(full);
    }
    return /\.(js|html)$/.test(entry) ? [full] : [];
  });
}

function importsMatching(sources: string[], pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(pattern)) {
      if (match[1]) {
        found.add(match[1]);
      }
    }
  }
  return [...found].sort();
}

function recordObjectsOf(meta: string): string[] {
  const config = [...meta.matchAll(/<targetConfig\s+targets="([^"]*)"\s*>([\s\S]*?)<\/targetConfig>/g)].find((match) =>
    (match[1] ?? '').split(',').some((target) => target.trim() === 'lightning__RecordPage')
  );
  return [...(config?.[2] ?? '').matchAll(/<object>([^<]+)<\/object>/g)].map((match) => (match[1] ?? '').trim());
}

function readBundle(lwcDir: string, name: string): LwcBundle | undefined {
  const dir = path.join(lwcDir, name);
  const entry = path.join(dir, `${name}.js`);
  if (!existsSync(entry)) {
    return undefined;
  }
  const metaFile = `${entry}-meta.xml`;
  const meta = existsSync(metaFile) ? readFileSync(metaFile, 'utf8') : '';
  const sources = sourceFiles(dir).map((file) => readFileSync(file, 'utf8'));
  return {
    name,
    dir,
    entry,
    tagName: `c-${kebabCase(name)}`,
    masterLabel: /<masterLabel>([^<]*)<\/masterLabel>/.exec(meta)?.[1]?.trim(),
    exposed: /<isExposed>\s*true\s*<\/isExposed>/.test(meta),
    targets: [...meta.matchAll(/<target>([^<]+)<\/target>/g)].map((match) => (match[1] ?? '').trim()),
    recordObjects: recordObjectsOf(meta),
    apexMethods: importsMatching(sources, /['"]@salesforce\/apex\/([\w]+\.[\w]+)['"]/g),
    labels: importsMatching(sources, /['"]@salesforce\/label\/c\.([\w]+)['"]/g)
  };
}

/** Every bundle under an lwc folder, sorted by name. */
export function scanLwcBundles(lwcDir: string): LwcBundle[] {
  if (!existsSync(lwcDir)) {
    return [];
  }
  return readdirSync(lwcDir)
    .sort()
    .map((name) => readBundle(lwcDir, name))
    .filter((bundle): bundle is LwcBundle => bundle !== undefined);
}

/** The jest fixtures of every bundle (`<bundle>/__tests__/data/*.json`), by bundle then file name without .json. */
export function loadBundleFixtures(bundles: LwcBundle[]): Record<string, Record<string, unknown>> {
  const fixtures: Record<string, Record<string, unknown>> = {};
  for (const bundle of bundles) {
    const dataDir = path.join(bundle.dir, '__tests__', 'data');
    if (!existsSync(dataDir)) {
      continue;
    }
    for (const file of readdirSync(dataDir).filter((entry) => entry.endsWith('.json'))) {
      (fixtures[bundle.name] ??= {})[file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(path.join(dataDir, file), 'utf8')
      );
    }
  }
  return fixtures;
}
