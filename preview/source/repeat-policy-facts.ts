/**
 * What a blank repeat policy means, taken from CardRepeatPolicy.of's source text at start: the policy names
 * (UPDATE_RECORD, KEEP, ACTIVITY), and the rule `Boolean <flag> = integration.UseCase__c == <Class>.<CONSTANT> || ...;
 * return <flag> ? <A> : <B>;`, with each use case constant read from its own class. The preview answers
 * getDefaultRepeatPolicy and applies an integration's policy with it, so that it follows the class instead of a copy;
 * a reshaped method stops the start naming the file and what changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApexConstantError, readStringConstant, withoutComments } from './apex-constants';

export interface RepeatPolicyRule {
  update: string;
  keep: string;
  activity: string;
  /** The use cases whose blank policy is `whenMatching`; every other use case's is `otherwise`. */
  matchingUseCases: string[];
  whenMatching: string;
  otherwise: string;
}

/** The source of an Apex class, by name. */
export type ReadApexClass = (className: string) => string;

const FILE = 'CardRepeatPolicy.cls';

function reshaped(what: string): ApexConstantError {
  return new ApexConstantError(
    `${FILE}: CardRepeatPolicy.of no longer ${what}; the preview's repeat policy follows it ` +
      '(update preview/source/repeat-policy-facts.ts).'
  );
}

/** The body of `String of(CardIntegration__c <param>) { ... }`, braces balanced, and the parameter's name. */
function ofMethod(code: string): { param: string; body: string } {
  const start = /\bString\s+of\s*\(\s*CardIntegration__c\s+(\w+)\s*\)\s*\{/.exec(code);
  if (!start?.[1]) {
    throw reshaped('is declared as String of(CardIntegration__c integration) { ... }');
  }
  let depth = 1;
  let index = start.index + start[0].length;
  const from = index;
  while (index < code.length && depth > 0) {
    depth += code[index] === '{' ? 1 : code[index] === '}' ? -1 : 0;
    index += 1;
  }
  return { param: start[1], body: code.slice(from, index - 1) };
}

export function parseRepeatPolicyRule(read: ReadApexClass): RepeatPolicyRule {
  const source = read('CardRepeatPolicy');
  const code = withoutComments(source);
  const constants: Record<string, string> = {
    UPDATE_RECORD: readStringConstant(source, 'UPDATE_RECORD', FILE),
    KEEP: readStringConstant(source, 'KEEP', FILE),
    ACTIVITY: readStringConstant(source, 'ACTIVITY', FILE)
  };
  const { param, body } = ofMethod(code);
  const own = new RegExp(
    `if\\s*\\(\\s*String\\.isNotBlank\\(\\s*${param}\\.RepeatPolicy__c\\s*\\)\\s*\\)\\s*\\{\\s*return\\s+${param}\\.RepeatPolicy__c\\s*;\\s*\\}`
  );
  if (!own.test(body)) {
    throw reshaped("returns the integration's own RepeatPolicy__c first when it is not blank");
  }
  const flag = /\bBoolean\s+(\w+)\s*=([^;]+);/.exec(body);
  if (!flag?.[1] || !flag[2]) {
    throw reshaped('decides with Boolean <flag> = integration.UseCase__c == <Class>.<CONSTANT> || ...;');
  }
  const term = new RegExp(`^${param}\\.UseCase__c\\s*==\\s*(\\w+)\\.([A-Z][A-Z0-9_]*)$`);
  const matchingUseCases = flag[2].split('||').map((part) => {
    const found = term.exec(part.trim());
    if (!found?.[1] || !found[2]) {
      throw reshaped(`compares only ${param}.UseCase__c == <Class>.<CONSTANT> (found ${part.trim().slice(0, 80)})`);
    }
    return readStringConstant(read(found[1]), found[2], `${found[1]}.cls`);
  });
  const choice = new RegExp(`\\breturn\\s+${flag[1]}\\s*\\?\\s*([A-Z][A-Z0-9_]*)\\s*:\\s*([A-Z][A-Z0-9_]*)\\s*;`).exec(
    body
  );
  const whenMatching = constants[choice?.[1] ?? ''];
  const otherwise = constants[choice?.[2] ?? ''];
  if (!whenMatching || !otherwise) {
    throw reshaped(`returns ${flag[1]} ? <UPDATE_RECORD|KEEP|ACTIVITY> : <UPDATE_RECORD|KEEP|ACTIVITY>`);
  }
  return {
    update: constants.UPDATE_RECORD ?? '',
    keep: constants.KEEP ?? '',
    activity: constants.ACTIVITY ?? '',
    matchingUseCases,
    whenMatching,
    otherwise
  };
}

/** CardRepeatPolicy.of for an integration without a policy of its own (getDefaultRepeatPolicy). */
export function defaultRepeatPolicy(rule: RepeatPolicyRule, useCase: string | null | undefined): string {
  return useCase && rule.matchingUseCases.includes(useCase) ? rule.whenMatching : rule.otherwise;
}

/** CardRepeatPolicy.of: the integration's own policy, else its use case's default. */
export function repeatPolicyOf(
  rule: RepeatPolicyRule,
  integration: { useCase?: string | null; repeatPolicy?: string | null }
): string {
  return integration.repeatPolicy?.trim() ? integration.repeatPolicy : defaultRepeatPolicy(rule, integration.useCase);
}

/** Reads the classes from a package directory such as force-app/main/default. */
export function loadRepeatPolicyRule(packageDir: string): RepeatPolicyRule {
  return parseRepeatPolicyRule((className) => {
    const file = path.join(packageDir, 'classes', `${className}.cls`);
    if (!existsSync(file)) {
      throw new ApexConstantError(`${file} is missing; the preview reads what a blank repeat policy means from it.`);
    }
    return readFileSync(file, 'utf8');
  });
}
