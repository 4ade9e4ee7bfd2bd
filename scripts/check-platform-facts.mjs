#!/usr/bin/env node
// The platform-facts gate: the Salesforce rules a deploy or a package build would
// enforce that can be checked in the source, without an org. Each rule in RULES names
// the documentation it encodes; docs/verified-where.md says what only an org confirms.
//
// Usage: node scripts/check-platform-facts.mjs [--project <sfdx project dir>]
//                                              [--admin-permission-set <name>]
// --admin-permission-set names the admin's permission set, which does not count as the
// event publisher's; by default it is every permission set whose name ends with "Admin".
//
// Every problem prints as `<file>:<line>: [platform-facts] <rule-id>: <message>`, the
// line being that of the offending element; then `check:platform-facts: N problem(s)`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** id, what it checks, the documentation it encodes. */
const RULES = [
  {
    id: 'tab-motif',
    what: 'every <motif> of a CustomTab is one of the documented tab styles, exactly',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_tab.htm'
  },
  {
    id: 'tab-content-kind',
    what: 'a CustomTab sets exactly one of auraComponent, customObject, flexiPage, lwcComponent, page, scontrol, url',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_tab.htm'
  },
  {
    id: 'translations-definition-file',
    what: 'a package directory that ships translations has a definitionFile enabling Translation Workbench',
    source: 'https://github.com/forcedotcom/cli/issues/1272'
  },
  {
    id: 'metadata-folder-names',
    what: 'the metadata scripts/subscriber-config.mjs writes sits in the documented folder of its type',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformeventsubscriberconfig.htm'
  },
  {
    id: 'event-publisher-permission-set',
    what: 'each platform event is published (Read + Create) by a permission set other than the admin one, with no Modify All, no View All on an object it may write, and no user permissions (read-only View All, for receipts, is allowed)',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.264.0.platform_events.meta/platform_events/platform_events_publish_api.htm'
  },
  {
    id: 'packaged-permission-sets-own-components-only',
    what: 'packaged permission sets carry no standard-object or standard-field permissions, no user permissions, no object permissions on a detail of a standard object',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/distribution_perm_sets_profile_settings.htm'
  },
  {
    id: 'field-permissions-on-required-fields',
    what: 'no fieldPermissions for a required or master-detail field; formula, auto-number and roll-up fields never editable',
    source: 'https://github.com/forcedotcom/sf-skills/pull/271'
  },
  {
    id: 'field-permissions-need-object-read',
    what: 'a permission set that grants field permissions on an object also grants Read on that object (field-level security only applies on top of object access)',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm'
  },
  {
    id: 'platform-event-field-types',
    what: 'fields of __e objects are Checkbox, Date, DateTime, Number, Text or LongTextArea',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_define_ui.htm'
  },
  {
    id: 'labels-exist',
    what: 'every Label.X in Apex, @salesforce/label/c.X in LWC and translated label names a custom label of the source',
    source: 'https://developer.salesforce.com/docs/platform/lwc/guide/create-labels'
  },
  {
    id: 'references-exist',
    what: 'classes, tabs, apps, objects, fields and custom permissions named by permission sets, apps and tabs exist in the source',
    source: 'https://github.com/apex-enterprise-patterns/fflib-apex-common-samplecode/issues/58'
  },
  {
    id: 'api-version-not-above-source',
    what: "no <apiVersion> in a -meta.xml above sfdx-project.json's sourceApiVersion",
    source: 'https://github.com/forcedotcom/cli/issues/27'
  },
  {
    id: 'permission-set-text-limits',
    what: 'a permission set label is at most 80 characters and its description at most 255',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.224.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_PermissionSet.htm'
  },
  {
    id: 'layout-references-exist',
    what: "the custom fields a layout names exist in the source: its items on the layout's object; a related list Child.Field is a lookup or master-detail of Child to the layout's object, and its columns and sort field are fields of Child",
    source:
      'https://developer.salesforce.com/docs/platform/apex-ref/references/apex-ref/apex-class-metadata-relatedlistitem.html'
  },
  {
    id: 'child-relationship-names-unique',
    what: 'no two lookup or master-detail fields of the source give the same parent object the same child relationship name',
    source: 'https://github.com/forcedotcom/Salesforce1-Dev-Guide-Setup-Package/issues/4'
  },
  {
    id: 'label-placeholder-quotes',
    what: "a label or translation with a {0} placeholder has no lone ' (String.format is Java's MessageFormat: a quote starts a quoted run and the placeholders after it are not replaced); write ’ or ''",
    source:
      'https://salesforce.stackexchange.com/questions/239123/escaping-single-quote-character-breaks-string-formatstringtoformat-formattinga'
  },
  {
    id: 'notification-type-fields',
    what: 'a CustomNotificationType sets customNotifTypeName, masterLabel (at most 80 characters each), desktop and mobile; its description is at most 255',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customnotificationtype.htm'
  }
];

