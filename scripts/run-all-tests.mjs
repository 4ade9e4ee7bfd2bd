#!/usr/bin/env node
// `npm test`: every check and every suite, one after another, then one summary.
// Gates (type check, lint, format, Apex static checks, metadata conversion, platform
// facts) count as one check each; jest suites count their tests, skipped ones too,
// and the suites that did not run are named with the reason. The last line is
// `N passed, N failed, N skipped` and the exit code is non-zero when anything failed
// (with CARDBRIDGE_REQUIRE_BROWSER=1, as .ci/run sets it, a browser suite that skipped
// counts as failed; CARDBRIDGE_REQUIRE_PROMTOOL=1 does the same for the alert rules' promtool suite).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_MARKER, startTicks, strayProcessesAfter } from './stray-processes.mjs';
import { suitesNotRun, summarize } from './test-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(path.join(tmpdir(), 'cardbridge-test-'));
const only = process.argv.slice(2);
// Every step inherits the marker, so what a step leaves running is found at the end (no stray processes).
const testRun = { marker: randomUUID(), root, since: startTicks(process.pid) ?? 0 };
process.env[RUN_MARKER] = testRun.marker;
// The pinned sf CLI spawns a detached `sf update --autoupdate` unless told not to (oclif's scoped variable).
process.env.SF_DISABLE_AUTOUPDATE = 'true';

/** name, command, args; jest: true when the step reports per-test counts. */
const steps = [
  { name: 'typecheck (tsc --noEmit)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'eslint', cmd: bin('eslint'), args: ['.'] },
  { name: 'prettier --check', cmd: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  { name: 'check:apex', cmd: process.execPath, args: ['scripts/check-apex.mjs'] },
  { name: 'check:metadata', cmd: process.execPath, args: ['scripts/check-metadata.mjs'] },
  { name: 'check:platform', cmd: process.execPath, args: ['scripts/check-platform-facts.mjs'] },
  { name: 'gates', jest: true, cmd: bin('jest'), args: ['--config', 'jest.gates.config.js'] },
  { name: 'relay', jest: true, cmd: bin('jest'), args: ['--config', 'jest.relay.config.js', '--runInBand'] },
  {
    name: 'chaos',
    jest: true,
    cmd: bin('jest'),
    args: ['--config', 'jest.chaos.config.js', '--runInBand', '--forceExit']
  },
  { name: 'lwc', jest: true, cmd: bin('sfdx-lwc-jest'), args: ['--', '--passWithNoTests'] },
  {
    name: 'e2e (browser)',
    jest: true,
    cmd: bin('jest'),
    args: ['--config', 'jest.e2e.config.js', '--runInBand', '--forceExit']
  }
];

const results = [];
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n=== ${step.name} ===`);
  const args = [...step.args];
  const report = path.join(work, `${step.name.replace(/\W+/g, '-')}.json`);
  if (step.jest) args.push('--json', `--outputFile=${report}`);
  const started = Date.now();
  const run = spawnSync(step.cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.jest && existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const failed = json.numFailedTests + json.numRuntimeErrorTestSuites;
    results.push({
      name: step.name,
      passed: json.numPassedTests,
      failed: failed || (run.status === 0 ? 0 : 1),
      skipped: json.numPendingTests + json.numTodoTests,
      notRun: suitesNotRun(json, root),
      seconds
    });
  } else {
    results.push({
      name: step.name,
      passed: run.status === 0 ? 1 : 0,
      failed: run.status === 0 ? 0 : 1,
      skipped: 0,
      notRun: [],
      seconds
    });
  }
}

rmSync(work, { recursive: true, force: true });

// Nothing the run started may outlive it: such a process is named, stopped, and fails the run.
const strays = await strayProcessesAfter(testRun);
if (strays === null) {
  console.log('\nno stray processes: not checked (no /proc on this machine)');
} else {
  for (const stray of strays) {
    console.error(`stray process left running: ${stray.pid} ${stray.command}`);
    try {
      process.kill(stray.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  results.push({
    name: 'no stray processes',
    passed: strays.length === 0 ? 1 : 0,
    failed: strays.length === 0 ? 0 : 1,
    skipped: 0,
    notRun: [],
    seconds: '0.0'
  });
}

const summary = summarize(results, {
  requireBrowser: process.env.CARDBRIDGE_REQUIRE_BROWSER === '1',
  requirePromtool: process.env.CARDBRIDGE_REQUIRE_PROMTOOL === '1'
});
console.log('\n=== summary ===');
console.log(summary.lines.join('\n'));
process.exit(summary.failed ? 1 : 0);
