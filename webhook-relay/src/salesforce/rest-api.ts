/**
 * Authenticated REST calls to one org through a jsforce `Connection`: token
 * cache, one re-authorization and one retry on 401, a bounded time per call,
 * and every failure turned into a `SalesforceError` value. jsforce's own POST
 * retries and session refresh are switched off: the relay owns retries.
 */
import { Connection } from 'jsforce';
import { authorize } from './authorize';
import type { SalesforceOrg } from './org-config';
import type { AccessToken, TokenResult } from './oauth-token';
import { classifyCode, classifyNetworkError, type SalesforceError } from './salesforce-error';

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: SalesforceError };

export interface RestApi {
  readonly org: SalesforceOrg;
  /** `path` is relative to `/services/data/vNN.0`, e.g. `/composite/sobjects`. */
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<CallResult<T>>;
  /** Drops the cached token and asks for a new one. */
  authorize(): Promise<TokenResult>;
}

interface JsforceError {
  errorCode?: string;
  name?: string;
  message?: string;
  data?: unknown;
}

/** jsforce keeps the Salesforce code but not the status; non-JSON answers come back as `ERROR_HTTP_<status>`. */
export function classifyJsforceError(error: unknown): SalesforceError {
  const err = error as JsforceError;
  if (!err || typeof err.errorCode !== 'string') return classifyNetworkError(error);
  if (err.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(err.data)) {
    const first = err.data[0] as { errorCode?: string; message?: string } | undefined;
    return classifyCode(first?.errorCode ?? 'MULTIPLE_API_ERRORS', first?.message ?? '', null);
  }
  const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(err.errorCode);
  const status = httpStatus ? Number(httpStatus[1]) : err.errorCode === 'INVALID_SESSION_ID' ? 401 : null;
  return classifyCode(err.errorCode, (err.message ?? '').slice(0, 300), status);
}

export function createRestApi(org: SalesforceOrg): RestApi {
  let token: AccessToken | null = null;
  let pending: Promise<TokenResult> | null = null;

  // Concurrent lanes share one token request instead of each logging in.
  function freshToken(): Promise<TokenResult> {
    if (!pending) {
      pending = authorize(org).then((result) => {
        token = result.ok ? result.token : null;
        pending = null;
        return result;
      });
    }
    return pending;
  }

  async function currentToken(): Promise<TokenResult> {
    return token ? { ok: true, token } : freshToken();
  }

  async function send<T>(auth: AccessToken, method: string, path: string, body: unknown): Promise<CallResult<T>> {
    const conn = new Connection({
      instanceUrl: auth.instanceUrl,
      accessToken: auth.accessToken,
      version: org.apiVersion
    });
    try {
      const value = await conn.request<T>(
        {
          method: method as 'GET' | 'POST',
          url: `${auth.instanceUrl}/services/data/v${org.apiVersion}${path}`,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers: body === undefined ? {} : { 'content-type': 'application/json' }
        },
        { timeout: org.timeoutMs, retry: { maxRetries: 0 } }
      );
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: classifyJsforceError(error) };
    }
  }

  return {
    org,
    authorize: () => {
      token = null;
      return freshToken();
    },
    async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<CallResult<T>> {
      const first = await currentToken();
      if (!first.ok) return first;
      const result = await send<T>(first.token, method, path, body);
      if (result.ok || result.error.kind !== 'session_expired') return result;
      // Another lane may already have renewed the token after our call left.
      const renewed =
        token && token.accessToken !== first.token.accessToken ? { ok: true as const, token } : await freshToken();
      if (!renewed.ok) return renewed;
      const retried = await send<T>(renewed.token, method, path, body);
      if (!retried.ok && retried.error.kind === 'session_expired') {
        // A fresh token refused at once: the app or user lost API access.
        return { ok: false, error: { ...retried.error, kind: 'auth_failed' } };
      }
      return retried;
    }
  };
}
