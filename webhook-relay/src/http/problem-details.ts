/**
 * The one place where an error code becomes an HTTP answer: RFC 9457
 * `application/problem+json` with a `type` URI per problem, its status and
 * title. Every route answers errors through `sendProblem`.
 */
import type { ServerResponse } from 'node:http';
import type { FieldError, IngestRejectionCode } from '../ingest/ingest-errors';

export const PROBLEM_BASE_URI = 'https://cardbridge.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Seconds a sender should wait after a 503 before retrying. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

export type ProblemCode =
  | IngestRejectionCode
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'TOO_MANY_REQUESTS'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL_ERROR';

interface ProblemKind {
  status: number;
  slug: string;
  title: string;
}

const PROBLEMS: Record<ProblemCode, ProblemKind> = {
  PAYLOAD_TOO_LARGE: { status: 413, slug: 'payload-too-large', title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type' },
  INVALID_SIGNATURE: { status: 401, slug: 'invalid-signature', title: 'Invalid webhook signature' },
  MALFORMED_JSON: { status: 400, slug: 'malformed-json', title: 'Malformed JSON' },
  BAD_REQUEST: { status: 400, slug: 'bad-request', title: 'Bad request' },
  INVALID_PAYLOAD: { status: 422, slug: 'invalid-payload', title: 'Invalid card exchange' },
  UNSUPPORTED_EVENT_TYPE: { status: 422, slug: 'unsupported-event-type', title: 'Unsupported event type' },
  WEBHOOK_ID_CONFLICT: { status: 409, slug: 'webhook-id-conflict', title: 'Webhook id reused with a different body' },
  STORAGE_UNAVAILABLE: { status: 503, slug: 'storage-unavailable', title: 'Storage unavailable' },
  UNAUTHORIZED: { status: 401, slug: 'unauthorized', title: 'Unauthorized' },
  TOO_MANY_REQUESTS: { status: 429, slug: 'too-many-requests', title: 'Too many failed attempts' },
  NOT_FOUND: { status: 404, slug: 'not-found', title: 'Not found' },
  CONFLICT: { status: 409, slug: 'conflict', title: 'Conflict' },
  METHOD_NOT_ALLOWED: { status: 405, slug: 'method-not-allowed', title: 'Method not allowed' },
  INTERNAL_ERROR: { status: 500, slug: 'internal-error', title: 'Internal error' }
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function problemFor(code: ProblemCode, detail: string, errors?: FieldError[]): Problem {
  const kind = PROBLEMS[code];
  return {
    type: `${PROBLEM_BASE_URI}${kind.slug}`,
    title: kind.title,
    status: kind.status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {})
  };
}

/** Writes a JSON answer on a plain node response (express responses are node responses too). */
export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = 'application/json'): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', `${contentType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export function sendProblem(res: ServerResponse, code: ProblemCode, detail: string, errors?: FieldError[]): void {
  const problem = problemFor(code, detail, errors);
  if (code === 'STORAGE_UNAVAILABLE') res.setHeader('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
  if (code === 'UNAUTHORIZED') res.setHeader('WWW-Authenticate', 'Bearer realm="cardbridge-relay"');
  sendJson(res, problem.status, problem, PROBLEM_CONTENT_TYPE);
}

/** The detail of a problem raised while reading a request body (size, encoding, broken stream). */
export function bodyErrorDetail(code: ProblemCode, bodyLimitBytes: number): string {
  switch (code) {
    case 'PAYLOAD_TOO_LARGE':
      return `the body is larger than ${bodyLimitBytes} bytes`;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'the content encoding or charset is not supported; send uncompressed or gzip UTF-8 JSON';
    case 'INTERNAL_ERROR':
      return 'the relay failed unexpectedly; nothing was acknowledged';
    default:
      return 'the request could not be read';
  }
}

/** Maps an error thrown by express or body reading to a problem code; unknown errors are ours (500). */
export function problemCodeForError(error: unknown): ProblemCode {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (typeof status === 'number' && status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL_ERROR';
}
