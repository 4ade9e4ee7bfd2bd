/**
 * `POST /v1/card-exchanges`: reads the raw body (size limit first), checks the
 * content type, hands the bytes to ingest, and answers per the webhook
 * contract (architecture.md §1). Errors go out through problem-details.
 */
import express, { Router, type Request } from 'express';
import type { Ingest } from '../ingest/ingest-webhook';
import type { Logger } from '../log/create-logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import { sendProblem } from './problem-details';

export const WEBHOOK_PATH = '/v1/card-exchanges';

export interface WebhookRouteDeps {
  ingest: Ingest;
  metrics: RelayMetrics;
  logger: Logger;
  bodyLimitBytes: number;
}

/** `application/json`, optionally with `charset=utf-8`; nothing else. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

const header = (req: Request, name: string): string | undefined => req.get(name) ?? undefined;

export function createWebhookRoute(deps: WebhookRouteDeps): Router {
  const router = Router();
  router.post(
    WEBHOOK_PATH,
    // Every content type is read so the size check answers before the content-type check.
    express.raw({ type: () => true, limit: deps.bodyLimitBytes }),
    async (req, res) => {
      if (!isJsonContentType(req.get('content-type'))) {
        deps.metrics.rejected.inc({ reason: 'unsupported_media_type' });
        sendProblem(res, 'UNSUPPORTED_MEDIA_TYPE', 'send the card exchange as application/json');
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await deps.ingest({
        headers: {
          id: header(req, 'webhook-id'),
          timestamp: header(req, 'webhook-timestamp'),
          signature: header(req, 'webhook-signature')
        },
        body
      });
      if (!outcome.ok) {
        const { code, detail, errors } = outcome.rejection;
        deps.metrics.rejected.inc({ reason: code.toLowerCase() });
        deps.logger.warn({ webhookId: header(req, 'webhook-id')?.slice(0, 100), code, errors }, 'webhook rejected');
        sendProblem(res, code, detail, errors);
        return;
      }
      const { webhookId, exchangeId, state, duplicate } = outcome.value;
      deps.metrics.received.inc({ outcome: duplicate ? 'duplicate' : 'created' });
      deps.logger.info({ webhookId, exchangeId, state, duplicate }, 'webhook stored');
      if (duplicate) {
        res.status(200).json({ id: webhookId, exchangeId, status: state, duplicate: true });
      } else {
        res.status(202).json({ id: webhookId, exchangeId, status: state });
      }
    }
  );
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.set('Allow', 'POST');
    sendProblem(res, 'METHOD_NOT_ALLOWED', `${WEBHOOK_PATH} accepts POST only`);
  });
  return router;
}