// The tab styles. The Metadata API guide (meta_tab, motif) gives the form "Custom70:
// Handsaw"; the full list is the one the pinned sf CLI itself writes with `sf schema
// generate tab` (@salesforce/plugin-sobject, lib/commands/schema/generate/tab.js).
const TAB_MOTIFS = new Set([
  'Custom1: Heart',
  'Custom2: Fan',
  'Custom3: Sun',
  'Custom4: Hexagon',
  'Custom5: Leaf',
  'Custom6: Triangle',
  'Custom7: Square',
  'Custom8: Diamond',
  'Custom9: Lightning',
  'Custom10: Moon',
  'Custom11: Star',
  'Custom12: Circle',
  'Custom13: Box',
  'Custom14: Hands',
  'Custom15: People',
  'Custom16: Bank',
  'Custom17: Sack',
  'Custom18: Form',
  'Custom19: Wrench',
  'Custom20: Airplane',
  'Custom21: Computer',
  'Custom22: Telephone',
  'Custom23: Envelope',
  'Custom24: Building',
  'Custom25: Alarm clock',
  'Custom26: Flag',
  'Custom27: Laptop',
  'Custom28: Cell phone',
  'Custom29: PDA',
  'Custom30: Radar dish',
  'Custom31: Car',
  'Custom32: Factory',
  'Custom33: Desk',
  'Custom34: Insect',
  'Custom35: Microphone',
  'Custom36: Train',
  'Custom37: Bridge',
  'Custom38: Camera',
  'Custom39: Telescope',
  'Custom40: Credit card',
  'Custom41: Cash',
  'Custom42: Treasure chest',
  'Custom43: Jewel',
  'Custom44: Hammer',
  'Custom45: Ticket',
  'Custom46: Stamp',
  'Custom47: Knight',
  'Custom48: Trophy',
  'Custom49: CD/DVD',
  'Custom50: Big top',
  'Custom51: Apple',
  'Custom52: Balls',
  'Custom53: Bell',
  'Custom54: Boat',
  'Custom55: Books',
  'Custom56: Bottle',
  'Custom57: Building Block',
  'Custom58: Caduceus',
  'Custom59: Can',
  'Custom60: Umbrella',
  'Custom61: Castle',
  'Custom62: Chalkboard',
  'Custom63: Chip',
  'Custom64: Compass',
  'Custom65: Cup',
  'Custom66: Dice',
  'Custom67: Gears',
  'Custom68: Globe',
  'Custom69: Guitar',
  'Custom70: Handsaw',
  'Custom71: Headset',
  'Custom72: Helicopter',
  'Custom73: Highway Sign',
  'Custom74: Hot Air Balloon',
  'Custom75: IP Phone',
  'Custom76: Keys',
  'Custom77: Locked',
  'Custom78: Map',
  'Custom79: Measuring Tape',
  'Custom80: Motorcycle',
  'Custom81: Musical Note',
  'Custom82: Whistle',
  'Custom83: Pencil',
  'Custom84: Presenter',
  'Custom85: Real Estate Sign',
  'Custom86: Red Cross',
  'Custom87: Safe',
  'Custom88: Sailboat',
  'Custom89: Saxophone',
  'Custom90: Scales',
  'Custom91: Shield',
  'Custom92: Ship',
  'Custom93: Shopping Cart',
  'Custom94: Stethoscope',
  'Custom95: Stopwatch',
  'Custom96: Street Sign',
  'Custom97: Thermometer',
  'Custom98: Truck',
  'Custom99: TV CRT',
  'Custom100: TV Widescreen'
]);

const TAB_CONTENT_FIELDS = ['auraComponent', 'customObject', 'flexiPage', 'lwcComponent', 'page', 'scontrol', 'url'];

// Platform event custom fields "support only these field types" (platform_events_define_ui).
const EVENT_FIELD_TYPES = new Set(['Checkbox', 'Date', 'DateTime', 'Number', 'Text', 'LongTextArea']);

/** Metadata API directory of each type our scripts may write, with the page that documents it. */
const METADATA_DIRECTORIES = {
  PlatformEventSubscriberConfig: {
    directory: 'PlatformEventSubscriberConfigs',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_platformeventsubscriberconfig.htm'
  },
  CustomTab: {
    directory: 'tabs',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_tab.htm'
  },
  PermissionSet: {
    directory: 'permissionsets',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.206.0.api_meta.meta/api_meta/meta_permissionset.htm'
  },
  CustomObject: {
    directory: 'objects',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.208.0.platform_events.meta/platform_events/platform_events_metadata_api.htm'
  },
  Translations: {
    directory: 'translations',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customlabels.htm'
  },
  Settings: {
    directory: 'settings',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_languagesettings.htm'
  }
};

