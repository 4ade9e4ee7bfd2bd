/**
 * Draws the toasts that components ask for with ShowToastEvent, in SLDS toast markup at the top of the page:
 * `{0}` placeholders filled from messageData, sticky toasts kept until closed, others for a few seconds.
 */
const VISIBLE_MS = 8000;
const ICONS = { success: 'success', error: 'error', warning: 'warning', info: 'info' };

function fill(message, messageData) {
  if (!Array.isArray(messageData)) {
    return message || '';
  }
  return messageData.reduce((text, item, index) => {
    const value = item && typeof item === 'object' ? item.label || item.url || '' : String(item);
    return text.replace(`{${index}}`, value);
  }, message || '');
}

export function listenForToasts(target) {
  const container = document.createElement('div');
  container.className = 'slds-notify_container preview-toasts';
  const show = ({ title, message, messageData, variant, mode }) => {
    const tone = ICONS[variant] ? variant : 'info';
    const toast = document.createElement('div');
    toast.className = `slds-notify slds-notify_toast slds-theme_${tone}`;
    toast.setAttribute('role', tone === 'error' ? 'alert' : 'status');
    toast.dataset.variant = tone;
    const assistive = document.createElement('span');
    assistive.className = 'slds-assistive-text';
    assistive.textContent = tone;
    const icon = document.createElement('span');
    icon.className = `slds-icon_container slds-icon-utility-${tone} slds-m-right_small slds-no-flex slds-align-top`;
    icon.innerHTML = `<svg class="slds-icon slds-icon_small" aria-hidden="true"><use href="/assets/icons/utility-sprite/svg/symbols.svg#${tone}"></use></svg>`;
    const content = document.createElement('div');
    content.className = 'slds-notify__content';
    const heading = document.createElement('h2');
    heading.className = 'slds-text-heading_small';
    heading.textContent = title || '';
    content.appendChild(heading);
    const text = fill(message, messageData);
    if (text) {
      const paragraph = document.createElement('p');
      paragraph.textContent = text;
      content.appendChild(paragraph);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'slds-button slds-button_icon slds-notify__close slds-button_icon-inverse';
    close.title = 'Close';
    close.innerHTML =
      '<svg class="slds-button__icon slds-button__icon_large" aria-hidden="true"><use href="/assets/icons/utility-sprite/svg/symbols.svg#close"></use></svg><span class="slds-assistive-text">Close</span>';
    close.addEventListener('click', () => toast.remove());
    toast.append(assistive, icon, content, close);
    container.appendChild(toast);
    if (mode !== 'sticky') {
      setTimeout(() => toast.remove(), VISIBLE_MS);
    }
  };
  target.addEventListener('lightning__showtoast', (event) => show(event.detail || {}));
  return { container, show };
}
