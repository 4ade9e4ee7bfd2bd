/**
 * `POST /v1/card-exchanges` on plain node:http: reads the raw body (size limit
 * and content decoding first), checks the content type, hands the bytes to
 * ingest, and answers per the webhook contract (architecture.md §1), errors as
 * problem+json.
 *
 * It runs in front of express (`createRelayListener`), not inside it: on this path
 * express 5's per-request work (prototype swaps, router layers, response helpers)
 * cost more CPU than verifying, validating and durably storing the webhook
 * together (docs/benchmarks.md). Express still serves every other route, and a
 * request whose path only express would match (odd spellings) reaches this same
 * handler through the fallback route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Router } from 'express';
import type { Ingest } from '../ingest/ingest-webhook';
import type { Logger } from '../log/create-logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import { bodyErrorDetail, problemCodeForError, sendJson, sendProblem } from './problem-details';

export const WEBHOOK_PATH = '/v1/card-exchanges';

export interface WebhookEndpointDeps {
  ingest: Ingest;
  metrics: RelayMetrics;
  logger: Logger;
  bodyLimitBytes: number;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** `application/json`, optionally with `charset=utf-8`; nothing else. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

/** A POST to the webhook path as express would match it: any letter case, a trailing slash, a query. */
export function isWebhookPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url === undefined) return false;
  const queryAt = req.url.indexOf('?');
  let path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
  if (path.length > WEBHOOK_PATH.length && path.endsWith('/')) path = path.slice(0, -1);
  return path.length === WEBHOOK_PATH.length && path.toLowerCase() === WEBHOOK_PATH;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createWebhookHandler(deps: WebhookEndpointDeps): NodeHandler {
  // Every content type is read so the size check answers before the content-type check;
  // body-parser also inflates gzip and deflate, counting the limit in inflated bytes.
  const readBody = express.raw({ type: () => true, limit: deps.bodyLimitBytes });

  const rejectBody = (res: ServerResponse, error: unknown) => {
    const code = problemCodeForError(error);
    if (code === 'INTERNAL_ERROR') {
      deps.logger.error({ err: error, path: WEBHOOK_PATH }, 'unexpected error');
    } else {
      deps.metrics.rejected.inc({ reason: code.toLowerCase() });
    }
    if (!res.headersSent) sendProblem(res, code, bodyErrorDetail(code, deps.bodyLimitBytes));
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isJsonContentType(header(req, 'content-type'))) {
      deps.metrics.rejected.inc({ reason: 'unsupported_media_type' });
      sendProblem(res, 'UNSUPPORTED_MEDIA_TYPE', 'send the card exchange as application/json');
      return;
    }
    const raw = (req as IncomingMessage & { body?: unknown }).body;
    const webhookId = header(req, 'webhook-id');
    const outcome = await deps.ingest({
      headers: {
        id: webhookId,
        timestamp: header(req, 'webhook-timestamp'),
        signature: header(req, 'webhook-signature')
      },
      body: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0)
    });
    if (!outcome.ok) {
      const { code, detail, errors } = outcome.rejection;
      deps.metrics.rejected.inc({ reason: code.toLowerCase() });
      deps.logger.warn({ webhookId: webhookId?.slice(0, 100), code, errors }, 'webhook rejected');
      sendProblem(res, code, detail, errors);
      return;
    }
    const { exchangeId, state, duplicate } = outcome.value;
    deps.metrics.received.inc({ outcome: duplicate ? 'duplicate' : 'created' });
    deps.logger.info({ webhookId: outcome.value.webhookId, exchangeId, state, duplicate }, 'webhook stored');
    if (duplicate) {
      sendJson(res, 200, { id: outcome.value.webhookId, exchangeId, status: state, duplicate: true });
    } else {
      sendJson(res, 202, { id: outcome.value.webhookId, exchangeId, status: state });
    }
  }

  return (req, res) => {
    // Every answer counted by status, whichever path gave it (5xx pages: cardbridge-alerts.yaml).
    res.once('finish', () => deps.metrics.webhookResponses.inc({ status: String(res.statusCode) }));
    readBody(req as express.Request, res as express.Response, (error?: unknown) => {
      if (error) {
        rejectBody(res, error);
        return;
      }
      answer(req, res).catch((unexpected: unknown) => rejectBody(res, unexpected));
    });
  };
}

/**
 * The webhook path inside express: a POST that only express's matching recognised goes
 * to the same handler; any other method is a 405 naming the one allowed.
 */
export function createWebhookFallbackRoute(webhook: NodeHandler): Router {
  const router = Router();
  router.post(WEBHOOK_PATH, (req, res) => webhook(req, res));
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.set('Allow', 'POST');
    sendProblem(res, 'METHOD_NOT_ALLOWED', `${WEBHOOK_PATH} accepts POST only`);
  });
  return router;
}
