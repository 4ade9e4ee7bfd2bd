/**
 * Masks personal data before it reaches a log line: emails keep their first
 * character and domain (`j***@example.com`), phone numbers their last two
 * digits (`***00`). Keys known to hold secrets are replaced outright.
 */

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/** International-looking numbers in free text; bare digit runs are ids and times, not phones. */
const PHONE_IN_TEXT = /\+\d[\d ().-]{6,}\d/g;
const PHONE_KEY = /phone|mobile|fax/i;
const SECRET_KEY = /secret|token|password|privatekey|authorization|apikey|masterkey|cookie|signature/i;

export const REDACTED = '[redacted]';

export function maskEmail(email: string): string {
  return email.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 0 ? phone : `***${digits.slice(-2)}`;
}

/** Masks emails and international phone numbers inside free text. */
export function redactText(text: string): string {
  // Every email has an '@' and every phone the pattern masks starts with '+': most log text (ids, states) has neither.
  if (!text.includes('@') && !text.includes('+')) return text;
  return maskEmail(text).replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}

/** A copy of `value` safe to log: secrets removed, emails and phones masked, at any depth. */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === 'string') return PHONE_KEY.test(key) ? maskPhone(value) : redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k, depth + 1)]));
}
