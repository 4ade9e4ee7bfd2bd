/**
 * Builds signed webhook requests for tests: a body (the John Doe sample unless
 * given), a fresh webhook-id and Standard Webhooks headers signed with the
 * relay's own signing code, plus a helper to post one to a running relay.
 */
import { randomUUID } from 'node:crypto';
import { sampleCardExchange, type SampleOptions } from '../../webhook-relay/src/contract/sample-card-exchange';
import { signedWebhookHeaders } from '../../webhook-relay/src/ingest/webhook-signature';

export const TEST_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export interface SignedWebhook {
  id: string;
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  secret?: string;
  id?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  body?: unknown;
  /** A raw body sent as is (not JSON-encoded). */
  rawBody?: string;
  contentType?: string;
}

/** Marks a path to delete in `sampleWith`. */
export const REMOVE = Symbol('remove');

type JsonObject = Record<string, unknown>;

function setPath(node: JsonObject, keys: string[], value: unknown): void {
  const [head, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) {
    if (value === REMOVE) delete node[head];
    else node[head] = value;
    return;
  }
  const child = node[head];
  const next = child !== null && typeof child === 'object' ? (child as JsonObject) : {};
  node[head] = next;
  setPath(next, rest, value);
}

/** The John Doe sample with changes at dotted paths (`{'data.contact.email': 'x'}`; REMOVE deletes). */
export function sampleWith(changes: Record<string, unknown>, options: SampleOptions = {}): JsonObject {
  const body = sampleCardExchange(options) as unknown as JsonObject;
  for (const [dotted, value] of Object.entries(changes)) setPath(body, dotted.split('.'), value);
  return body;
}

/** What the relay answers: an acknowledgement or a problem. */
export interface RelayAnswerBody {
  id?: string;
  exchangeId?: string;
  status?: string | number;
  duplicate?: boolean;
  type?: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export function newWebhookId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

export function signedWebhook(options: SignOptions = {}): SignedWebhook {
  const id = options.id ?? newWebhookId();
  const body = options.rawBody ?? JSON.stringify(options.body ?? sampleCardExchange());
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    id,
    body,
    headers: {
      'content-type': options.contentType ?? 'application/json',
      ...signedWebhookHeaders(options.secret ?? TEST_SECRET, id, timestamp, body)
    }
  };
}

export async function postWebhook(
  baseUrl: string,
  webhook: SignedWebhook
): Promise<{ status: number; body: RelayAnswerBody; headers: Headers }> {
  const response = await fetch(`${baseUrl}/v1/card-exchanges`, {
    method: 'POST',
    headers: webhook.headers,
    body: webhook.body
  });
  const text = await response.text();
  let body: RelayAnswerBody = { detail: text };
  try {
    body = JSON.parse(text) as RelayAnswerBody;
  } catch {
    // Not JSON: keep the text as the detail.
  }
  return { status: response.status, body, headers: response.headers };
}
