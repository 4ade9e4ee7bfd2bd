import { runGate } from './run-script';

const badProject = 'test/gates/fixtures/bad-metadata';
const source = `${badProject}/force-app/main/default`;

describe('npm run check:metadata', () => {
  const { status, output } = runGate('check-metadata.mjs', ['--project', badProject]);

  it('fails the build', () => {
    expect(status).toBe(1);
    expect(output).toMatch(/check:metadata: 4 problem\(s\)/);
  });

  it('names malformed XML with its file and line', () => {
    expect(output).toContain(`${source}/labels/CustomLabels.labels-meta.xml:5: [xml]`);
  });

  it('names an Apex class without its meta file', () => {
    expect(output).toContain(`${source}/classes/CardOrphan.cls:1: [metadata] missing CardOrphan.cls-meta.xml`);
  });

  it('names the labels a translation lacks', () => {
    expect(output).toContain(
      `${source}/translations/fr.translation-meta.xml:1: [labels] no translation for CardBroken`
    );
  });

  it('reports what sf project convert source could not convert', () => {
    expect(output).toContain('[sf project convert source]');
    expect(output).toContain('Thing.gizmo-meta.xml: Could not infer a metadata type');
  });
});
