/**
 * Operations endpoints. For load balancers, on every listener and without a token:
 * `/healthz` (the process answers) and `/readyz` (storage answers a ping; nothing
 * about customers, no count). For operators: `/metrics` (Prometheus text from the
 * relay's own registry) and `GET /admin/v1/status` (bearer token: each org
 * connection's state and queue depth, the queue by state), served where the admin
 * API is — the internal listener when one is configured. Queue counts come through
 * a short-lived cache (store/cached-queue-counts.ts), never one count per request.
 */
import { Router } from 'express';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { OutboxStore, QueueCounts } from '../store/outbox-store';
import { ADMIN_PREFIX, requireAdminToken } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';

export type ConnectionHealth =
  'ok' | 'auth_failed' | 'package_missing' | 'throttled' | 'unreachable' | 'encryption_failed' | 'unknown';

export interface ConnectionStatus {
  id: string;
  name: string;
  state: ConnectionHealth;
  /** The last failure, `CODE: message` (the detailed status shows it). */
  lastError?: string | null;
}

export type ConnectionStatesProvider = () => ConnectionStatus[] | Promise<ConnectionStatus[]>;

/** What load balancers may ask: liveness and readiness. */
export interface HealthRouteDeps {
  store: Pick<OutboxStore, 'ping'>;
}

/** `/healthz` and `/readyz`: the only operations routes on the public listener. */
export function createHealthRoutes(deps: HealthRouteDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  return router;
}

export interface OpsRouteDeps extends HealthRouteDeps {
  metrics: RelayMetrics;
  connectionStates: ConnectionStatesProvider;
  /** Queue counts, cached (see cached-queue-counts.ts). */
  queueCounts: () => Promise<QueueCounts>;
  adminToken: () => string | readonly string[] | undefined;
  adminAttempts?: FailedAttempts;
}

/** Health, `/metrics` and the detailed status: everything operations needs, for the internal listener. */
export function createOpsRoutes(deps: OpsRouteDeps): Router {
  const router = createHealthRoutes(deps);

  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  router.get(`${ADMIN_PREFIX}/status`, requireAdminToken(deps.adminToken, deps.adminAttempts), async (_req, res) => {
    let connections: ConnectionStatus[] | null = null;
    try {
      connections = await deps.connectionStates();
    } catch {
      // A failing state provider must not hide whether storage works.
    }
    try {
      await deps.store.ping();
      const queue = await deps.queueCounts();
      res.json({
        status: 'ready',
        storage: 'ok',
        connections: connections?.map((c) => ({ ...c, queued: queue.queuedByConnection[c.id] ?? 0 })) ?? null,
        queue
      });
    } catch {
      res.status(503).json({ status: 'unavailable', storage: 'unavailable', connections, queue: null });
    }
  });

  return router;
}
