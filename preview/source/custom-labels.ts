/**
 * Reads the package's custom labels (CustomLabels.labels-meta.xml) and their translations
 * (translations/<lang>.translation-meta.xml) into one table the preview's label shim serves from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LabelTable {
  defaultLanguage: string;
  languages: string[];
  master: Record<string, string>;
  translations: Record<string, Record<string, string>>;
}

function unescapeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1] ?? '');
}

function firstText(xml: string, tag: string): string | undefined {
  const [inner] = elements(xml, tag);
  return inner === undefined ? undefined : unescapeXml(inner);
}

/** Master labels by name, from CustomLabels.labels-meta.xml text. */
export function parseCustomLabels(xml: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const block of elements(xml, 'labels')) {
    const name = firstText(block, 'fullName');
    const value = firstText(block, 'value');
    if (name && value !== undefined) {
      labels[name] = value;
    }
  }
  return labels;
}

/** Translated labels by name, from a <lang>.translation-meta.xml text. */
export function parseLabelTranslations(xml: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const block of elements(xml, 'customLabels')) {
    const name = firstText(block, 'name');
    const value = firstText(block, 'label');
    if (name && value !== undefined) {
      labels[name] = value;
    }
  }
  return labels;
}

/** Salesforce language codes (fr, de, pt_BR) as the preview's `?lang=` values. */
function languageOf(fileName: string): string {
  return fileName.replace(/\.translation-meta\.xml$/, '');
}

/** The label table of a package directory such as force-app/main/default; empty parts when files are absent. */
export function loadLabelTable(packageDir: string): LabelTable {
  const labelsFile = path.join(packageDir, 'labels', 'CustomLabels.labels-meta.xml');
  const master = existsSync(labelsFile) ? parseCustomLabels(readFileSync(labelsFile, 'utf8')) : {};
  const translationsDir = path.join(packageDir, 'translations');
  const translations: Record<string, Record<string, string>> = {};
  if (existsSync(translationsDir)) {
    for (const file of readdirSync(translationsDir).filter((name) => name.endsWith('.translation-meta.xml'))) {
      translations[languageOf(file)] = parseLabelTranslations(readFileSync(path.join(translationsDir, file), 'utf8'));
    }
  }
  return { defaultLanguage: 'en', languages: ['en', ...Object.keys(translations).sort()], master, translations };
}
