/**
 * The relay's HTTP surface: the request listener that sends webhook POSTs to the
 * lean webhook handler (webhook-endpoint.ts) and everything else to the express 5
 * application — operations and admin routes, a problem+json 404 for everything
 * else, and the error handler that turns any thrown error into a problem answer.
 *
 * Two surfaces: `all` (one listener serving everything, the default) and `public`
 * (the webhook endpoint, `/healthz` and `/readyz` only), for a relay whose admin
 * API, console, metrics and status live on a second, internal listener.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Ingest } from '../ingest/ingest-webhook';
import type { Logger } from '../log/create-logger';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { OutboxStore, QueueCounts } from '../store/outbox-store';
import { createAdminRoutes } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';
import { createHealthRoutes, createOpsRoutes, type ConnectionStatesProvider } from './ops-routes';
import { bodyErrorDetail, problemCodeForError, sendProblem } from './problem-details';
import { createWebhookFallbackRoute, createWebhookHandler, isWebhookPost, type NodeHandler } from './webhook-endpoint';

export interface AppDeps {
  ingest: Ingest;
  store: OutboxStore;
  metrics: RelayMetrics;
  logger: Logger;
  bodyLimitBytes: number;
  adminToken: () => string | readonly string[] | undefined;
  /** Wrong-token throttle for the admin API, shared with the console. */
  adminAttempts?: FailedAttempts;
  connectionStates: ConnectionStatesProvider;
  /** Queue counts for /metrics and the status, cached; default: the store's, uncached (tests). */
  queueCounts?: () => Promise<QueueCounts>;
  /** More routers (e.g. the publisher's admin API), mounted before the 404 fallback. */
  extraRoutes?: Router[];
}

/** `all`: every route; `public`: the webhook endpoint, /healthz and /readyz only. */
export type RelaySurface = 'all' | 'public';

/**
 * The relay's request listener: webhook POSTs go straight to the webhook handler,
 * everything else to the express app.
 */
export function createRelayListener(deps: AppDeps, surface: RelaySurface = 'all'): NodeHandler {
  const webhook = createWebhookHandler(deps);
  const app = createApp(deps, webhook, surface);
  return (req, res) => {
    if (isWebhookPost(req)) webhook(req, res);
    else app(req, res);
  };
}

export function createApp(
  deps: AppDeps,
  webhook: NodeHandler = createWebhookHandler(deps),
  surface: RelaySurface = 'all'
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createWebhookFallbackRoute(webhook));
  if (surface === 'public') {
    app.use(createHealthRoutes(deps));
  } else {
    app.use(createOpsRoutes({ ...deps, queueCounts: deps.queueCounts ?? (() => deps.store.counts()) }));
    app.use(createAdminRoutes(deps));
    for (const router of deps.extraRoutes ?? []) app.use(router);
  }

  app.use((req: Request, res: Response) => {
    sendProblem(res, 'NOT_FOUND', `no route for ${req.method} ${req.path.slice(0, 200)}`);
  });

  // Express recognises an error handler by its four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const code = problemCodeForError(error);
    if (code === 'INTERNAL_ERROR') deps.logger.error({ err: error, path: req.path }, 'unexpected error');
    if (res.headersSent) return;
    sendProblem(res, code, bodyErrorDetail(code, deps.bodyLimitBytes));
  });

  return app;
}
