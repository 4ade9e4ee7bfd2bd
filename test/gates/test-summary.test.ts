/**
 * `npm test`'s closing summary counts skipped tests and names the suites that did not run; where .ci/run
 * installed Chromium, a browser suite that skipped anyway fails the run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

interface Summary {
  lines: string[];
  passed: number;
  failed: number;
  skipped: number;
}

function summarizeWith(report: unknown, requireBrowser: boolean, requirePromtool = false): Summary {
  const script = `
    import { suitesNotRun, summarize } from './scripts/test-summary.mjs';
    const report = JSON.parse(process.env.REPORT);
    const results = [
      { name: 'gates', passed: 1, failed: 0, skipped: 0, notRun: [], seconds: '1.0' },
      {
        name: 'e2e (browser)',
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests,
        notRun: suitesNotRun(report, process.cwd()),
        seconds: '2.0'
      }
    ];
    console.log(JSON.stringify(summarize(results, {
      requireBrowser: process.env.REQUIRE === '1',
      requirePromtool: process.env.REQUIRE_PROMTOOL === '1'
    })));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      REPORT: JSON.stringify(report),
      REQUIRE: requireBrowser ? '1' : '0',
      REQUIRE_PROMTOOL: requirePromtool ? '1' : '0'
    }
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Summary;
}

const pending = (title: string) => ({ status: 'pending', ancestorTitles: [title], title: 'a test' });
const report = {
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 2,
  testResults: [
    {
      name: path.join(root, 'test/e2e/preview/backend.test.ts'),
      assertionResults: [{ status: 'passed', ancestorTitles: ['backend'] }]
    },
    {
      name: path.join(root, 'test/e2e/preview/editor.test.ts'),
      assertionResults: [
        pending('editor in Chromium (skipped: no Chromium at /usr/bin/chromium (apt-get install chromium))'),
        pending('editor in Chromium (skipped: no Chromium at /usr/bin/chromium (apt-get install chromium))')
      ]
    }
  ]
};

describe('the test summary', () => {
  it('ends with the passed, failed and skipped counts', () => {
    const summary = summarizeWith(report, false);
    expect(summary.lines[summary.lines.length - 1]).toBe('4 passed, 0 failed, 2 skipped');
  });

  it('names each suite that did not run, with its test count and reason', () => {
    const summary = summarizeWith(report, false);
    expect(summary.lines).toContain(
      'did not run: test/e2e/preview/editor.test.ts (2 tests): no Chromium at /usr/bin/chromium (apt-get install chromium)'
    );
    expect(summary.lines.join('\n')).not.toContain('backend.test.ts');
  });

  it('fails the run when a browser suite skipped although Chromium was installed for it', () => {
    const summary = summarizeWith(report, true);
    expect(summary.failed).toBe(2);
    expect(summary.lines).toContain(
      'FAIL test/e2e/preview/editor.test.ts: skipped although Chromium was installed for it'
    );
    expect(summary.lines[summary.lines.length - 1]).toBe('4 passed, 2 failed, 2 skipped');
  });

  it('fails the run when the alert rules suite skipped although promtool was installed for it', () => {
    const promtoolReport = {
      ...report,
      testResults: [
        ...report.testResults,
        {
          name: path.join(root, 'test/gates/prometheus-rules.test.ts'),
          assertionResults: [pending('alert rules (skipped: no promtool on PATH; apt-get install prometheus)')]
        }
      ]
    };
    expect(summarizeWith(promtoolReport, false, false).failed).toBe(0);
    const summary = summarizeWith(promtoolReport, false, true);
    expect(summary.lines).toContain(
      'FAIL test/gates/prometheus-rules.test.ts: skipped although promtool was installed for it'
    );
    expect(summary.failed).toBe(1);
  });
});
