/**
 * "Grant the missing access" in the preview, as CardStandardAccessGrant does it: the plan lists what an
 * integration user lacks (the object rights the access check found missing, the reads they depend on, Edit Tasks
 * for tasks, and the standard fields the active integrations write), and the grant gives it in a permission set
 * named after the user. The preview keeps no field-level security: a user lacks every such field until granted.
 */
import { defaultRows, targetObjectOf } from './mapping-engine';
import { fieldsOf } from './org-description';
import type { PreviewStore } from './preview-store';
import type { IntegrationInput, MappingRow } from './preview-types';
import { requireManage } from './setup-state';

export interface AccessPlan {
  userId: string;
  permissionSetName: string;
  objectRights: string[];
  fields: string[];
  editTasks: boolean;
  refusedFields: string[];
  nothingMissing: boolean;
}

interface AccessUser {
  userId: string;
  name: string;
  missing?: { objectName: string; objectLabel?: string; right: string }[];
}

const READ = 'Read';
const TASK = 'Task';
// CardStandardAccessGrant.READ_DEPENDENCIES
const READ_DEPENDENCIES: Record<string, string[]> = {
  Contact: ['Account'],
  CampaignMember: ['Campaign', 'Contact', 'Lead']
};
// Always visible, so not permissionable; address parts carry their permission on the compound field.
const NAME_PARTS = new Set(['Salutation', 'FirstName', 'LastName', 'MiddleName', 'Suffix', 'Name']);
const ADDRESS_FIELDS: Record<string, Record<string, string>> = {
  Lead: { Street: 'Address', City: 'Address', State: 'Address', PostalCode: 'Address', Country: 'Address' },
  Contact: Object.fromEntries(
    ['Street', 'City', 'State', 'PostalCode', 'Country'].flatMap((part) => [
      [`Mailing${part}`, 'MailingAddress'],
      [`Other${part}`, 'OtherAddress']
    ])
  )
};

function accessUser(store: PreviewStore, userId: unknown): AccessUser | undefined {
  const access = store.setupState.integrationAccess as { users?: AccessUser[] } | undefined;
  return (access?.users ?? []).find((user) => user.userId === userId);
}

/** CardStandardAccessGrant.permissionField: the field that carries the permission, or none. */
function permissionField(store: PreviewStore, objectName: string, fieldName: string): string | undefined {
  const field = fieldsOf(store.org.description, objectName).get(fieldName.trim().toLowerCase());
  if (!field || field.required || NAME_PARTS.has(field.apiName) || field.apiName.endsWith('__c')) {
    return undefined;
  }
  return `${objectName}.${ADDRESS_FIELDS[objectName]?.[field.apiName] ?? field.apiName}`;
}

/** CardMappingService.writtenFields: the permissionable standard fields one integration's rows write. */
function fieldsWrittenBy(store: PreviewStore, integration: IntegrationInput, rows: MappingRow[]): string[] {
  const objectName = targetObjectOf(store.org, integration.useCase);
  if (!objectName) {
    return [];
  }
  const mapped = rows.length > 0 ? rows : defaultRows(store.org, integration.useCase ?? '');
  return mapped.flatMap((row) => {
    const qualified = row.targetField ? permissionField(store, objectName, row.targetField) : undefined;
    return qualified ? [qualified] : [];
  });
}

function writtenFields(store: PreviewStore): string[] {
  const active = store.integrations.filter((entry) => entry.integration.active);
  return [...new Set(active.flatMap(({ integration, rows }) => fieldsWrittenBy(store, integration, rows)))];
}

/** What the check against the org reports of the run-as user: the object rights it lacks, the fields not granted. */
export interface RunAsAccess {
  missingRights: { objectLabel: string; right: string }[];
  missingFields: string[];
}

/**
 * The run-as user's own access for one integration (CardIntegrationAccessCheck.missingFor and
 * CardStandardAccessGrant.missingFields), when it is an integration user the preview's access check knows;
 * undefined otherwise. The preview keeps no field-level security: every written field not granted is missing.
 */
export function runAsAccess(
  store: PreviewStore,
  userName: string,
  integration: IntegrationInput,
  rows: MappingRow[]
): RunAsAccess | undefined {
  const access = store.setupState.integrationAccess as { users?: AccessUser[] } | undefined;
  const user = (access?.users ?? []).find((candidate) => candidate.name === userName);
  if (!user) {
    return undefined;
  }
  const granted = new Set(store.grantedFields[user.userId] ?? []);
  return {
    missingRights: (user.missing ?? []).map(({ objectName, objectLabel, right }) => ({
      objectLabel: objectLabel ?? objectName,
      right
    })),
    missingFields: [...new Set(fieldsWrittenBy(store, integration, rows))].filter((field) => !granted.has(field))
  };
}

export function planStandardAccess(store: PreviewStore, userId: string): AccessPlan {
  const rights = new Set<string>();
  let editTasks = false;
  for (const { objectName, right } of accessUser(store, userId)?.missing ?? []) {
    if (objectName === TASK) {
      editTasks = true;
      continue;
    }
    rights.add(`${objectName}.${right}`).add(`${objectName}.${READ}`);
    (READ_DEPENDENCIES[objectName] ?? []).forEach((dependency) => rights.add(`${dependency}.${READ}`));
  }
  const granted = new Set(store.grantedFields[userId] ?? []);
  const fields = writtenFields(store).filter((field) => !granted.has(field));
  const objectRights = [...rights].sort();
  return {
    userId,
    permissionSetName: `${store.org.setup.grantNamePrefix}${userId.slice(0, 15)}`,
    objectRights,
    fields: fields.sort(),
    editTasks,
    refusedFields: [],
    nothingMissing: objectRights.length === 0 && fields.length === 0 && !editTasks
  };
}

/** What the admin confirmed in the plan; the grant gives nothing beyond it. */
export interface ConfirmedAccess {
  objectRights: string[];
  fields: string[];
  editTasks: boolean;
}

/**
 * Grants what the admin confirmed of the plan (the controller's grantStandardAccess): granted object rights and
 * Edit Tasks leave the access check, granted fields the next plan.
 */
export function grantStandardAccess(store: PreviewStore, userId: string, confirmed: ConfirmedAccess): AccessPlan {
  requireManage(store);
  const plan = planStandardAccess(store, userId);
  const granted: AccessPlan = {
    ...plan,
    objectRights: plan.objectRights.filter((right) => confirmed.objectRights.includes(right)),
    fields: plan.fields.filter((field) => confirmed.fields.includes(field)),
    editTasks: plan.editTasks && confirmed.editTasks
  };
  granted.nothingMissing = granted.objectRights.length === 0 && granted.fields.length === 0 && !granted.editTasks;
  const user = accessUser(store, userId);
  if (user) {
    user.missing = (user.missing ?? []).filter(({ objectName, right }) =>
      objectName === TASK ? !granted.editTasks : !granted.objectRights.includes(`${objectName}.${right}`)
    );
  }
  store.grantedFields[userId] = [...(store.grantedFields[userId] ?? []), ...granted.fields];
  return granted;
}
