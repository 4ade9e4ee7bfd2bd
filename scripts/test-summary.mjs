// The closing summary of `npm test` (scripts/run-all-tests.mjs): per step its passed, failed and skipped
// counts, the suites that did not run with their reason, and the last line `N passed, N failed, N skipped`.
import path from 'node:path';

/**
 * The suites of a jest --json report whose every test was skipped, each with the reason its title gives
 * (`describe.skip('name (skipped: reason)')`, as the browser suites do without Chromium).
 * @param {object} json jest's --json report
 * @param {string} root the directory file names are shown relative to
 */
export function suitesNotRun(json, root) {
  const out = [];
  for (const file of json.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (!tests.length || tests.some((t) => t.status !== 'pending' && t.status !== 'todo')) continue;
    const titles = tests.flatMap((t) => t.ancestorTitles ?? []);
    const reason = titles.map((t) => /\(skipped: (.*)\)$/.exec(t)?.[1]).find(Boolean) ?? 'skipped';
    out.push({ file: path.relative(root, file.name), tests: tests.length, reason });
  }
  return out;
}

/**
 * @param {{name: string, passed: number, failed: number, skipped: number, notRun: object[], seconds: string}[]} results
 * @param {{requireBrowser?: boolean, requirePromtool?: boolean}} options requireBrowser: a suite skipped for want
 *   of Chromium fails the run; requirePromtool: likewise for promtool (the alert rules' tests)
 * @returns {{lines: string[], passed: number, failed: number, skipped: number}}
 */
export function summarize(results, options = {}) {
  const lines = results.map(
    (r) =>
      `${r.failed ? 'FAIL' : 'ok  '} ${r.name.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped  ${r.seconds}s`
  );
  const notRun = results.flatMap((r) => r.notRun);
  for (const suite of notRun) lines.push(`did not run: ${suite.file} (${suite.tests} tests): ${suite.reason}`);
  let required = 0;
  const tools = [
    { required: options.requireBrowser, name: 'Chromium', reason: /chromium/i },
    { required: options.requirePromtool, name: 'promtool', reason: /promtool/i }
  ];
  for (const tool of tools.filter((t) => t.required)) {
    for (const suite of notRun.filter((s) => tool.reason.test(s.reason))) {
      lines.push(`FAIL ${suite.file}: skipped although ${tool.name} was installed for it`);
      required += suite.tests;
    }
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0) + required;
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { lines, passed, failed, skipped };
}
