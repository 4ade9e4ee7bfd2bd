/**
 * The double's token endpoint: the grants the relay uses, with the error
 * bodies Salesforce documents for each refusal.
 */
import { createHash, createVerify, randomBytes } from 'node:crypto';

export interface OAuthError {
  status: number;
  body: { error: string; error_description: string };
}

export interface JwtTrust {
  publicKey: string;
  clientId: string;
  username: string;
  audience: string;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

export interface OAuthState {
  clients: Map<string, string>;
  refreshTokens: Set<string>;
  codes: Map<string, AuthorizationCode>;
  jwt: JwtTrust[];
  /** Answer like login.salesforce.com does for client credentials. */
  rejectClientCredentialsDomain: boolean;
  /** Refresh token rotation: a refresh answers a new refresh token and invalidates the one used. */
  rotateRefreshTokens: boolean;
}

export const oauthError = (error: string, description: string, status = 400): OAuthError => ({
  status,
  body: { error, error_description: description }
});

function checkClient(state: OAuthState, clientId: string | null, secret: string | null): OAuthError | null {
  if (!clientId || !state.clients.has(clientId)) return oauthError('invalid_client_id', 'client identifier invalid');
  if (secret !== null && state.clients.get(clientId) !== secret) {
    return oauthError('invalid_client', 'invalid client credentials');
  }
  return null;
}

function checkJwt(state: OAuthState, assertion: string | null): OAuthError | null {
  const [header, payload, signature] = (assertion ?? '').split('.');
  if (!header || !payload || !signature) return oauthError('invalid_grant', 'invalid assertion');
  let claims: { iss?: string; sub?: string; aud?: string; exp?: number };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return oauthError('invalid_grant', 'invalid assertion');
  }
  const trust = state.jwt.find((entry) => entry.clientId === claims.iss);
  if (!trust) return oauthError('invalid_client_id', 'client identifier invalid');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(trust.publicKey, Buffer.from(signature, 'base64url'))) {
    return oauthError('invalid_grant', 'invalid assertion');
  }
  if (claims.aud !== trust.audience) return oauthError('invalid_grant', 'audience is invalid');
  if (claims.sub !== trust.username) return oauthError('invalid_grant', "user hasn't approved this consumer");
  if (!claims.exp || claims.exp * 1000 < Date.now()) return oauthError('invalid_grant', 'expired authorization code');
  return null;
}

/** Checks one token request; answers an error, or whether to hand out a refresh token. */
export function checkGrant(state: OAuthState, form: URLSearchParams): OAuthError | { refreshToken: boolean } {
  const grant = form.get('grant_type');
  const clientId = form.get('client_id');
  switch (grant) {
    case 'client_credentials': {
      if (state.rejectClientCredentialsDomain) {
        return oauthError('invalid_grant', 'request not supported on this domain');
      }
      return checkClient(state, clientId, form.get('client_secret') ?? '') ?? { refreshToken: false };
    }
    case 'refresh_token': {
      const error = checkClient(state, clientId, form.get('client_secret'));
      if (error) return error;
      const used = form.get('refresh_token') ?? '';
      if (!state.refreshTokens.has(used)) return oauthError('invalid_grant', 'expired access/refresh token');
      if (!state.rotateRefreshTokens) return { refreshToken: false };
      state.refreshTokens.delete(used);
      return { refreshToken: true };
    }
    case 'authorization_code': {
      const error = checkClient(state, clientId, form.get('client_secret'));
      if (error) return error;
      const code = state.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== clientId || code.redirectUri !== form.get('redirect_uri')) {
        return oauthError('invalid_grant', 'invalid authorization code');
      }
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (challenge !== code.codeChallenge) return oauthError('invalid_grant', 'invalid code verifier');
      state.codes.delete(form.get('code') ?? '');
      return { refreshToken: true };
    }
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
      return checkJwt(state, form.get('assertion')) ?? { refreshToken: false };
    default:
      return oauthError('unsupported_grant_type', 'grant type not supported');
  }
}

export function newToken(prefix: string): string {
  return `${prefix}!${randomBytes(24).toString('base64url')}`;
}
