/**
 * The permissions step's lines for the users holding Card Exchange Integration: what each lacks on standard
 * objects (CardIntegrationAccessCheck.Result), in the admin's words.
 */
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

// CardRequiredAccess' rights; View All and Modify All where the org's default access is Private or Read Only.
const RIGHT_LABELS = {
  Read: LABELS.accessRead,
  Create: LABELS.accessCreate,
  Edit: LABELS.accessEdit,
  Delete: LABELS.accessDelete,
  ViewAll: LABELS.accessViewAll,
  ModifyAll: LABELS.accessModifyAll
};
// Tasks carry no object permissions: the assistant says where their rights come from.
const TASK_OBJECT = 'Task';

/** 15- and 18-character ids of the same user compare equal. */
function sameUser(one, other) {
  return Boolean(one && other) && one.slice(0, 15) === other.slice(0, 15);
}

/** "Create on Lead, Edit on Contact": the rights a user lacks, in the admin's words. */
function describeMissing(missing) {
  return missing
    .map((right) =>
      formatLabel(LABELS.accessRight, RIGHT_LABELS[right.right] || right.right, right.objectLabel || right.objectName)
    )
    .join(', ');
}

/**
 * @param {{userId: string, name: string, missing: object[]}} user one user of the access check
 * @param {{canManage: boolean, currentUserId: string, planningUserId: string, refusedFields: string[]}} context
 *   what the page knows
 * @returns {object} the line the template shows
 */
export function userAccessLine(user, { canManage = false, currentUserId, planningUserId, refusedFields } = {}) {
  const missing = user.missing || [];
  const ok = missing.length === 0;
  return {
    userId: user.userId,
    name: user.name,
    ok,
    icon: ok ? 'utility:success' : 'utility:warning',
    iconVariant: ok ? 'success' : 'warning',
    statusText: ok ? LABELS.done : LABELS.todo,
    summary: ok
      ? formatLabel(LABELS.accessOk, user.name)
      : formatLabel(LABELS.accessMissing, user.name, describeMissing(missing)),
    fix: ok ? undefined : formatLabel(LABELS.accessFix, user.name),
    taskHint: missing.some((right) => right.objectName === TASK_OBJECT),
    // The grant refuses to give the admin access of their own (CardStandardAccessGrant.requireTarget).
    canGrant: !ok && canManage && !sameUser(user.userId, currentUserId),
    planning: planningUserId === user.userId,
    refused:
      refusedFields && refusedFields.length > 0 ? formatLabel(LABELS.grantRefusedList, refusedFields.join(', ')) : ''
  };
}
