/**
 * The relay's express 5 application: webhook intake, operations and admin
 * routes, a problem+json 404 for everything else, and the error handler that
 * turns any thrown error into a problem answer.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Ingest } from '../ingest/ingest-webhook';
import type { Logger } from '../log/create-logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { OutboxStore } from '../store/outbox-store';
import { createAdminRoutes } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';
import { createOpsRoutes, type ConnectionStatesProvider } from './ops-routes';
import { problemCodeForError, sendProblem, type ProblemCode } from './problem-details';
import { createWebhookRoute, WEBHOOK_PATH } from './webhook-route';

export interface AppDeps {
  ingest: Ingest;
  store: OutboxStore;
  metrics: RelayMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  adminToken: () => string | undefined;
  /** Wrong-token throttle for the admin API, shared with the console. */
  adminAttempts?: FailedAttempts;
  connectionStates: ConnectionStatesProvider;
  /** More routers (e.g. the publisher's admin API), mounted before the 404 fallback. */
  extraRoutes?: Router[];
}

function errorDetail(code: ProblemCode, bodyLimitBytes: number): string {
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

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createWebhookRoute(deps));
  app.use(createOpsRoutes(deps));
  app.use(createAdminRoutes(deps));
  for (const router of deps.extraRoutes ?? []) app.use(router);

  app.use((req: Request, res: Response) => {
    sendProblem(res, 'NOT_FOUND', `no route for ${req.method} ${req.path.slice(0, 200)}`);
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const code = problemCodeForError(error);
    if (code === 'INTERNAL_ERROR') deps.logger.error({ err: error, path: req.path }, 'unexpected error');
    if (code !== 'INTERNAL_ERROR' && req.path === WEBHOOK_PATH)
      deps.metrics.rejected.inc({ reason: code.toLowerCase() });
    if (res.headersSent) return;
    sendProblem(res, code, errorDetail(code, deps.bodyLimitBytes));
  });

  return app;
}
