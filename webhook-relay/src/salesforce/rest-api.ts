/**
 * Authenticated REST calls to one org through a jsforce `Connection`: token
 * cache, one re-authorization and one retry on 401, a bounded time per call,
 * and every failure turned into a `SalesforceError` value. jsforce's own POST
 * retries and session refresh are switched off: the relay owns retries. jsforce
 * follows redirects by default, with the Authorization header: here a redirect is
 * refused instead, and every call's URL must pass the host rule.
 */
import { Connection } from 'jsforce';
import { authorize, memoryRefreshTokens, type RefreshTokenKeeper } from './authorize';
import type { SalesforceOrg } from './org-config';
import { hostNotAllowed, redirectRefused, type AccessToken, type TokenResult } from './oauth-token';
import { classifyCode, classifyNetworkError, plainText, statusOnly, type SalesforceError } from './salesforce-error';
import { mayCall } from './salesforce-hosts';

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

/** Thrown from jsforce's redirect hook: the redirect is not followed. */
class RedirectRefusedError extends Error {
  constructor() {
    super('redirect refused');
  }
}

/**
 * jsforce keeps the Salesforce code but not the status; non-JSON answers come back as
 * `ERROR_HTTP_<status>` with the body as message, which is not echoed.
 */
export function classifyJsforceError(error: unknown): SalesforceError {
  if (error instanceof RedirectRefusedError) return redirectRefused(null);
  const err = error as JsforceError;
  if (!err || typeof err.errorCode !== 'string') return classifyNetworkError(error);
  if (err.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(err.data)) {
    const first = err.data[0] as { errorCode?: string; message?: string } | undefined;
    return classifyCode(first?.errorCode ?? 'MULTIPLE_API_ERRORS', plainText(first?.message), null);
  }
  const httpStatus = /^ERROR_HTTP_(\d{3})$/.exec(err.errorCode);
  if (httpStatus) return statusOnly(Number(httpStatus[1]));
  const status = err.errorCode === 'INVALID_SESSION_ID' ? 401 : null;
  return classifyCode(err.errorCode, plainText(err.message), status);
}

export interface RestApiOptions {
  /** Where a web-server connection's newest refresh token lives (shared by every relay). */
  refreshTokens?: RefreshTokenKeeper;
  /** Told of every token request that failed (the relay counts them for its alerts). */
  onTokenFailure?: (error: SalesforceError) => void;
}

export function createRestApi(org: SalesforceOrg, options: RestApiOptions = {}): RestApi {
  let token: AccessToken | null = null;
  let pending: Promise<TokenResult> | null = null;
  const refreshTokens = options.refreshTokens ?? memoryRefreshTokens();

  // Concurrent lanes share one token request instead of each logging in.
  function freshToken(): Promise<TokenResult> {
    if (!pending) {
      pending = authorize(org, refreshTokens).then((result) => {
        token = result.ok ? result.token : null;
        pending = null;
        if (!result.ok) options.onTokenFailure?.(result.error);
        return result;
      });
    }
    return pending;
  }

  async function currentToken(): Promise<TokenResult> {
    return token ? { ok: true, token } : freshToken();
  }

  async function send<T>(auth: AccessToken, method: string, path: string, body: unknown): Promise<CallResult<T>> {
    const url = `${auth.instanceUrl}/services/data/v${org.apiVersion}${path}`;
    if (!mayCall(url, org.allowedOrigins)) return { ok: false, error: hostNotAllowed('the instance URL') };
    const conn = new Connection({
      instanceUrl: auth.instanceUrl,
      accessToken: auth.accessToken,
      version: org.apiVersion
    });
    try {
      const value = await conn.request<T>(
        {
          method: method as 'GET' | 'POST',
          url,
          // Encoded once: jsforce measures a string body with Buffer.byteLength, then encodes it to send
          // it: a batch of 200 events is ~330 KB, and the extra pass cost 0.3-1 µs an event (measured).
          body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
          headers: body === undefined ? {} : { 'content-type': 'application/json' }
        },
        {
          timeout: org.timeoutMs,
          retry: { maxRetries: 0 },
          // jsforce would follow a redirect, Authorization header and all: refuse it.
          followRedirect: () => {
            throw new RedirectRefusedError();
          }
        }
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
