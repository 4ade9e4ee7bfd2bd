/**
 * The OAuth 2.0 token endpoint (`/services/oauth2/token`) for every grant the
 * relay uses: one form POST with a timeout, answering a token or an error value.
 * Why not jsforce's OAuth2 here: it cannot bound the request time, and a hung
 * login must not hold a publisher lane.
 */
import { classifyHttpError, classifyNetworkError, type SalesforceError } from './salesforce-error';

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

export async function requestToken(
  baseUrl: string,
  params: Record<string, string>,
  timeoutMs: number
): Promise<TokenResult> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(tokenUrl(baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs)
    });
    text = await response.text();
  } catch (error) {
    return { ok: false, error: classifyNetworkError(error) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = classifyHttpError(response.status, body, text);
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
  return {
    ok: true,
    token: {
      accessToken: token.access_token,
      instanceUrl: token.instance_url.replace(/\/+$/, ''),
      refreshToken: typeof token.refresh_token === 'string' ? token.refresh_token : null,
      issuedAt: Number(token.issued_at ?? Date.now())
    }
  };
}
