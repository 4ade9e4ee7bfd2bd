/**
 * Resolves `@salesforce/label/c.<Name>` in the preview from the package's custom labels and translations,
 * in the language chosen with `?lang=` (the platform also needs a reload to switch language). A missing
 * translation falls back to the master label, as on the platform.
 */
import TABLE from 'preview:label-table';

function chosenLanguage() {
  const requested = new URLSearchParams(window.location.search).get('lang');
  return requested && TABLE.languages.includes(requested) ? requested : TABLE.defaultLanguage;
}

export const LANGUAGE = chosenLanguage();

export function label(name) {
  const translated = (TABLE.translations[LANGUAGE] || {})[name];
  if (translated !== undefined) {
    return translated;
  }
  const master = TABLE.master[name];
  // A label the bundle imports but the package lacks would fail the deploy; show it loudly instead.
  return master !== undefined ? master : `[missing label c.${name}]`;
}
