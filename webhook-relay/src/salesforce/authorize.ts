/**
 * Gets an access token for one org by the flow its connection is set up with:
 * client credentials (from the org's My Domain), JWT bearer, or a stored
 * refresh token from the web-server flow.
 *
 * With refresh token rotation on the app, every refresh answers a new refresh token
 * and invalidates the one used ("OAuth 2.0 Refresh Token Flow for Renewed Sessions",
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=remoteaccess_oauth_refresh_token_flow.htm):
 * a refresh goes through a `RefreshTokenKeeper`, which hands out the newest token,
 * lets one refresh of a connection run at a time across relays and saves what
 * Salesforce answered before the next one starts.
 */
import { signJwtAssertion } from './jwt-assertion';
import { requestToken, type TokenResult } from './oauth-token';
import type { SalesforceOrg } from './org-config';

export const DEFAULT_JWT_AUDIENCE = 'https://login.salesforce.com';

export interface RefreshTokenKeeper {
  /**
   * One refresh, in turn with every other refresh of this connection: `exchange` is
   * called with the newest refresh token descending from `seed` (the token the
   * connection was authorized with), and a new token in its answer is saved.
   */
  refresh(seed: string, exchange: (refreshToken: string) => Promise<TokenResult>): Promise<TokenResult>;
}

/** Keeps rotated tokens in memory only (one process, nothing shared): what a client uses without a store. */
export function memoryRefreshTokens(): RefreshTokenKeeper {
  const newest = new Map<string, string>();
  let turn: Promise<unknown> = Promise.resolve();
  return {
    refresh(seed, exchange) {
      const run = turn.then(async () => {
        const result = await exchange(newest.get(seed) ?? seed);
        if (result.ok && result.token.refreshToken) newest.set(seed, result.token.refreshToken);
        return result;
      });
      turn = run.catch(() => undefined);
      return run;
    }
  };
}

export function authorize(org: SalesforceOrg, refreshTokens?: RefreshTokenKeeper): Promise<TokenResult> {
  const auth = org.auth;
  switch (auth.flow) {
    case 'client_credentials':
      return requestToken(
        org.instanceUrl,
        { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret },
        org.timeoutMs,
        org.allowedOrigins
      );
    case 'jwt': {
      let assertion: string;
      try {
        assertion = signJwtAssertion(
          { clientId: auth.clientId, username: auth.username, audience: auth.loginUrl ?? DEFAULT_JWT_AUDIENCE },
          auth.privateKey
        );
      } catch (error) {
        return Promise.resolve({
          ok: false,
          error: { kind: 'auth_failed', code: 'INVALID_PRIVATE_KEY', message: (error as Error).message, status: null }
        });
      }
      return requestToken(
        org.instanceUrl,
        { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
        org.timeoutMs,
        org.allowedOrigins
      );
    }
    case 'web_server': {
      if (!auth.refreshToken) {
        return Promise.resolve({
          ok: false,
          error: {
            kind: 'auth_failed',
            code: 'NO_REFRESH_TOKEN',
            message: 'no refresh token yet: complete the web-server flow (authorize the app) first',
            status: null
          }
        });
      }
      const exchange = (refreshToken: string) => {
        const params: Record<string, string> = {
          grant_type: 'refresh_token',
          client_id: auth.clientId,
          refresh_token: refreshToken
        };
        if (auth.clientSecret) params.client_secret = auth.clientSecret;
        return requestToken(org.instanceUrl, params, org.timeoutMs, org.allowedOrigins);
      };
      return (refreshTokens ?? memoryRefreshTokens()).refresh(auth.refreshToken, exchange);
    }
  }
}
