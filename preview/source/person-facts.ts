/**
 * What the preview takes from the Apex about people at start: how CardConsentPlan.of turns an exchange's consent into
 * an Email consent (the paths it reads, the values it writes, how it words and cuts the capture source), and how many
 * exchanges CardPersonExchangesController shows on a person's page. Read from the source text, so that the preview's
 * consent and person page follow the class instead of a copy; a reshaped line stops the start with what changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApexConstantError, readIntegerConstant, readStringConstant, withoutComments } from './apex-constants';

export interface ConsentFacts {
  /** CardConsentPlan's objectName, contactPointType and captureContactPointType (ContactPointTypeConsent, Email, Web). */
  objectName: string;
  contactPointType: string;
  captureContactPointType: string;
  /** The source path whose value says when consent was captured; no value, no consent. */
  capturedAtPath: string;
  /** The source path that opts in when true (OptIn), out otherwise (OptOut). */
  marketingPath: string;
  optIn: string;
  optOut: string;
  /** The capture source: this label, the non-blank values of these paths, then the quoted text, joined. */
  sourceLabel: string;
  sourcePaths: string[];
  textPath: string;
  textQuotes: [string, string];
  separator: string;
  sourceLength: number;
  /** The label of the warning when the capture source was cut. */
  cutLabel: string;
}

export interface PersonFacts {
  consent: ConsentFacts;
  /** CardPersonExchangesController.MAX_ROWS: the most exchanges a person's page lists. */
  maxExchanges: number;
}

/** The source of an Apex class, by name. */
export type ReadApexClass = (className: string) => string;

const FILE = 'CardConsentPlan.cls';

function match(code: string, pattern: RegExp, what: string): RegExpExecArray {
  const found = pattern.exec(code);
  if (!found) {
    throw new ApexConstantError(
      `${FILE} no longer ${what}; the preview's consent follows it (update preview/source/person-facts.ts).`
    );
  }
  return found;
}

const group = (found: RegExpExecArray, index: number): string => found[index] ?? '';

export function parseConsentFacts(source: string): ConsentFacts {
  const code = withoutComments(source);
  const constant = (name: string) => readStringConstant(source, name, FILE);
  // `public String objectName = CONSENT_OBJECT;`: the field's value is the constant it starts with.
  const field = (name: string) =>
    constant(
      group(match(code, new RegExp(`\\bString\\s+${name}\\s*=\\s*([A-Z][A-Z0-9_]*)\\s*;`), `initialises ${name}`), 1)
    );
  const status = match(
    code,
    /\bstatus\s*=\s*source\.get\('([^']+)'\)\s*==\s*true\s*\?\s*([A-Z][A-Z0-9_]*)\s*:\s*([A-Z][A-Z0-9_]*)\s*;/,
    "sets status = source.get('<path>') == true ? <IN> : <OUT>"
  );
  const quotes = match(
    code,
    /\bparts\.add\(\s*'([^']*)'\s*\+\s*text\s*\+\s*'([^']*)'\s*\)/,
    "quotes the consent text as parts.add('<open>' + text + '<close>')"
  );
  const paths = group(
    match(
      code,
      /\bfor\s*\(\s*String\s+\w+\s*:\s*new\s+List\s*<\s*String\s*>\s*\{([^}]*)\}\s*\)/,
      "adds the capture source's values from for (String path : new List<String>{ ... })"
    ),
    1
  );
  return {
    objectName: field('objectName'),
    contactPointType: field('contactPointType'),
    captureContactPointType: field('captureContactPointType'),
    capturedAtPath: group(
      match(code, /\bcapturedAt\s*=\s*\(Datetime\)\s*source\.get\('([^']+)'\)/, 'reads capturedAt from a source path'),
      1
    ),
    marketingPath: group(status, 1),
    optIn: constant(group(status, 2)),
    optOut: constant(group(status, 3)),
    sourceLabel: group(
      match(
        code,
        /\bparts\s*=\s*new\s+List\s*<\s*String\s*>\s*\{\s*System\.Label\.(\w+)\s*\}/,
        'starts the capture source with a System.Label'
      ),
      1
    ),
    sourcePaths: [...paths.matchAll(/'([^']+)'/g)].map((found) => group(found, 1)),
    textPath: group(
      match(code, /\bString\s+text\s*=\s*\(String\)\s*source\.get\('([^']+)'\)/, 'reads the consent text'),
      1
    ),
    textQuotes: [group(quotes, 1), group(quotes, 2)],
    separator: group(
      match(code, /\bString\.join\(\s*parts\s*,\s*'([^']*)'\s*\)/, "joins the parts with String.join(parts, '<sep>')"),
      1
    ),
    sourceLength: readIntegerConstant(
      source,
      group(match(code, /\bcaptureSource\s*=\s*whole\.left\(([A-Z][A-Z0-9_]*)\)/, 'cuts the source with left(<N>)'), 1),
      FILE
    ),
    cutLabel: group(
      match(code, /\bwarning\s*=\s*System\.Label\.(\w+)\s*;/, 'warns with a System.Label when it cuts'),
      1
    )
  };
}

export function parsePersonFacts(read: ReadApexClass): PersonFacts {
  return {
    consent: parseConsentFacts(read('CardConsentPlan')),
    maxExchanges: readIntegerConstant(
      read('CardPersonExchangesController'),
      'MAX_ROWS',
      'CardPersonExchangesController.cls'
    )
  };
}

/** Reads the classes from a package directory such as force-app/main/default. */
export function loadPersonFacts(packageDir: string): PersonFacts {
  return parsePersonFacts((className) => {
    const file = path.join(packageDir, 'classes', `${className}.cls`);
    if (!existsSync(file)) {
      throw new ApexConstantError(`${file} is missing; the preview reads its consent and person facts from it.`);
    }
    return readFileSync(file, 'utf8');
  });
}
