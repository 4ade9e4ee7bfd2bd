import { createElement } from '@lwc/engine-dom';
import CardErrorPanel from 'c/cardErrorPanel';

function render(props) {
  const element = createElement('c-card-error-panel', { is: CardErrorPanel });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function shownMessages(element) {
  return [...element.shadowRoot.querySelectorAll('li')].map((li) => li.textContent);
}

describe('c-card-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('renders nothing when there is no error', () => {
    const element = render({ errors: undefined });
    expect(element.shadowRoot.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the message of an AuraHandledException thrown by Apex', () => {
    const element = render({ errors: { body: { message: 'This integration no longer exists.' }, status: 500 } });
    expect(shownMessages(element)).toEqual(['This integration no longer exists.']);
  });

  it('shows every DML page and field error once', () => {
    const element = render({
      errors: [
        {
          body: {
            pageErrors: [{ message: 'Duplicate found' }],
            fieldErrors: { Name: [{ message: 'Name too long' }] }
          }
        },
        { body: { pageErrors: [{ message: 'Duplicate found' }] } }
      ]
    });
    expect(shownMessages(element)).toEqual(['Duplicate found', 'Name too long']);
  });

  it('shows UI API error lists and JavaScript errors', () => {
    const element = render({ errors: [{ body: [{ message: 'Record not found' }] }, new TypeError('x is undefined')] });
    expect(shownMessages(element)).toEqual(['Record not found', 'x is undefined']);
  });

  it('falls back to a generic message when the error has no text', () => {
    const element = render({ errors: { status: 500 } });
    expect(shownMessages(element)).toEqual(['c.CardErrorUnknown']);
  });

  it('uses the given heading', () => {
    const element = render({ errors: 'Boom', friendlyMessage: 'The log could not be loaded' });
    expect(element.shadowRoot.querySelector('h2').textContent).toBe('The log could not be loaded');
  });

  it('is accessible', async () => {
    const element = render({ errors: 'Boom' });
    await expect(element).toBeAccessible();
  });
});
