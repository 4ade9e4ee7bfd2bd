/**
 * Gets an access token for one org by the flow its connection is set up with:
 * client credentials (from the org's My Domain), JWT bearer, or a stored
 * refresh token from the web-server flow.
 */
import { signJwtAssertion } from './jwt-assertion';
import { requestToken, type TokenResult } from './oauth-token';
import type { SalesforceOrg } from './org-config';

export const DEFAULT_JWT_AUDIENCE = 'https://login.salesforce.com';

export function authorize(org: SalesforceOrg): Promise<TokenResult> {
  const auth = org.auth;
  switch (auth.flow) {
    case 'client_credentials':
      return requestToken(
        org.instanceUrl,
        { grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret },
        org.timeoutMs
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
        org.timeoutMs
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
      const params: Record<string, string> = {
        grant_type: 'refresh_token',
        client_id: auth.clientId,
        refresh_token: auth.refreshToken
      };
      if (auth.clientSecret) params.client_secret = auth.clientSecret;
      return requestToken(org.instanceUrl, params, org.timeoutMs);
    }
  }
}
