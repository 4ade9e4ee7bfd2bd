/**
 * The OAuth 2.0 web-server flow an admin goes through once to hand the relay a
 * refresh token: authorization URL with `state` and PKCE (S256), then the code
 * exchange at `/services/oauth2/token`. The callback is the relay's
 * `/oauth/callback`, pasted into the app's Callback URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { requestToken, type TokenResult } from './oauth-token';

export interface AuthorizationStart {
  url: string;
  /** Compare with the callback's `state` to refuse forged callbacks. */
  state: string;
  /** Keep server-side until the callback; send with the code exchange. */
  codeVerifier: string;
}

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

export function startAuthorization(options: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  scope?: string;
}): AuthorizationStart {
  const state = randomBytes(16).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const url = new URL('/services/oauth2/authorize', options.loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'api refresh_token offline_access',
    state,
    code_challenge: pkceChallenge(codeVerifier),
    code_challenge_method: 'S256'
  }).toString();
  return { url: url.toString(), state, codeVerifier };
}

export function exchangeAuthorizationCode(options: {
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
  timeoutMs?: number;
  /** Origins besides Salesforce's hosts the code may be exchanged on (the operator's extra hosts). */
  allowedOrigins?: readonly string[];
}): Promise<TokenResult> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: options.code,
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    code_verifier: options.codeVerifier
  };
  if (options.clientSecret) params.client_secret = options.clientSecret;
  return requestToken(options.loginUrl, params, options.timeoutMs ?? 30_000, options.allowedOrigins ?? []);
}