// ---------------------------------------------------------------------------
// A small line-aware XML reader: metadata files are plain elements and text, and every
// problem must name the line of its element, which fast-xml-parser does not keep.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name) => {
    if (name[0] === '#')
      return String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name] ?? all;
  });

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineAt(starts, index) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Parses XML into {name, line, children, text}; returns the root element (or null). */
function parseXml(text) {
  const starts = lineStarts(text);
  const documentNode = { name: '#document', line: 1, children: [], text: '' };
  const stack = [documentNode];
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|([^<]+)/g;
  for (const m of text.matchAll(token)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[5] !== undefined) top.text += decode(m[5]);
    else if (m[3] !== undefined) {
      if (m[2] === '/') {
        if (stack.length > 1) stack.pop();
      } else {
        const node = { name: m[3], line: lineAt(starts, m.index), children: [], text: '' };
        top.children.push(node);
        if (m[4] !== '/') stack.push(node);
      }
    }
  }
  return documentNode.children[0] ?? null;
}

const kids = (node, name) => (node ? node.children.filter((c) => c.name === name) : []);
const kid = (node, name) => kids(node, name)[0];
const textOf = (node, name) => kid(node, name)?.text.trim();
const isTrue = (node, name) => textOf(node, name) === 'true';

// ---------------------------------------------------------------------------
// The project under check.

function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    project: path.resolve(value('--project') ?? repoRoot),
    adminPermissionSet: value('--admin-permission-set')
  };
}

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

const isCustomName = (name) => name.includes('__');
const baseName = (file, suffix) => path.basename(file).slice(0, -suffix.length);

/** Everything the rules look at, read once. */
function loadProject(project) {
  const sfdxFile = path.join(project, 'sfdx-project.json');
  const sfdxText = readFileSync(sfdxFile, 'utf8');
  const sfdx = JSON.parse(sfdxText);
  const xmlCache = new Map();
  const xml = (file) => {
    if (!xmlCache.has(file)) xmlCache.set(file, parseXml(readFileSync(file, 'utf8')));
    return xmlCache.get(file);
  };
  const packages = sfdx.packageDirectories
    .map((entry) => ({ entry, dir: path.join(project, entry.path) }))
    .filter((p) => existsSync(p.dir))
    .map((p) => ({ ...p, files: walk(p.dir) }));
  const files = packages.flatMap((p) => p.files);
  const bySuffix = (suffix) => files.filter((f) => f.endsWith(suffix));

  const objects = new Map(); // name -> {dir, file (object-meta or null), fields: Map name -> file}
  for (const file of files) {
    const m =
      /[\\/]objects[\\/]([^\\/]+)[\\/](?:fields[\\/]([^\\/]+)\.field-meta\.xml|[^\\/]+\.object-meta\.xml)$/.exec(file);
    if (!m) continue;
    const object = objects.get(m[1]) ?? { name: m[1], file: null, fields: new Map() };
    if (m[2]) object.fields.set(m[2], file);
    else object.file = file;
    objects.set(m[1], object);
  }
  const lwcBundles = new Set(
    files.map((f) => /[\\/]lwc[\\/]([^\\/]+)[\\/]/.exec(f)?.[1]).filter((name) => name !== undefined)
  );
  const labels = new Map();
  for (const file of bySuffix('.labels-meta.xml')) {
    for (const label of kids(xml(file), 'labels')) {
      const name = textOf(label, 'fullName');
      if (name) labels.set(name, file);
    }
  }
  return {
    project,
    sfdx,
    sfdxFile,
    sfdxText,
    packages,
    files,
    xml,
    objects,
    lwcBundles,
    labels,
    classes: new Set(bySuffix('.cls').map((f) => baseName(f, '.cls'))),
    tabs: new Map(bySuffix('.tab-meta.xml').map((f) => [baseName(f, '.tab-meta.xml'), f])),
    flexipages: new Set(bySuffix('.flexipage-meta.xml').map((f) => baseName(f, '.flexipage-meta.xml'))),
    applications: new Map(bySuffix('.app-meta.xml').map((f) => [baseName(f, '.app-meta.xml'), f])),
    customPermissions: new Set(
      bySuffix('.customPermission-meta.xml').map((f) => baseName(f, '.customPermission-meta.xml'))
    ),
    permissionSets: packages.flatMap((p) =>
      p.files
        .filter((f) => f.endsWith('.permissionset-meta.xml'))
        .map((file) => ({
          name: baseName(file, '.permissionset-meta.xml'),
          file,
          packaged: Boolean(p.entry.package)
        }))
    )
  };
}

/** The 1-based line of the first line of `text` that matches `test`, else 1. */
function findLine(text, test) {
  const index = text.split('\n').findIndex((l) => test(l));
  return index >= 0 ? index + 1 : 1;
}

