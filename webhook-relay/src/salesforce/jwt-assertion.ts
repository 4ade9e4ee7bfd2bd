/**
 * The JWT bearer flow's assertion: RS256 over `{iss, sub, aud, exp}` signed with
 * node:crypto, as Salesforce's OAuth 2.0 JWT Bearer Flow expects.
 */
import { createSign } from 'node:crypto';

export interface JwtClaims {
  /** The app's consumer key. */
  clientId: string;
  /** The Salesforce username the token is for. */
  username: string;
  /** login.salesforce.com, test.salesforce.com or a site URL. */
  audience: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** Salesforce accepts an assertion valid for at most 3 minutes. */
export function signJwtAssertion(claims: JwtClaims, privateKeyPem: string, nowMs: number = Date.now()): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      iss: claims.clientId,
      sub: claims.username,
      aud: claims.audience,
      exp: Math.floor(nowMs / 1000) + 180
    })
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${signer.sign(privateKeyPem).toString('base64url')}`;
}
