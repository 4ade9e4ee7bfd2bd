/**
 * The preview-only language switch: reloads the page with `?lang=<code>`, keeping the open tab, because
 * labels are resolved once at load, as on the platform when a user changes language.
 */
import TABLE from 'preview:label-table';

const NAMES = { en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', it: 'Italiano', ja: '日本語' };

export function renderLanguageSwitch(current) {
  const wrapper = document.createElement('div');
  wrapper.className = 'slds-form-element preview-language';
  const label = document.createElement('label');
  label.className = 'slds-form-element__label';
  label.htmlFor = 'preview-language';
  label.textContent = 'Language';
  const control = document.createElement('div');
  control.className = 'slds-select_container';
  const select = document.createElement('select');
  select.className = 'slds-select';
  select.id = 'preview-language';
  for (const code of TABLE.languages) {
    const option = document.createElement('option');
    option.value = code;
    option.textContent = NAMES[code] || code;
    option.selected = code === current;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set('lang', select.value);
    window.location.assign(url.toString());
  });
  control.appendChild(select);
  wrapper.append(label, control);
  return wrapper;
}