// ---------------------------------------------------------------------------
// The rules. Each takes the project and a `report(rule, file, line, message)`.

function checkTabs(p, report) {
  for (const [name, file] of p.tabs) {
    const tab = p.xml(file);
    for (const motif of kids(tab, 'motif')) {
      const value = motif.text.trim();
      if (TAB_MOTIFS.has(value)) continue;
      const number = /^Custom(\d+):/.exec(value)?.[1];
      const same = [...TAB_MOTIFS].find((m) => m.startsWith(`Custom${number}:`));
      report(
        'tab-motif',
        file,
        motif.line,
        `"${value}" is not a tab style${same ? `; Custom${number} is "${same}"` : ''} (the styles run from "Custom1: Heart" to "Custom100: TV Widescreen")`
      );
    }
    const contents = tab.children.filter(
      (c) => TAB_CONTENT_FIELDS.includes(c.name) && (c.name !== 'customObject' || c.text.trim() === 'true')
    );
    if (contents.length !== 1) {
      report(
        'tab-content-kind',
        file,
        contents[1]?.line ?? tab.line,
        `a tab sets exactly one of ${TAB_CONTENT_FIELDS.join(', ')}; ${name} sets ${contents.map((c) => c.name).join(', ') || 'none'}`
      );
    }
    const flexiPage = kid(tab, 'flexiPage');
    if (flexiPage && !p.flexipages.has(flexiPage.text.trim())) {
      report(
        'references-exist',
        file,
        flexiPage.line,
        `tab ${name}: no FlexiPage ${flexiPage.text.trim()} in the source`
      );
    }
    const lwc = kid(tab, 'lwcComponent');
    if (lwc && !p.lwcBundles.has(lwc.text.trim().replace(/^c[:_]+/, ''))) {
      report(
        'references-exist',
        file,
        lwc.line,
        `tab ${name}: no Lightning web component ${lwc.text.trim()} in the source`
      );
    }
    const customObject = kid(tab, 'customObject');
    if (customObject?.text.trim() === 'true' && isCustomName(name) && !p.objects.has(name)) {
      report('references-exist', file, customObject.line, `object tab ${name}: no object ${name} in the source`);
    }
  }
}

function checkTranslationsDefinitionFile(p, report) {
  for (const { entry, files } of p.packages) {
    const shipsTranslations = files.some(
      (f) => f.endsWith('.translation-meta.xml') || /[\\/]objectTranslations[\\/]/.test(f)
    );
    if (!shipsTranslations) continue;
    const entryLine = findLine(p.sfdxText, (l) => l.includes('"path"') && l.includes(`"${entry.path}"`));
    if (!entry.definitionFile) {
      report(
        'translations-definition-file',
        p.sfdxFile,
        entryLine,
        `package directory ${entry.path} ships translations but has no definitionFile: the package version build org lacks Translation Workbench and the build fails ("Not available for deploy for this organization")`
      );
      continue;
    }
    const definition = path.join(p.project, entry.definitionFile);
    if (!existsSync(definition)) {
      report(
        'translations-definition-file',
        p.sfdxFile,
        findLine(p.sfdxText, (l) => l.includes('"definitionFile"')),
        `definitionFile ${entry.definitionFile} does not exist`
      );
      continue;
    }
    const text = readFileSync(definition, 'utf8');
    if (JSON.parse(text).settings?.languageSettings?.enableTranslationWorkbench !== true) {
      report(
        'translations-definition-file',
        definition,
        findLine(text, (l) => /"(languageSettings|enableTranslationWorkbench)"/.test(l)),
        `${entry.definitionFile} does not set settings.languageSettings.enableTranslationWorkbench: true, which translations need`
      );
    }
  }
}

