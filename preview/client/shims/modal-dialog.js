/**
 * The SLDS modal behind the preview's `lightning/confirm` and `lightning/alert`: plain DOM on the page body,
 * focus kept inside while open, Escape cancels, focus returns to where it was.
 */

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

const THEME_CLASS = {
  warning: 'slds-theme_warning',
  error: 'slds-theme_error',
  success: 'slds-theme_success',
  info: 'slds-theme_info',
  shade: 'slds-theme_shade',
  inverse: 'slds-theme_inverse',
  alt: 'slds-theme_alt-inverse'
};

/**
 * @param {{label?: string, message?: string, theme?: string, buttons: {label: string, value: unknown, brand?: boolean}[], cancelValue: unknown}} options
 * @returns {Promise<unknown>} the value of the button chosen, or cancelValue on Escape
 */
export function openModal({ label, message, theme, buttons, cancelValue }) {
  const previousFocus = document.activeElement;
  const headingId = `preview-modal-heading-${Date.now()}`;
  const root = element('div', 'preview-modal');
  root.setAttribute('data-preview', 'modal');
  const section = element('section', 'slds-modal slds-fade-in-open slds-modal_prompt');
  section.setAttribute('role', 'alertdialog');
  section.setAttribute('aria-modal', 'true');
  section.setAttribute('aria-labelledby', headingId);
  const container = element('div', 'slds-modal__container');
  const header = element('div', `slds-modal__header slds-theme_alert-texture ${THEME_CLASS[theme] || ''}`.trim());
  const heading = element('h1', 'slds-text-heading_medium', label || '');
  heading.id = headingId;
  header.appendChild(heading);
  const body = element('div', 'slds-modal__content slds-p-around_medium');
  body.appendChild(element('p', '', message || ''));
  const footer = element('div', 'slds-modal__footer');
  const backdrop = element('div', 'slds-backdrop slds-backdrop_open');
  backdrop.setAttribute('role', 'presentation');

  return new Promise((resolve) => {
    const close = (value) => {
      document.removeEventListener('keydown', onKeydown, true);
      root.remove();
      if (previousFocus && typeof previousFocus.focus === 'function') {
        previousFocus.focus();
      }
      resolve(value);
    };
    const buttonNodes = buttons.map((button) => {
      const node = element('button', `slds-button ${button.brand ? 'slds-button_brand' : 'slds-button_neutral'}`);
      node.textContent = button.label;
      node.type = 'button';
      node.addEventListener('click', () => close(button.value));
      footer.appendChild(node);
      return node;
    });
    function onKeydown(event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(cancelValue);
      } else if (event.key === 'Tab') {
        const index = buttonNodes.indexOf(document.activeElement);
        const next = event.shiftKey ? index - 1 : index + 1;
        event.preventDefault();
        buttonNodes[(next + buttonNodes.length) % buttonNodes.length].focus();
      }
    }
    container.append(header, body, footer);
    section.appendChild(container);
    root.append(section, backdrop);
    document.body.appendChild(root);
    document.addEventListener('keydown', onKeydown, true);
    buttonNodes[buttonNodes.length - 1].focus();
  });
}
