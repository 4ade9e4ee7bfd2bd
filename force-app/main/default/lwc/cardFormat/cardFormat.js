/**
 * Fills custom labels' {0}, {1} placeholders and formats the dates Apex returns in the user's locale and time
 * zone, so every screen words and dates things the same way.
 */
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';

// Weekday included: an admin scanning for "nothing since Tuesday" reads the day first.
const DATE_TIME = {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit'
};

/**
 * @param {string} template a label with {0}, {1}, ... placeholders
 * @param {...unknown} values what replaces them, in order (null and undefined become empty)
 * @returns {string} the label filled in; each placeholder may appear more than once
 */
export function formatLabel(template, ...values) {
  return values.reduce(
    (text, value, index) => text.split(`{${index}}`).join(value === null || value === undefined ? '' : value),
    template || ''
  );
}

/**
 * @param {string|number|Date} value an Apex Datetime as it reaches the component (ISO 8601 text)
 * @returns {string} e.g. "Tue, Dec 1, 2026, 8:42 AM" in the user's locale and time zone; '' without a value
 */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  try {
    return new Intl.DateTimeFormat(LOCALE, { ...DATE_TIME, timeZone: TIME_ZONE }).format(date);
  } catch {
    // A locale or time zone this browser does not know: the browser's own.
    return date.toLocaleString();
  }
}
