/**
 * The OAuth 2.0 token endpoint (`/services/oauth2/token`) for every grant the
 * relay uses: one form POST with a timeout, answering a token or an error value.
 * Why not jsforce's OAuth2 here: it cannot bound the request time, and a hung
 * login must not hold a publisher lane. The token endpoint and the answer's
 * `instance_url` must pass the host rule (salesforce-hosts.ts) and no redirect is
 * followed: credentials and tokens go to Salesforce only.
 */
import { classifyHttpError, classifyNetworkError, type SalesforceError } from './salesforce-error';
import { mayCall } from './salesforce-hosts';

export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
  refreshToken: string | null;
  issuedAt: number;
}

export type TokenResult = { ok: true; token: AccessToken } | { ok: false; error: SalesforceError };

export function tokenUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/services/oauth2/token`;
}

/** The refusal when a URL is not one the relay may send credentials or tokens to. */
export function hostNotAllowed(what: string): SalesforceError {
  return {
    kind: 'auth_failed',
    code: 'HOST_NOT_ALLOWED',
    message: `${what} is not a Salesforce host this relay may call; nothing was sent to it`,
    status: null
  };
}

/** A 3xx answer: the relay follows no redirect, so a token or secret never leaves for another host. */
export function redirectRefused(status: number | null): SalesforceError {
  return {
    kind: 'auth_failed',
    code: 'REDIRECT_REFUSED',
    message: `the org answered with a redirect${status ? ` (HTTP ${status})` : ''}, which the relay does not follow: check the org's URL`,
    status
  };
}

export async function requestToken(
  baseUrl: string,
  params: Record<string, string>,
  timeoutMs: number,
  allowedOrigins: readonly string[] = []
): Promise<TokenResult> {
  const url = tokenUrl(baseUrl);
  if (!mayCall(url, allowedOrigins)) return { ok: false, error: hostNotAllowed('the login URL') };
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs)
    });
    text = await response.text();
  } catch (error) {
    return { ok: false, error: classifyNetworkError(error) };
  }
  if (response.status >= 300 && response.status < 400) return { ok: false, error: redirectRefused(response.status) };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = classifyHttpError(response.status, body);
    // The token endpoint answers 400/401 for refused credentials: never a session problem.
    return { ok: false, error: error.kind === 'session_expired' ? { ...error, kind: 'auth_failed' } : error };
  }
  const token = body as Record<string, unknown> | undefined;
  if (!token || typeof token.access_token !== 'string' || typeof token.instance_url !== 'string') {
    return {
      ok: false,
      error: {
        kind: 'transient',
        code: 'BAD_TOKEN_RESPONSE',
        message: 'token answer without access_token',
        status: 200
      }
    };
  }
  // The access token (and everything sent with it) goes to instance_url: it passes the same rule.
  if (!mayCall(token.instance_url, allowedOrigins)) {
    return { ok: false, error: hostNotAllowed("the token answer's instance_url") };
  }
  const instanceUrl = new URL(token.instance_url).origin;
  return {
    ok: true,
    token: {
      accessToken: token.access_token,
      instanceUrl,
      refreshToken: typeof token.refresh_token === 'string' ? token.refresh_token : null,
      issuedAt: Number(token.issued_at ?? Date.now())
    }
  };
}
