/**
 * Reads constant lists and maps out of Apex source text, so the preview takes the package's default mapping
 * rows, source paths and use cases from the classes that own them instead of a second copy. A constant that is
 * missing or no longer has the expected shape throws an ApexConstantError that names the file and the constant:
 * a rename in Apex stops the preview (and its tests) loudly rather than letting it drift.
 */

export class ApexConstantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApexConstantError';
  }
}

// One Apex string literal: single quotes, backslash escapes.
const STRING_LITERAL = /'((?:\\.|[^'\\])*)'/g;

function unescapeApex(text: string): string {
  return text.replace(/\\(.)/g, (_match, escaped: string) => {
    switch (escaped) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        return escaped;
    }
  });
}

/** The source with comments blanked out (strings kept), so a quoted word in a comment is never read as data. */
export function withoutComments(source: string): string {
  let out = '';
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    const next = source[index + 1];
    if (char === "'") {
      const end = endOfString(source, index);
      out += source.slice(index, end);
      index = end;
    } else if (char === '/' && next === '/') {
      const end = source.indexOf('\n', index);
      index = end === -1 ? source.length : end;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      index = end === -1 ? source.length : end + 2;
      out += ' ';
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

function endOfString(source: string, start: number): number {
  let index = start + 1;
  while (index < source.length && source[index] !== "'") {
    index += source[index] === '\\' ? 2 : 1;
  }
  return Math.min(index + 1, source.length);
}

/** The text between the braces of `name = new <type>{ ... }`, with nested braces kept. */
function initializerOf(source: string, name: string, type: string, file: string): string {
  const code = withoutComments(source);
  const typePattern = type.replace(/\s+/g, '').split('').map(escapeRegExp).join('\\s*');
  const declaration = new RegExp(`\\b${escapeRegExp(name)}\\s*=\\s*new\\s+${typePattern}\\s*\\{`);
  const match = declaration.exec(code);
  if (!match) {
    throw new ApexConstantError(
      `${file} has no constant ${name} initialised as new ${type}{ ... }; the preview reads it from there. ` +
        'If it was renamed or reshaped, update preview/source/package-mapping.ts.'
    );
  }
  let depth = 1;
  let index = match.index + match[0].length;
  const start = index;
  while (index < code.length && depth > 0) {
    const char = code[index];
    if (char === "'") {
      index = endOfString(code, index);
      continue;
    }
    depth += char === '{' ? 1 : char === '}' ? -1 : 0;
    index += 1;
  }
  if (depth > 0) {
    throw new ApexConstantError(`${file}: the initialiser of ${name} never closes its braces.`);
  }
  return code.slice(start, index - 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function literals(text: string): string[] {
  return [...text.matchAll(STRING_LITERAL)].map((match) => unescapeApex(match[1] ?? ''));
}

function shapeError(file: string, name: string, expected: string, found: string): ApexConstantError {
  return new ApexConstantError(`${file}: ${name} should hold ${expected}, but has ${found.trim().slice(0, 80)}`);
}

function readStrings(source: string, name: string, type: string, file: string): string[] {
  const body = initializerOf(source, name, type, file);
  const rest = body.replace(STRING_LITERAL, '').replace(/[\s,]/g, '');
  if (rest) {
    throw shapeError(file, name, 'only quoted strings', rest);
  }
  const values = literals(body);
  if (values.length === 0) {
    throw shapeError(file, name, 'at least one quoted string', 'none');
  }
  return values;
}

/** `NAME = new List<String>{ 'a', 'b' }` → ['a', 'b']. */
export function readStringList(source: string, name: string, file: string): string[] {
  return readStrings(source, name, 'List<String>', file);
}

/** `NAME = new Set<String>{ 'a', 'b' }` → ['a', 'b']. */
export function readStringSet(source: string, name: string, file: string): string[] {
  return readStrings(source, name, 'Set<String>', file);
}

/** True when the source declares `NAME = new ...` outside comments. */
export function hasConstant(source: string, name: string): boolean {
  return new RegExp(`\\b${escapeRegExp(name)}\\s*=\\s*new\\b`).test(withoutComments(source));
}

/** `NAME = new List<List<String>>{ new List<String>{ 'a', 'B' }, ... }` → [['a', 'B'], ...]. */
export function readStringPairs(source: string, name: string, file: string): [string, string][] {
  const body = initializerOf(source, name, 'List<List<String>>', file);
  const pairs: [string, string][] = [];
  const element = /new\s+List\s*<\s*String\s*>\s*\{([^{}]*)\}/g;
  for (const match of body.matchAll(element)) {
    const values = literals(match[1] ?? '');
    if (values.length !== 2 || (match[1] ?? '').replace(STRING_LITERAL, '').replace(/[\s,]/g, '')) {
      throw shapeError(file, name, "pairs { 'source.path', 'TargetField' }", match[0]);
    }
    pairs.push([values[0] ?? '', values[1] ?? '']);
  }
  const rest = body.replace(element, '').replace(/[\s,]/g, '');
  if (rest || pairs.length === 0) {
    throw shapeError(file, name, "pairs { 'source.path', 'TargetField' }", rest || 'none');
  }
  return pairs;
}

/** `NAME = new Map<String, String>{ 'a' => 'b', ... }` → { a: 'b', ... }. */
export function readStringMap(source: string, name: string, file: string): Record<string, string> {
  const body = initializerOf(source, name, 'Map<String,String>', file);
  const entry = /'((?:\\.|[^'\\])*)'\s*=>\s*'((?:\\.|[^'\\])*)'/g;
  const map: Record<string, string> = {};
  for (const match of body.matchAll(entry)) {
    map[unescapeApex(match[1] ?? '')] = unescapeApex(match[2] ?? '');
  }
  const rest = body.replace(entry, '').replace(/[\s,]/g, '');
  if (rest || Object.keys(map).length === 0) {
    throw shapeError(file, name, "entries 'key' => 'value'", rest || 'none');
  }
  return map;
}

/**
 * `NAME = new Map<String, String>{ Class.CONSTANT => System.Label.Name, ... }` → the entries, keys as the constants
 * they name (resolved by the caller from their classes) and values as label names.
 */
export function readConstantLabelMap(
  source: string,
  name: string,
  file: string
): { className: string; constant: string; label: string }[] {
  const body = initializerOf(source, name, 'Map<String,String>', file);
  const entry = /(\w+)\.([A-Z][A-Z0-9_]*)\s*=>\s*System\.Label\.(\w+)/g;
  const entries = [...body.matchAll(entry)].map((match) => ({
    className: match[1] ?? '',
    constant: match[2] ?? '',
    label: match[3] ?? ''
  }));
  const rest = body.replace(entry, '').replace(/[\s,]/g, '');
  if (rest || entries.length === 0) {
    throw shapeError(file, name, 'entries Class.CONSTANT => System.Label.Name', rest || 'none');
  }
  return entries;
}

/** `Integer NAME = 200;` → 200. */
export function readIntegerConstant(source: string, name: string, file: string): number {
  const match = new RegExp(`\\bInteger\\s+${escapeRegExp(name)}\\s*=\\s*(-?\\d+)\\s*;`).exec(withoutComments(source));
  if (!match?.[1]) {
    throw new ApexConstantError(`${file} has no constant Integer ${name} = <number>; the preview reads it from there.`);
  }
  return Number(match[1]);
}

/** `String NAME = 'text';` → 'text'. */
export function readStringConstant(source: string, name: string, file: string): string {
  const match = new RegExp(`\\bString\\s+${escapeRegExp(name)}\\s*=\\s*'((?:\\\\.|[^'\\\\])*)'\\s*;`).exec(
    withoutComments(source)
  );
  if (match?.[1] === undefined) {
    throw new ApexConstantError(`${file} has no constant String ${name} = '<text>'; the preview reads it from there.`);
  }
  return unescapeApex(match[1]);
}

/** `NAME = System.Label.CardSomething;` → 'CardSomething' (the custom label a constant reads). */
export function readLabelConstant(source: string, name: string, file: string): string {
  const match = new RegExp(`\\b${escapeRegExp(name)}\\s*=\\s*System\\.Label\\.(\\w+)\\s*;`).exec(
    withoutComments(source)
  );
  if (!match?.[1]) {
    throw new ApexConstantError(
      `${file} has no constant ${name} = System.Label.<Name>; the preview takes that message's label from it.`
    );
  }
  return match[1];
}

/** The quoted labels of `when 'A' { ... }` branches, e.g. the transforms CardValueTransform.apply knows. */
export function readSwitchLabels(source: string, file: string): string[] {
  const labels = [...withoutComments(source).matchAll(/\bwhen\s+'((?:\\.|[^'\\])*)'/g)].map((match) =>
    unescapeApex(match[1] ?? '')
  );
  if (labels.length === 0) {
    throw new ApexConstantError(`${file} has no when '<value>' branches; the preview expected a switch on strings.`);
  }
  return labels;
}
