/**
 * Standard Webhooks signatures: signing (for send-test and tests) and
 * verification over the raw body bytes, with several secrets at once for
 * rotation and a timestamp tolerance both ways. Comparisons are constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type SignatureFailureCode =
  'MISSING_HEADERS' | 'INVALID_TIMESTAMP' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'NO_MATCHING_SIGNATURE';

export type SignatureCheck = { ok: true } | { ok: false; code: SignatureFailureCode; detail: string };

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** The key bytes of a `whsec_<base64>` secret (a bare base64 secret also works). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

function hmac(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** The `webhook-signature` value (`v1,<base64>`) for one secret. */
export function signWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return `v1,${hmac(secretKey(secret), id, String(timestamp), bytes).toString('base64')}`;
}

export function verifyWebhook(
  headers: WebhookHeaders,
  body: Buffer,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return {
      ok: false,
      code: 'MISSING_HEADERS',
      detail: 'webhook-id, webhook-timestamp and webhook-signature headers are required'
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'INVALID_TIMESTAMP', detail: 'webhook-timestamp must be unix seconds' };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return {
      ok: false,
      code: 'TIMESTAMP_OUT_OF_TOLERANCE',
      detail: `webhook-timestamp is more than ${toleranceSeconds} seconds away from the relay's clock`
    };
  }
  const candidates = signature
    .split(' ')
    .map((entry) => entry.split(','))
    .filter((parts) => parts.length === 2 && parts[0] === 'v1')
    .map((parts) => Buffer.from(parts[1] ?? '', 'base64'));
  // Every secret is checked against every candidate so timing says nothing about which matched.
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secretKey(secret), id, timestamp, body);
    for (const candidate of candidates) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched
    ? { ok: true }
    : { ok: false, code: 'NO_MATCHING_SIGNATURE', detail: 'no signature matches a configured secret' };
}

/** The three Standard Webhooks headers for a body signed with one secret. */
export function signedWebhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: Buffer | string
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body)
  };
}
