/**
 * What the card platform's "Connect" button does: get a token, describe the
 * event object, check the integration user may create it, and answer in plain
 * words with the one thing the admin should do next.
 */
import type { SalesforceClient } from './salesforce-client';
import type { SalesforceError } from './salesforce-error';

export type ConnectionTestStep = 'token' | 'describe' | 'permission' | 'done';

export type ConnectionTestCode =
  | 'ok'
  | 'wrong_domain'
  | 'host_not_allowed'
  | 'redirected'
  | 'invalid_client_id'
  | 'invalid_client_secret'
  | 'flow_not_enabled'
  | 'auth_failed'
  | 'unreachable'
  | 'package_missing'
  | 'not_createable'
  | 'throttled'
  | 'salesforce_error';

export interface ConnectionTestResult {
  ok: boolean;
  step: ConnectionTestStep;
  code: ConnectionTestCode;
  message: string;
  hint: string | null;
}

function fail(
  step: ConnectionTestStep,
  code: ConnectionTestCode,
  message: string,
  hint: string | null
): ConnectionTestResult {
  return { ok: false, step, code, message, hint };
}

function explainTokenError(error: SalesforceError): ConnectionTestResult {
  const description = error.message.toLowerCase();
  if (error.kind === 'unreachable') {
    return fail(
      'token',
      'unreachable',
      `Could not reach the org (${error.code}).`,
      'Check the My Domain URL and that the relay can reach it over HTTPS.'
    );
  }
  if (error.code === 'HOST_NOT_ALLOWED') {
    return fail(
      'token',
      'host_not_allowed',
      'The relay may not send credentials to this address: it is not a Salesforce host.',
      'Use the org’s My Domain URL (https://<your-domain>.my.salesforce.com, or https://test.salesforce.com for a sandbox login).'
    );
  }
  if (error.code === 'REDIRECT_REFUSED') {
    return fail(
      'token',
      'redirected',
      'The org answered with a redirect, which the relay does not follow.',
      'Use the org’s current My Domain URL, exactly as Setup > My Domain shows it.'
    );
  }
  if (error.code === 'invalid_grant' && description.includes('not supported on this domain')) {
    return fail(
      'token',
      'wrong_domain',
      'This login URL does not accept the client credentials flow.',
      'Use your My Domain URL (https://<your-domain>.my.salesforce.com), not login.salesforce.com.'
    );
  }
  if (error.code === 'invalid_client_id') {
    return fail(
      'token',
      'invalid_client_id',
      'The org does not recognise this consumer key.',
      'Copy the consumer key again from the app. A new or changed app can take up to 10 minutes to become active.'
    );
  }
  if (error.code === 'invalid_client') {
    return fail(
      'token',
      'invalid_client_secret',
      'The consumer key and secret do not match.',
      'Copy the consumer secret again from the app. A new or changed app can take up to 10 minutes to become active.'
    );
  }
  if (error.code === 'invalid_grant' && description.includes('client credentials')) {
    return fail(
      'token',
      'flow_not_enabled',
      'The app does not allow the client credentials flow yet.',
      'In the app, enable the client credentials flow and set a Run As user; changes can take up to 10 minutes.'
    );
  }
  return fail(
    'token',
    'auth_failed',
    `The org refused to sign in (${error.code}: ${error.message}).`,
    'Check the app settings and credentials.'
  );
}

function explainCallError(step: ConnectionTestStep, error: SalesforceError): ConnectionTestResult {
  if (error.code === 'HOST_NOT_ALLOWED' || error.code === 'REDIRECT_REFUSED') {
    return { ...explainTokenError(error), step };
  }
  switch (error.kind) {
    case 'package_missing':
      return fail(
        step,
        'package_missing',
        'The Card Exchange event does not exist in this org.',
        'Install the Cardbridge package in this org.'
      );
    case 'unreachable':
      return fail(step, 'unreachable', `Could not reach the org (${error.code}).`, 'Check the network and try again.');
    case 'throttled':
      return fail(step, 'throttled', 'The org has used up its API request allowance for now.', 'Try again later.');
    case 'auth_failed':
    case 'session_expired':
      return fail(
        step,
        'auth_failed',
        'The org accepted the login but refused the API call.',
        'Make sure the Run As user has API access.'
      );
    case 'permission_denied':
      return fail(
        step,
        'not_createable',
        'The integration user may not publish Card Exchange events.',
        'Assign the Cardbridge integration user permission set to the Run As user.'
      );
    default:
      return fail(step, 'salesforce_error', `Salesforce answered ${error.code}: ${error.message}`, null);
  }
}

export async function testConnection(client: SalesforceClient): Promise<ConnectionTestResult> {
  const token = await client.authorize();
  if (!token.ok) return explainTokenError(token.error);
  const describe = await client.describeEvent();
  if (!describe.ok) return explainCallError('describe', describe.error);
  if (!describe.value.createable) {
    return fail(
      'permission',
      'not_createable',
      'The integration user may not publish Card Exchange events.',
      'Assign the Cardbridge integration user permission set to the Run As user.'
    );
  }
  return { ok: true, step: 'done', code: 'ok', message: 'Connected: events can be published to this org.', hint: null };
}
