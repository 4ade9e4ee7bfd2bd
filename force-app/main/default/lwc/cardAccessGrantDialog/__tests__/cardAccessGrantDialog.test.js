import { createElement } from '@lwc/engine-dom';
import CardAccessGrantDialog from 'c/cardAccessGrantDialog';

const PLAN = require('./data/plan.json');

jest.mock('@salesforce/label/c.CardSetupGrantTitle', () => ({ default: 'Grant {0} the missing access' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.CardSetupGrantIntro',
  () => ({ default: 'Cardbridge creates a permission set of your own, {0}, and assigns it to {1}.' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.CardSetupGrantObjectLine', () => ({ default: '{0}: {1}' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessRead', () => ({ default: 'Read' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessCreate', () => ({ default: 'Create' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessEdit', () => ({ default: 'Edit' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessDelete', () => ({ default: 'Delete' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessViewAll', () => ({ default: 'View All' }), { virtual: true });
jest.mock('@salesforce/label/c.CardSetupAccessModifyAll', () => ({ default: 'Modify All' }), { virtual: true });

async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
}

function render(plan = PLAN, busy = false) {
  const element = createElement('c-card-access-grant-dialog', { is: CardAccessGrantDialog });
  element.plan = plan;
  element.userName = 'Integration User';
  element.busy = busy;
  document.body.appendChild(element);
  return element;
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

function items(element, id) {
  return [...element.shadowRoot.querySelectorAll(`[data-id="${id}"] li`)].map((li) => li.textContent);
}

function press(element, key, shiftKey = false) {
  const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
  byId(element, 'grant-dialog').dispatchEvent(event);
  return event;
}

describe('c-card-access-grant-dialog', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('names the user and the permission set of their own it creates and assigns', () => {
    const element = render();

    const dialog = byId(element, 'grant-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(element.shadowRoot.querySelector('h1').textContent).toBe('Grant Integration User the missing access');
    expect(byId(element, 'grant-intro').textContent).toBe(
      'Cardbridge creates a permission set of your own, Cardbridge_Standard_Access_005000000000004, and assigns it to Integration User.'
    );
  });

  it('lists exactly the object rights, fields and user permission the grant gives', () => {
    const element = render();

    expect(items(element, 'grant-objects')).toEqual(['Account: Read', 'Lead: Read, Create']);
    expect(items(element, 'grant-fields')).toEqual(['Lead.MobilePhone', 'Lead.Title']);
    expect(byId(element, 'grant-edit-tasks').textContent).toBe('c.CardSetupGrantEditTasks');
    expect(byId(element, 'grant-sharing-note')).toBeNull();
  });

  it('lists View All and Modify All with what they need, in reading order, and says why they are there', () => {
    const element = render({
      ...PLAN,
      objectRights: ['Lead.Delete', 'Lead.Edit', 'Lead.ModifyAll', 'Lead.Read', 'Lead.ViewAll']
    });

    expect(items(element, 'grant-objects')).toEqual(['Lead: Read, Edit, Delete, View All, Modify All']);
    expect(byId(element, 'grant-sharing-note').textContent).toBe('c.CardSetupGrantSharingNote');
  });

  it('leaves out the parts the user does not lack', () => {
    const element = render({ ...PLAN, fields: [], editTasks: false });

    expect(items(element, 'grant-objects')).toHaveLength(2);
    expect(byId(element, 'grant-fields')).toBeNull();
    expect(byId(element, 'grant-edit-tasks')).toBeNull();
  });

  it('fires confirm with the user id on Grant access, and cancel on Cancel', () => {
    const element = render();
    const confirm = jest.fn();
    const cancel = jest.fn();
    element.addEventListener('confirm', confirm);
    element.addEventListener('cancel', cancel);

    byId(element, 'grant-confirm').click();
    byId(element, 'grant-cancel').click();

    expect(confirm.mock.calls[0][0].detail).toEqual({ userId: PLAN.userId });
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('cancels on Escape', () => {
    const element = render();
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);

    const event = press(element, 'Escape');

    expect(cancel).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
  });

  it('puts focus on Cancel when it opens', async () => {
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    const element = render();
    await flushPromises();

    expect(focus.mock.instances[0]).toBe(byId(element, 'grant-cancel'));
    focus.mockRestore();
  });

  it('keeps Tab inside: from outside its controls, Tab goes to the first and Shift+Tab to the last', async () => {
    const element = render();
    await flushPromises();
    const contentFocus = jest.spyOn(byId(element, 'grant-content'), 'focus');
    const confirmFocus = jest.spyOn(byId(element, 'grant-confirm'), 'focus');

    // jsdom cannot focus the stub buttons, so focus is on none of the dialog's controls here.
    const tab = press(element, 'Tab');
    const shiftTab = press(element, 'Tab', true);

    expect(contentFocus).toHaveBeenCalledTimes(1);
    expect(confirmFocus).toHaveBeenCalledTimes(1);
    expect(tab.defaultPrevented && shiftTab.defaultPrevented).toBe(true);
  });

  it('waits while the grant runs: no button, no Escape', () => {
    const element = render(PLAN, true);
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);

    press(element, 'Escape');

    expect(byId(element, 'grant-confirm').disabled).toBe(true);
    expect(byId(element, 'grant-cancel').disabled).toBe(true);
    expect(cancel).not.toHaveBeenCalled();
  });

  it('is accessible', async () => {
    const element = render();
    await expect(element).toBeAccessible();
  });
});
