import { classifyCode, classifyHttpError } from '../../webhook-relay/src/salesforce/salesforce-error';
import { toRecordResult } from '../../webhook-relay/src/salesforce/collections-transport';

describe('Salesforce error classification', () => {
  it.each([
    ['PLATFORM_EVENT_PUBLISHING_UNAVAILABLE', null, 'transient'],
    ['UNABLE_TO_LOCK_ROW', null, 'transient'],
    ['ERROR_HTTP_503', 503, 'transient'],
    ['REQUEST_LIMIT_EXCEEDED', 403, 'throttled'],
    ['LIMIT_EXCEEDED', null, 'throttled'],
    ['NOT_FOUND', 404, 'package_missing'],
    ['INVALID_TYPE', null, 'package_missing'],
    ['invalid_client', 400, 'auth_failed'],
    ['invalid_grant', 400, 'auth_failed'],
    ['invalid_client_id', 400, 'auth_failed'],
    ['INVALID_SESSION_ID', 401, 'session_expired'],
    ['STRING_TOO_LONG', null, 'invalid_record'],
    ['INVALID_FIELD', null, 'invalid_record'],
    ['INVALID_TYPE_ON_FIELD_IN_RECORD', null, 'invalid_record'],
    ['REQUIRED_FIELD_MISSING', null, 'invalid_record'],
    ['PLATFORM_EVENT_ENCRYPTION_ERROR', null, 'encryption_failed']
  ] as const)('%s (status %s) is %s', (code, status, kind) => {
    expect(classifyCode(code, 'message', status).kind).toBe(kind);
  });

  it('reads the OAuth error body and keeps its description', () => {
    expect(classifyHttpError(400, { error: 'invalid_grant', error_description: 'authentication failure' })).toEqual({
      kind: 'auth_failed',
      code: 'invalid_grant',
      message: 'authentication failure',
      status: 400
    });
  });

  it('takes the event UUID from OPERATION_ENQUEUED and names the fields of a record error', () => {
    expect(
      toRecordResult({ id: 'e00', success: true, errors: [{ statusCode: 'OPERATION_ENQUEUED', message: 'uuid-1' }] })
    ).toEqual({ ok: true, eventUuid: 'uuid-1' });
    expect(
      toRecordResult({
        success: false,
        errors: [{ statusCode: 'STRING_TOO_LONG', message: 'data value too large', fields: ['cardbridge__Company__c'] }]
      })
    ).toMatchObject({
      ok: false,
      error: { code: 'STRING_TOO_LONG', message: 'data value too large (cardbridge__Company__c)' }
    });
  });
});