function checkMetadataFolderNames(p, report) {
  const script = path.join(p.project, 'scripts', 'subscriber-config.mjs');
  if (!existsSync(script)) return;
  const scriptText = readFileSync(script, 'utf8');
  const out = mkdtempSync(path.join(tmpdir(), 'cardbridge-platform-facts-'));
  try {
    const run = spawnSync(process.execPath, [script, 'platform-facts@example.com', out], { encoding: 'utf8' });
    if (run.status !== 0 || !existsSync(path.join(out, 'package.xml'))) {
      report('metadata-folder-names', script, 1, `did not write a package.xml: ${(run.stderr || run.stdout).trim()}`);
      return;
    }
    const types = kids(parseXml(readFileSync(path.join(out, 'package.xml'), 'utf8')), 'types')
      .map((t) => textOf(t, 'name'))
      .filter(Boolean);
    const documented = new Map();
    for (const type of types) {
      const entry = METADATA_DIRECTORIES[type];
      if (entry) documented.set(entry.directory, type);
      else
        report(
          'metadata-folder-names',
          script,
          1,
          `package.xml names ${type}, which has no documented folder in the gate's table`
        );
    }
    const folders = readdirSync(out).filter((f) => statSync(path.join(out, f)).isDirectory());
    for (const folder of folders) {
      if (documented.has(folder)) continue;
      const meant = [...documented.keys()].find((d) => d.toLowerCase() === folder.toLowerCase());
      report(
        'metadata-folder-names',
        script,
        findLine(
          scriptText,
          (l) => l.includes(`'${folder}'`) || l.includes(`"${folder}"`) || l.includes(`\`${folder}`)
        ),
        meant
          ? `writes the folder ${folder}; the Metadata API documents ${meant} for ${documented.get(meant)} (${METADATA_DIRECTORIES[documented.get(meant)].source})`
          : `writes the folder ${folder}, which is no documented folder of the types in its package.xml (${types.join(', ')})`
      );
    }
    for (const [directory, type] of documented) {
      if (!folders.includes(directory) && !folders.some((f) => f.toLowerCase() === directory.toLowerCase())) {
        report(
          'metadata-folder-names',
          script,
          1,
          `package.xml names ${type} but nothing is written under ${directory}/`
        );
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** What a permission set grants, read once for the permission rules. */
function readPermissionSet(p, set) {
  const root = p.xml(set.file);
  return {
    ...set,
    root,
    objects: kids(root, 'objectPermissions').map((node) => ({ node, object: kid(node, 'object') })),
    fields: kids(root, 'fieldPermissions').map((node) => ({ node, field: kid(node, 'field') })),
    userPermissions: kids(root, 'userPermissions')
  };
}

function checkEventPublisher(p, sets, adminName, report) {
  const isAdmin = (set) => (adminName ? set.name === adminName : set.name.endsWith('Admin'));
  for (const event of [...p.objects.values()].filter((o) => o.name.endsWith('__e'))) {
    const reasons = [];
    let published = false;
    for (const set of sets.filter((s) => !isAdmin(s))) {
      const grant = set.objects.find((o) => o.object?.text.trim() === event.name);
      if (!grant || !isTrue(grant.node, 'allowRead') || !isTrue(grant.node, 'allowCreate')) continue;
      // View All that only reads (the package's own receipts: logs, received exchanges) is not broad; Modify All,
      // or View All with any write, is.
      const writes = (o) => ['allowCreate', 'allowEdit', 'allowDelete'].some((right) => isTrue(o.node, right));
      const broad = set.objects.filter(
        (o) => isTrue(o.node, 'modifyAllRecords') || (isTrue(o.node, 'viewAllRecords') && writes(o))
      );
      if (broad.length === 0 && set.userPermissions.length === 0) {
        published = true;
        break;
      }
      reasons.push(
        `${set.name} grants ${broad.length ? `View All/Modify All on ${broad.map((o) => o.object?.text.trim()).join(', ')}` : ''}${broad.length && set.userPermissions.length ? ' and ' : ''}${set.userPermissions.length ? 'user permissions' : ''}`
      );
    }
    if (published) continue;
    const file = event.file ?? [...event.fields.values()][0];
    report(
      'event-publisher-permission-set',
      file,
      event.file ? p.xml(event.file).line : 1,
      `no permission set other than the admin one grants Read and Create on ${event.name} without View All, Modify All or user permissions${reasons.length ? ` (${reasons.join('; ')})` : ''}: the publisher's user needs exactly that`
    );
  }
}

function checkPackagedPermissionSets(p, sets, report) {
  const rule = 'packaged-permission-sets-own-components-only';
  for (const set of sets.filter((s) => s.packaged)) {
    for (const { object } of set.objects) {
      const name = object?.text.trim();
      if (!name) continue;
      if (!isCustomName(name)) {
        report(
          rule,
          set.file,
          object.line,
          `${set.name} grants object permissions on the standard object ${name}: a packaged permission set does not include them`
        );
        continue;
      }
      for (const [fieldName, fieldFile] of p.objects.get(name)?.fields ?? []) {
        const field = p.xml(fieldFile);
        const master = textOf(field, 'referenceTo');
        if (textOf(field, 'type') === 'MasterDetail' && master && !isCustomName(master)) {
          report(
            rule,
            set.file,
            object.line,
            `${set.name} grants object permissions on ${name}, the detail of the standard object ${master} (${name}.${fieldName}): a packaged permission set cannot include them`
          );
        }
      }
    }
    for (const { field } of set.fields) {
      const name = field?.text.trim();
      if (name && !isCustomName(name.split('.')[1] ?? '')) {
        report(
          rule,
          set.file,
          field.line,
          `${set.name} grants field permissions on the standard field ${name}: a packaged permission set does not include them`
        );
      }
    }
    for (const userPermission of set.userPermissions) {
      const name = kid(userPermission, 'name') ?? userPermission;
      report(
        rule,
        set.file,
        name.line,
        `${set.name} grants the user permission ${name.text.trim()}: a packaged permission set does not include user permissions`
      );
    }
  }
}

function checkFieldPermissions(p, sets, report) {
  const rule = 'field-permissions-on-required-fields';
  for (const set of sets) {
    for (const { node, field } of set.fields) {
      const [objectName, fieldName] = (field?.text.trim() ?? '').split('.');
      const fieldFile = p.objects.get(objectName)?.fields.get(fieldName);
      if (!fieldFile) continue;
      const meta = p.xml(fieldFile);
      const type = textOf(meta, 'type');
      if (type === 'MasterDetail' || isTrue(meta, 'required')) {
        report(
          rule,
          set.file,
          field.line,
          `${set.name} has field permissions for ${objectName}.${fieldName}, a ${type === 'MasterDetail' ? 'master-detail' : 'required'} field: the deploy fails ("You cannot deploy to a required field")`
        );
        continue;
      }
      const computed = kid(meta, 'formula')
        ? 'formula'
        : { AutoNumber: 'auto-number', Summary: 'roll-up summary' }[type];
      if (computed && isTrue(node, 'editable')) {
        report(
          rule,
          set.file,
          kid(node, 'editable').line,
          `${set.name} makes ${objectName}.${fieldName}, a ${computed} field, editable: it can only be read`
        );
      }
    }
  }
}

// Field access on an object the set does not let the user read is access to nothing: a sign that an object
// permission was lost (as once happened to the admin set). Standard objects are left to the customer's own sets.
function checkFieldObjectRead(sets, report) {
  for (const set of sets) {
    const readable = new Set(
      set.objects.filter(({ node }) => isTrue(node, 'allowRead')).map(({ object }) => object?.text.trim())
    );
    const reported = new Set();
    for (const { field } of set.fields) {
      const objectName = (field?.text.trim() ?? '').split('.')[0];
      if (!isCustomName(objectName) || readable.has(objectName) || reported.has(objectName)) continue;
      reported.add(objectName);
      report(
        'field-permissions-need-object-read',
        set.file,
        field.line,
        `${set.name} grants field permissions on ${objectName} but not Read on the object: its users see none of those fields`
      );
    }
  }
}

function checkEventFieldTypes(p, report) {
  for (const event of [...p.objects.values()].filter((o) => o.name.endsWith('__e'))) {
    for (const [fieldName, file] of event.fields) {
      const type = kid(p.xml(file), 'type');
      if (type && !EVENT_FIELD_TYPES.has(type.text.trim())) {
        report(
          'platform-event-field-types',
          file,
          type.line,
          `${event.name}.${fieldName} is ${type.text.trim()}; platform event fields are only ${[...EVENT_FIELD_TYPES].join(', ')}`
        );
      }
    }
  }
}

function checkLabels(p, report) {
  const namespace = p.sfdx.namespace || 'c';
  const check = (file, line, name) => {
    if (!p.labels.has(name)) report('labels-exist', file, line, `no custom label ${name} in the source`);
  };
  for (const file of p.files.filter((f) => /\.(cls|trigger)$/.test(f))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const code = text.replace(/\/\/.*$/, '');
        if (/^\s*(\*|\/\*)/.test(code)) return;
        for (const m of code.matchAll(/(?<![\w.])(?:System\.)?Label\.([A-Za-z]\w*)(?:\.([A-Za-z]\w*))?/g)) {
          check(file, i + 1, m[1] === namespace && m[2] ? m[2] : m[1]);
        }
      });
  }
  for (const file of p.files.filter((f) => /[\\/]lwc[\\/]/.test(f) && f.endsWith('.js'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(/@salesforce\/label\/([A-Za-z]\w*)\.([A-Za-z]\w*)/g)) {
          if (m[1] === 'c' || m[1] === namespace) check(file, i + 1, m[2]);
        }
      });
  }
  for (const file of p.files.filter((f) => f.endsWith('.translation-meta.xml'))) {
    for (const translated of kids(p.xml(file), 'customLabels')) {
      const name = kid(translated, 'name');
      if (name) check(file, name.line, name.text.trim());
    }
  }
}

function checkLabelQuotes(p, report) {
  const check = (file, node, name) => {
    const text = node?.text ?? '';
    if (/\{\d+\}/.test(text) && /(^|[^'])'([^']|$)/.test(text)) {
      report(
        'label-placeholder-quotes',
        file,
        node.line,
        `${name} has a {0} placeholder and a lone ': String.format drops the placeholders after it (write ’ or '')`
      );
    }
  };
  for (const file of p.files.filter((f) => f.endsWith('.labels-meta.xml'))) {
    for (const label of kids(p.xml(file), 'labels')) {
      check(file, kid(label, 'value'), kid(label, 'fullName')?.text.trim());
    }
  }
  for (const file of p.files.filter((f) => f.endsWith('.translation-meta.xml'))) {
    for (const translated of kids(p.xml(file), 'customLabels')) {
      check(file, kid(translated, 'label'), kid(translated, 'name')?.text.trim());
    }
  }
}

function checkReferences(p, sets, report) {
  const rule = 'references-exist';
  const missing = (file, node, what) => report(rule, file, node.line, `no ${what} ${node.text.trim()} in the source`);
  for (const set of sets) {
    for (const node of kids(set.root, 'classAccesses').map((c) => kid(c, 'apexClass'))) {
      if (node && !p.classes.has(node.text.trim())) missing(set.file, node, 'Apex class');
    }
    for (const node of kids(set.root, 'tabSettings').map((t) => kid(t, 'tab'))) {
      if (node && !node.text.trim().startsWith('standard-') && !p.tabs.has(node.text.trim()))
        missing(set.file, node, 'tab');
    }
    for (const node of kids(set.root, 'applicationVisibilities').map((a) => kid(a, 'application'))) {
      if (node && !node.text.trim().startsWith('standard__') && !p.applications.has(node.text.trim())) {
        missing(set.file, node, 'app');
      }
    }
    for (const node of kids(set.root, 'customPermissions').map((c) => kid(c, 'name'))) {
      if (node && !p.customPermissions.has(node.text.trim())) missing(set.file, node, 'custom permission');
    }
    for (const { object } of set.objects) {
      if (object && isCustomName(object.text.trim()) && !p.objects.has(object.text.trim()))
        missing(set.file, object, 'object');
    }
    for (const { field } of set.fields) {
      const [objectName, fieldName = ''] = (field?.text.trim() ?? '').split('.');
      if (!field || !isCustomName(fieldName)) continue;
      if (!p.objects.get(objectName)?.fields.has(fieldName)) missing(set.file, field, 'field');
    }
  }
  for (const [name, file] of p.applications) {
    for (const node of kids(p.xml(file), 'tabs')) {
      if (!node.text.trim().startsWith('standard-') && !p.tabs.has(node.text.trim())) {
        report(rule, file, node.line, `app ${name}: no tab ${node.text.trim()} in the source`);
      }
    }
  }
}

function checkApiVersions(p, report) {
  const source = Number(p.sfdx.sourceApiVersion);
  if (!source) return;
  for (const file of p.files.filter((f) => f.endsWith('-meta.xml'))) {
    const apiVersion = kid(p.xml(file), 'apiVersion');
    if (apiVersion && Number(apiVersion.text.trim()) > source) {
      report(
        'api-version-not-above-source',
        file,
        apiVersion.line,
        `apiVersion ${apiVersion.text.trim()} is above sourceApiVersion ${p.sfdx.sourceApiVersion}, the newest API the pinned sf CLI and our orgs are known to take`
      );
    }
  }
}

function checkPermissionSetTexts(sets, report) {
  for (const set of sets) {
    for (const [element, limit] of [
      ['label', 80],
      ['description', 255]
    ]) {
      const node = kid(set.root, element);
      const length = node ? [...node.text.trim()].length : 0;
      if (length > limit) {
        report(
          'permission-set-text-limits',
          set.file,
          node.line,
          `${set.name}'s ${element} has ${length} characters; the limit is ${limit}`
        );
      }
    }
  }
}

// A custom field of the package (Name__c), not one of another namespace (ns__Name__c) nor a standard one.
const isOwnCustomField = (name) => /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c$/.test(name) && !/__.*__c$/.test(name);

function checkLayouts(p, report) {
  const rule = 'layout-references-exist';
  const hasField = (objectName, fieldName) => p.objects.get(objectName)?.fields.has(fieldName) ?? false;
  for (const file of p.files.filter((f) => f.endsWith('.layout-meta.xml'))) {
    const objectName = baseName(file, '.layout-meta.xml').split('-')[0];
    const layout = p.xml(file);
    const items = kids(layout, 'layoutSections').flatMap((section) =>
      kids(section, 'layoutColumns').flatMap((column) => kids(column, 'layoutItems'))
    );
    for (const field of items.map((item) => kid(item, 'field')).filter(Boolean)) {
      const name = field.text.trim();
      if (isOwnCustomField(name) && !hasField(objectName, name)) {
        report(rule, file, field.line, `the layout places ${objectName}.${name}, which is no field of the source`);
      }
    }
    for (const related of kids(layout, 'relatedLists')) {
      const list = kid(related, 'relatedList');
      const [child, lookup] = (list?.text.trim() ?? '').split('.');
      if (!list || !lookup || !isCustomName(child)) continue;
      const lookupFile = p.objects.get(child)?.fields.get(lookup);
      if (!lookupFile) {
        report(rule, file, list.line, `related list ${list.text.trim()}: no field ${child}.${lookup} in the source`);
        continue;
      }
      const meta = p.xml(lookupFile);
      const type = textOf(meta, 'type');
      const parent = textOf(meta, 'referenceTo');
      if ((type !== 'Lookup' && type !== 'MasterDetail') || parent !== objectName) {
        report(
          rule,
          file,
          list.line,
          `related list ${list.text.trim()}: ${child}.${lookup} is ${type === 'Lookup' || type === 'MasterDetail' ? `a ${type} to ${parent}` : `a ${type} field`}, not a lookup or master-detail to ${objectName}, so ${objectName} has no such related list`
        );
      }
      for (const column of [...kids(related, 'fields'), ...kids(related, 'sortField')]) {
        const name = column.text.trim();
        if (isOwnCustomField(name) && !hasField(child, name)) {
          report(
            rule,
            file,
            column.line,
            `related list ${list.text.trim()}: its ${column.name === 'sortField' ? 'sort field' : 'column'} ${name} is no field of ${child}`
          );
        }
      }
    }
  }
}

function checkChildRelationshipNames(p, report) {
  const seen = new Map(); // "Parent relationshipName" (case-insensitive) -> "Child.Field"
  for (const object of [...p.objects.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const [fieldName, file] of [...object.fields].sort(([a], [b]) => a.localeCompare(b))) {
      const meta = p.xml(file);
      const type = textOf(meta, 'type');
      const relationship = kid(meta, 'relationshipName');
      const parent = textOf(meta, 'referenceTo');
      if ((type !== 'Lookup' && type !== 'MasterDetail') || !relationship || !parent) continue;
      const key = `${parent} ${relationship.text.trim()}`.toLowerCase();
      const here = `${object.name}.${fieldName}`;
      if (seen.has(key)) {
        report(
          'child-relationship-names-unique',
          file,
          relationship.line,
          `${here} names its relationship ${relationship.text.trim()} on ${parent}, as ${seen.get(key)} does: a parent's child relationship names are unique (the deploy fails: "The relationship name ... is already used")`
        );
      } else {
        seen.set(key, here);
      }
    }
  }
}

function checkNotificationTypes(p, report) {
  const rule = 'notification-type-fields';
  for (const file of p.files.filter((f) => f.endsWith('.notiftype-meta.xml'))) {
    const type = p.xml(file);
    for (const required of ['customNotifTypeName', 'masterLabel', 'desktop', 'mobile']) {
      if (!kid(type, required)) {
        report(rule, file, type.line, `${baseName(file, '.notiftype-meta.xml')} has no ${required}, which is required`);
      }
    }
    for (const [element, limit] of [
      ['customNotifTypeName', 80],
      ['masterLabel', 80],
      ['description', 255]
    ]) {
      const node = kid(type, element);
      const length = node ? [...node.text.trim()].length : 0;
      if (length > limit) {
        report(rule, file, node.line, `${element} has ${length} characters; the limit is ${limit}`);
      }
    }
    for (const flag of ['desktop', 'mobile'].map((name) => kid(type, name)).filter(Boolean)) {
      if (!['true', 'false'].includes(flag.text.trim())) {
        report(rule, file, flag.line, `${flag.name} is "${flag.text.trim()}"; it is a boolean (true or false)`);
      }
    }
  }
}

// ---------------------------------------------------------------------------

function main() {
  const args = parseArgs(process.argv.slice(2));
  const p = loadProject(args.project);
  const problems = [];
  const known = new Set(RULES.map((r) => r.id));
  const report = (rule, file, line, message) => {
    if (!known.has(rule)) throw new Error(`unknown rule ${rule}`);
    problems.push({ file: path.relative(process.cwd(), file), line, rule, message });
  };
  const sets = p.permissionSets.map((set) => readPermissionSet(p, set));

  checkTabs(p, report);
  checkTranslationsDefinitionFile(p, report);
  checkMetadataFolderNames(p, report);
  checkEventPublisher(p, sets, args.adminPermissionSet, report);
  checkPackagedPermissionSets(p, sets, report);
  checkFieldPermissions(p, sets, report);
  checkFieldObjectRead(sets, report);
  checkEventFieldTypes(p, report);
  checkLabels(p, report);
  checkLabelQuotes(p, report);
  checkReferences(p, sets, report);
  checkApiVersions(p, report);
  checkPermissionSetTexts(sets, report);
  checkLayouts(p, report);
  checkChildRelationshipNames(p, report);
  checkNotificationTypes(p, report);

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  if (problems.length) {
    console.error(problems.map((x) => `${x.file}:${x.line}: [platform-facts] ${x.rule}: ${x.message}`).join('\n'));
    console.error(`check:platform-facts: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(
    `check:platform-facts: ok (${RULES.length} rules, ${p.files.length} files of ${p.packages.map((x) => x.entry.path).join(', ')})`
  );
}

main();
