/**
 * The health of one org connection as operators see it in the status (GET /admin/v1/status),
 * and which Salesforce failures pause a whole connection rather than one event.
 */
import type { SalesforceErrorKind } from '../salesforce/salesforce-error';

export type ConnectionState =
  'ok' | 'auth_failed' | 'package_missing' | 'throttled' | 'unreachable' | 'encryption_failed';

export const CONNECTION_STATES: readonly ConnectionState[] = [
  'ok',
  'auth_failed',
  'package_missing',
  'throttled',
  'unreachable',
  'encryption_failed'
];

/**
 * The state a failure puts its connection in, or null when the failure belongs
 * to one event only (a bad field) and the connection stays healthy.
 */
export function connectionStateFor(kind: SalesforceErrorKind): ConnectionState | null {
  switch (kind) {
    case 'auth_failed':
    case 'session_expired':
    case 'permission_denied':
      return 'auth_failed';
    case 'package_missing':
      return 'package_missing';
    case 'throttled':
      return 'throttled';
    case 'encryption_failed':
      return 'encryption_failed';
    case 'transient':
    case 'unreachable':
      return 'unreachable';
    case 'invalid_record':
      return null;
  }
}

/** Failures that are the org's, not the event's: the event waits without spending an attempt. */
export function holdsEventsWithoutAttempt(kind: SalesforceErrorKind): boolean {
  return (
    kind === 'auth_failed' ||
    kind === 'session_expired' ||
    kind === 'permission_denied' ||
    kind === 'package_missing' ||
    kind === 'throttled' ||
    kind === 'encryption_failed'
  );
}
