#!/usr/bin/env node
// The metadata gate: every *-meta.xml is well-formed XML, every Apex class and
// trigger has its meta file, every label is translated, and the pinned sf CLI
// converts the package source
// (`sf project convert source`) without error. Runs offline.
//
// Usage: node scripts/check-metadata.mjs [--project <sfdx project dir>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectArg = process.argv.indexOf('--project');
const project = projectArg > 0 ? path.resolve(process.argv[projectArg + 1]) : repoRoot;

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '__tests__' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const sfdx = JSON.parse(readFileSync(path.join(project, 'sfdx-project.json'), 'utf8'));
const problems = [];
for (const pkg of sfdx.packageDirectories) {
  const dir = path.join(project, pkg.path);
  if (!existsSync(dir)) continue;
  for (const file of walk(dir)) {
    const rel = path.relative(process.cwd(), file);
    if (file.endsWith('.xml')) {
      const verdict = XMLValidator.validate(readFileSync(file, 'utf8'));
      if (verdict !== true) problems.push(`${rel}:${verdict.err.line}: [xml] ${verdict.err.msg}`);
    }
    if (/\.(cls|trigger)$/.test(file) && !existsSync(`${file}-meta.xml`)) {
      problems.push(`${rel}:1: [metadata] missing ${path.basename(file)}-meta.xml`);
    }
  }
}

// Translations: every label has a value in every translation (that the labels the code names exist is the
// platform-facts gate's labels-exist rule).
for (const pkg of sfdx.packageDirectories) {
  const dir = path.join(project, pkg.path);
  if (!existsSync(dir)) continue;
  const files = walk(dir);
  const labelFiles = files.filter((f) => f.endsWith('.labels-meta.xml'));
  const defined = new Set(
    labelFiles.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<fullName>(\w+)<\/fullName>/g)].map((m) => m[1]))
  );
  for (const file of files.filter((f) => f.endsWith('.translation-meta.xml'))) {
    const translated = new Set(
      [...readFileSync(file, 'utf8').matchAll(/<customLabels>[\s\S]*?<name>(\w+)<\/name>/g)].map((m) => m[1])
    );
    const missing = [...defined].filter((name) => !translated.has(name)).sort();
    if (missing.length) {
      problems.push(`${path.relative(process.cwd(), file)}:1: [labels] no translation for ${missing.join(', ')}`);
    }
  }
}

const out = mkdtempSync(path.join(tmpdir(), 'cardbridge-convert-'));
const sf = path.join(repoRoot, 'node_modules', '.bin', 'sf');
const env = {
  ...process.env,
  PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
  SF_DISABLE_TELEMETRY: 'true',
  // oclif's scoped variable (what @oclif/plugin-update reads) and the name Salesforce documents
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_HIDE_RELEASE_NOTES: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true'
};
const roots = sfdx.packageDirectories.map((p) => p.path).filter((p) => existsSync(path.join(project, p)));
const convert = spawnSync(
  sf,
  [
    'project',
    'convert',
    'source',
    ...roots.flatMap((r) => ['--root-dir', r]),
    '--output-dir',
    path.join(out, 'mdapi'),
    '--json'
  ],
  { cwd: project, env, encoding: 'utf8' }
);
rmSync(out, { recursive: true, force: true });
if (convert.status !== 0) {
  let message = (convert.stderr || convert.stdout).trim();
  try {
    const json = JSON.parse(convert.stdout.slice(convert.stdout.indexOf('{')));
    message = json.message;
  } catch {
    // not JSON: keep the raw text
  }
  problems.push(`[sf project convert source] ${message}`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check:metadata: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check:metadata: ok (sf project convert source succeeded for ${roots.join(', ')})`);
