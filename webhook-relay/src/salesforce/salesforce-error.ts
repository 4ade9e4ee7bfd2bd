/**
 * Salesforce failures as values: every HTTP answer, network failure and
 * per-record error is sorted into one `kind` the publisher acts on. The
 * Salesforce code (`errorCode`, OAuth `error`) is kept for the operator.
 */

/**
 * - `transient`: try the same events again later (5xx, lock, publishing unavailable).
 * - `unreachable`: no answer at all (DNS, refused, timeout); retry later.
 * - `throttled`: an allocation is spent; pause the whole connection.
 * - `package_missing`: the event object does not exist in the org.
 * - `auth_failed`: the org refuses the app's credentials; a human must act.
 * - `session_expired`: the token is no longer valid; re-authorize once.
 * - `permission_denied`: the integration user may not publish the event.
 * - `encryption_failed`: the org's platform event encryption (Shield) refuses every
 *   event: an org setting, not a bad record; events wait until an admin fixes it.
 * - `invalid_record`: this record can never be accepted as is (dead letter).
 */
export type SalesforceErrorKind =
  | 'transient'
  | 'unreachable'
  | 'throttled'
  | 'package_missing'
  | 'auth_failed'
  | 'session_expired'
  | 'permission_denied'
  | 'encryption_failed'
  | 'invalid_record';

export interface SalesforceError {
  kind: SalesforceErrorKind;
  /** Salesforce's own code (`INVALID_FIELD`, `invalid_grant`) or ours (`TIMEOUT`, `ECONNREFUSED`). */
  code: string;
  message: string;
  /** HTTP status when there was an answer. */
  status: number | null;
}

const TRANSIENT_CODES = new Set([
  'PLATFORM_EVENT_PUBLISHING_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
  'QUERY_TIMEOUT',
  'UNKNOWN_EXCEPTION'
]);
const THROTTLE_CODES = new Set(['REQUEST_LIMIT_EXCEEDED', 'LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS']);
const MISSING_CODES = new Set(['NOT_FOUND', 'INVALID_TYPE']);
const AUTH_CODES = new Set([
  'invalid_client',
  'invalid_client_id',
  'invalid_grant',
  'unauthorized_client',
  'inactive_user',
  'inactive_org'
]);
const PERMISSION_CODES = new Set(['INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'API_DISABLED_FOR_ORG']);
/**
 * "The platform event messages could not be published due to a problem with encryption. A
 * misconfiguration in your Salesforce org or a general encryption service error can cause
 * this problem." Platform Events Developer Guide, "Platform Event Error Status Codes"
 * (https://developer.salesforce.com/docs/platform/platform-events/guide/platform-events-error-status-codes.html).
 */
const ORG_ENCRYPTION_CODES = new Set(['PLATFORM_EVENT_ENCRYPTION_ERROR']);

/** Classifies one error code with its HTTP status (null for per-record errors in a 200 answer). */
export function classifyCode(code: string, message: string, status: number | null): SalesforceError {
  const make = (kind: SalesforceErrorKind): SalesforceError => ({ kind, code, message, status });
  if (code === 'INVALID_SESSION_ID' || (status === 401 && !AUTH_CODES.has(code))) return make('session_expired');
  if (AUTH_CODES.has(code)) return make('auth_failed');
  if (THROTTLE_CODES.has(code) || status === 429) return make('throttled');
  if (ORG_ENCRYPTION_CODES.has(code)) return make('encryption_failed');
  if (TRANSIENT_CODES.has(code)) return make('transient');
  if (MISSING_CODES.has(code) || status === 404) return make('package_missing');
  if (PERMISSION_CODES.has(code)) return make('permission_denied');
  if (status !== null && status >= 500) return make('transient');
  if (status === 403) return make('permission_denied');
  return make('invalid_record');
}

/**
 * What of a server's own words reaches an operator: Salesforce's documented error
 * fields only, one line, bounded. A body that is not a Salesforce error (an HTML page,
 * whatever some other service answered) is never echoed: only its status is told.
 */
export function plainText(value: unknown, max = 300): string {
  // Control characters (line breaks, escapes) become spaces: one line in a log or a page.
  const line = [...String(value ?? '')].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c)).join('');
  return line.replace(/ {2,}/g, ' ').trim().slice(0, max);
}

const CODE_SHAPE = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;

/** The answer to an HTTP status that carried no Salesforce error body. */
export function statusOnly(status: number): SalesforceError {
  return classifyCode(`ERROR_HTTP_${status}`, `HTTP ${status} without a Salesforce error body`, status);
}

/** Reads a REST error body (`[{errorCode,message}]` or `{error,error_description}`); any other body is not echoed. */
export function classifyHttpError(status: number, body: unknown, _rawText?: string): SalesforceError {
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (first && typeof first === 'object') {
    const record = first as Record<string, unknown>;
    if (typeof record.errorCode === 'string' && CODE_SHAPE.test(record.errorCode)) {
      return classifyCode(record.errorCode, plainText(record.message), status);
    }
    if (typeof record.error === 'string' && CODE_SHAPE.test(record.error)) {
      return classifyCode(record.error, plainText(record.error_description), status);
    }
  }
  return statusOnly(status);
}

/** Network failures and timeouts: there was no answer from Salesforce. */
export function classifyNetworkError(error: unknown): SalesforceError {
  const err = error as { name?: string; code?: string; cause?: { code?: string }; message?: string };
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') {
    return { kind: 'unreachable', code: 'TIMEOUT', message: 'Salesforce did not answer in time', status: null };
  }
  const code = err?.code ?? err?.cause?.code ?? 'NETWORK_ERROR';
  return { kind: 'unreachable', code, message: err?.message ?? String(error), status: null };
}

/** One line for logs and the outbox's lastError: code first. */
export function describeError(error: SalesforceError): string {
  return `${error.code}: ${error.message}`;
}
