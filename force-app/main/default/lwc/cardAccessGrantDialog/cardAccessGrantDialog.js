/**
 * The confirmation before "Grant the missing access": an SLDS modal listing exactly what the grant gives the user
 * (CardStandardAccessGrant.Plan: object rights, fields, Edit Tasks) and the permission set of the customer's own it
 * creates and assigns. Fires confirm or cancel; its page makes the calls. Focus stays inside while it is open and
 * Escape cancels.
 */
import { LightningElement, api } from 'lwc';
import { formatLabel } from 'c/cardFormat';
import LABELS from './labels';

// The order an admin reads rights in, whatever order the plan lists them (CardStandardAccessGrant's rights).
const RIGHTS = ['Read', 'Create', 'Edit', 'Delete', 'ViewAll', 'ModifyAll'];
const RIGHT_LABELS = {
  Read: LABELS.read,
  Create: LABELS.create,
  Edit: LABELS.edit,
  Delete: LABELS.remove,
  ViewAll: LABELS.viewAll,
  ModifyAll: LABELS.modifyAll
};
// Rights over every record, whoever owns it: the confirmation says why they are there.
const SHARING_RIGHTS = ['ViewAll', 'ModifyAll'];

/** ['Lead.Create', 'Lead.Read', 'Account.Read'] → [{ objectName: 'Account', text: 'Account: Read' }, ...] */
export function objectLines(objectRights) {
  const byObject = new Map();
  for (const entry of objectRights || []) {
    const [objectName, right] = entry.split('.');
    if (!byObject.has(objectName)) {
      byObject.set(objectName, new Set());
    }
    byObject.get(objectName).add(right);
  }
  return [...byObject.keys()].sort().map((objectName) => {
    const rights = [...byObject.get(objectName)].sort((a, b) => RIGHTS.indexOf(a) - RIGHTS.indexOf(b));
    return {
      objectName,
      text: formatLabel(LABELS.objectLine, objectName, rights.map((right) => RIGHT_LABELS[right] || right).join(', '))
    };
  });
}

export default class CardAccessGrantDialog extends LightningElement {
  labels = LABELS;
  /** CardStandardAccessGrant.Plan for the user. */
  @api plan;
  /** The user's name, as the access check lists it. */
  @api userName;
  /** True while the grant runs: both buttons wait. */
  @api busy = false;
  focused = false;

  renderedCallback() {
    if (!this.focused) {
      this.focused = true;
      const cancel = this.template.querySelector('[data-id="grant-cancel"]');
      if (cancel) {
        cancel.focus();
      }
    }
  }

  get heading() {
    return formatLabel(LABELS.title, this.userName);
  }

  get intro() {
    return formatLabel(LABELS.intro, this.plan && this.plan.permissionSetName, this.userName);
  }

  get objectLines() {
    return objectLines(this.plan && this.plan.objectRights);
  }

  get hasObjectRights() {
    return this.objectLines.length > 0;
  }

  get grantsSharingRights() {
    return ((this.plan && this.plan.objectRights) || []).some((entry) => SHARING_RIGHTS.includes(entry.split('.')[1]));
  }

  get fields() {
    return (this.plan && this.plan.fields) || [];
  }

  get hasFields() {
    return this.fields.length > 0;
  }

  get editTasks() {
    return Boolean(this.plan && this.plan.editTasks);
  }

  handleKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.handleCancel();
    } else if (event.key === 'Tab') {
      this.keepFocusInside(event);
    }
  }

  // Tab from the last control goes back to the first, Shift+Tab from the first to the last.
  keepFocusInside(event) {
    const controls = [...this.template.querySelectorAll('[data-focusable]')];
    if (controls.length === 0) {
      return;
    }
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = this.template.activeElement;
    if (event.shiftKey && (active === first || !controls.includes(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !controls.includes(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  handleCancel() {
    if (!this.busy) {
      this.dispatchEvent(new CustomEvent('cancel'));
    }
  }

  handleConfirm() {
    this.dispatchEvent(new CustomEvent('confirm', { detail: { userId: this.plan && this.plan.userId } }));
  }
}
