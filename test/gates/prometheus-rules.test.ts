/**
 * The relay's Prometheus alert rules (config/prometheus/cardbridge-alerts.yaml) are valid and behave as their
 * unit tests say (`promtool test rules`, from Debian's `prometheus` package). Without promtool the suite is
 * skipped with the reason; `.ci/run` installs it and fails a run where it skipped anyway.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './run-script';

const RULES_DIR = path.join(repoRoot, 'config/prometheus');
const RULES = path.join(RULES_DIR, 'cardbridge-alerts.yaml');
const RULE_TESTS = path.join(RULES_DIR, 'cardbridge-alerts.test.yaml');

function findPromtool(): string | undefined {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const promtool = findPromtool();

function run(args: string[], cwd = RULES_DIR): { status: number | null; output: string } {
  const result = spawnSync(promtool as string, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const suite = () => {
  it('accepts the rules file', () => {
    const result = run(['check', 'rules', RULES]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('passes every alert unit test (each alert fires when it should, and not before)', () => {
    const result = run(['test', 'rules', RULE_TESTS]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('fails the unit tests when an alert threshold drifts (the tests pin the rules)', () => {
    // The same tests against a copy whose queued-age threshold moved from 15 to 30 minutes.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cardbridge-rules-'));
    try {
      const rules = readFileSync(RULES, 'utf8');
      expect(rules).toContain('cardbridge_relay_oldest_queued_age_seconds) > 900');
      writeFileSync(
        path.join(dir, 'cardbridge-alerts.yaml'),
        rules.replace(
          'cardbridge_relay_oldest_queued_age_seconds) > 900',
          'cardbridge_relay_oldest_queued_age_seconds) > 1800'
        )
      );
      writeFileSync(path.join(dir, 'cardbridge-alerts.test.yaml'), readFileSync(RULE_TESTS, 'utf8'));
      const result = run(['test', 'rules', 'cardbridge-alerts.test.yaml'], dir);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('CardbridgeQueuedExchangeTooOld');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
};

if (promtool) describe('alert rules', suite);
else describe.skip('alert rules (skipped: no promtool on PATH; apt-get install prometheus)', suite);
