import { runGate } from './run-script';

const badProject = 'test/gates/fixtures/bad-apex';
const classes = `${badProject}/force-app/main/default/classes`;

describe('npm run check:apex', () => {
  it('fails on an unknown type and names the file and line (apexlink)', () => {
    const { status, output } = runGate('check-apex.mjs', ['--project', badProject, '--only', 'apexlink']);
    expect(status).toBe(1);
    expect(output).toContain(
      `${classes}/CardUnknownType.cls:3: [apexlink] Missing: No type declaration found for 'Schema.CardMissingThing__c'`
    );
  });

  it('fails on SOQL injection, missing sharing and DML in a loop (PMD)', () => {
    const { status, output } = runGate('check-apex.mjs', ['--project', badProject, '--only', 'pmd']);
    expect(status).toBe(1);
    expect(output).toContain(`${classes}/CardUnsafeQuery.cls:1: [pmd] ApexSharingViolations`);
    expect(output).toContain(`${classes}/CardUnsafeQuery.cls:3: [pmd] ApexSOQLInjection`);
    expect(output).toContain(`${classes}/CardUnsafeQuery.cls:5: [pmd] OperationWithLimitsInLoop`);
    expect(output).toContain(`${classes}/CardUnsafeQuery.cls:5: [pmd] ApexCRUDViolation`);
  });

  it('fails on system mode or without sharing outside the allow-listed bookkeeping classes', () => {
    const { status, output } = runGate('check-apex.mjs', ['--project', badProject, '--only', 'system-mode']);
    expect(status).toBe(1);
    expect(output).toContain(
      `${classes}/CardSneakyWrite.cls:1: [system-mode] without sharing outside the allow-listed classes`
    );
    expect(output).toContain(
      `${classes}/CardSneakyWrite.cls:3: [system-mode] AccessLevel.SYSTEM_MODE outside the allow-listed classes`
    );
    expect(output).not.toContain('CardUnsafeQuery.cls:1: [system-mode]');
  });

  it('passes the project itself: system mode only in the allow-listed classes', () => {
    const { status, output } = runGate('check-apex.mjs', ['--only', 'system-mode']);
    expect(status).toBe(0);
    expect(output).toContain('check:apex system-mode: ok');
  });

  it('fails on an Apex file prettier would reformat', () => {
    const { status, output } = runGate('check-apex.mjs', ['--project', badProject, '--only', 'prettier']);
    expect(status).toBe(1);
    expect(output).toContain(`${classes}/CardBadlyFormatted.cls:1: [prettier] not formatted`);
    expect(output).not.toContain('CardUnknownType.cls:1: [prettier]');
  });

  it('runs all four gates and counts every problem', () => {
    const { status, output } = runGate('check-apex.mjs', ['--project', badProject]);
    expect(status).toBe(1);
    expect(output).toMatch(/check:apex apexlink: 1 problem\(s\)/);
    expect(output).toMatch(/check:apex pmd: 4 problem\(s\)/);
    expect(output).toMatch(/check:apex system-mode: 2 problem\(s\)/);
    expect(output).toMatch(/check:apex prettier: 1 problem\(s\)/);
  });
});
