import { runGate } from './run-script';

const badProject = 'test/gates/fixtures/bad-platform-facts';
const source = `${badProject}/force-app/main/default`;

describe('npm run check:platform', () => {
  const { status, output } = runGate('check-platform-facts.mjs', ['--project', badProject]);

  it('fails the build and counts every problem of the known-bad project', () => {
    expect(status).toBe(1);
    expect(output).toMatch(/^check:platform-facts: 17 problem\(s\)$/m);
  });

  it.each([
    [
      'tab-motif',
      `${source}/tabs/BadMotif.tab-meta.xml:5`,
      '"Custom55: Paper" is not a tab style; Custom55 is "Custom55: Books"'
    ],
    [
      'tab-content-kind',
      `${source}/tabs/TwoKinds.tab-meta.xml:6`,
      'a tab sets exactly one of auraComponent, customObject, flexiPage, lwcComponent, page, scontrol, url; TwoKinds sets flexiPage, url'
    ],
    [
      'translations-definition-file',
      `${badProject}/sfdx-project.json:4`,
      'package directory force-app ships translations but has no definitionFile'
    ],
    [
      'metadata-folder-names',
      `${badProject}/scripts/subscriber-config.mjs:7`,
      'writes the folder platformEventSubscriberConfigs; the Metadata API documents PlatformEventSubscriberConfigs'
    ],
    [
      'event-publisher-permission-set',
      `${source}/objects/BadEvent__e/BadEvent__e.object-meta.xml:2`,
      'no permission set other than the admin one grants Read and Create on BadEvent__e without View All, Modify All or user permissions (BadIntegration grants View All/Modify All on Thing__c)'
    ],
    [
      'packaged-permission-sets-own-components-only',
      `${source}/permissionsets/BadIntegration.permissionset-meta.xml:22`,
      'BadIntegration grants object permissions on the standard object Account: a packaged permission set does not include them'
    ],
    [
      'field-permissions-on-required-fields',
      `${source}/permissionsets/BadIntegration.permissionset-meta.xml:6`,
      'BadIntegration has field permissions for Thing__c.Code__c, a required field'
    ],
    [
      'field-permissions-need-object-read',
      `${source}/permissionsets/BadAdmin.permissionset-meta.xml:10`,
      'BadAdmin grants field permissions on Thing__c but not Read on the object: its users see none of those fields'
    ],
    [
      'platform-event-field-types',
      `${source}/objects/BadEvent__e/fields/Thing__c.field-meta.xml:6`,
      'BadEvent__e.Thing__c is Lookup'
    ],
    ['labels-exist', `${source}/classes/CardGreeter.cls:7`, 'no custom label CardMissingLabel in the source'],
    [
      'references-exist',
      `${source}/permissionsets/BadAdmin.permissionset-meta.xml:4`,
      'no Apex class CardNoSuchClass in the source'
    ],
    [
      'api-version-not-above-source',
      `${source}/classes/CardGreeter.cls-meta.xml:3`,
      'apiVersion 66.0 is above sourceApiVersion 65.0'
    ],
    [
      'permission-set-text-limits',
      `${source}/permissionsets/BadAdmin.permissionset-meta.xml:7`,
      "BadAdmin's description has 315 characters; the limit is 255"
    ],
    [
      'layout-references-exist',
      `${source}/layouts/Account-Bad Account Layout.layout-meta.xml:19`,
      'related list Thing__c.Account__c: its column Colour__c is no field of Thing__c'
    ],
    [
      'child-relationship-names-unique',
      `${source}/objects/Thing__c/fields/FormerAccount__c.field-meta.xml:8`,
      'Thing__c.FormerAccount__c names its relationship Things on Account, as Thing__c.Account__c does'
    ],
    [
      'label-placeholder-quotes',
      `${source}/labels/CustomLabels.labels-meta.xml:15`,
      "CardGreeting has a {0} placeholder and a lone ': String.format drops the placeholders after it (write ’ or '')"
    ],
    [
      'notification-type-fields',
      `${source}/notificationtypes/BadNotice.notiftype-meta.xml:2`,
      'BadNotice has no mobile, which is required'
    ]
  ])('reports %s with the file and line of the offending element', (rule, fileAndLine, message) => {
    expect(output).toContain(`${fileAndLine}: [platform-facts] ${rule}: ${message}`);
    expect(output.split('\n').filter((line) => line.includes(`[platform-facts] ${rule}:`))).toHaveLength(1);
  });

  it('does not count the label, translation and tab that do exist', () => {
    expect(output).not.toContain('CardHello');
    expect(output).not.toContain('FlexiPage BadPage');
  });

  it("takes a related list's existing lookup, its name column and an existing sort field", () => {
    expect(output).not.toContain('no field Thing__c.Account__c');
    expect(output).not.toContain('column NAME');
    expect(output).not.toContain('sort field Note__c');
  });

  it('takes the admin permission set from --admin-permission-set', () => {
    // With BadIntegration named the admin set, BadAdmin (Read + Create, nothing broad) publishes the event.
    const named = runGate('check-platform-facts.mjs', [
      '--project',
      badProject,
      '--admin-permission-set',
      'BadIntegration'
    ]);
    expect(named.status).toBe(1);
    expect(named.output).not.toContain('event-publisher-permission-set');
    expect(named.output).toMatch(/^check:platform-facts: 16 problem\(s\)$/m);
  });
});

describe('check:platform on this repository', () => {
  it('passes: the package breaks none of the platform facts the gate knows', () => {
    const { status, output } = runGate('check-platform-facts.mjs', []);
    expect(output).not.toContain('[platform-facts]');
    expect(status).toBe(0);
    expect(output).toMatch(/^check:platform-facts: ok \(17 rules, \d+ files of force-app\)$/m);
  });
});
