/**
 * Operations endpoints: `/healthz` (the process answers), `/readyz` (storage
 * works; each org connection's state; queue depth) and `/metrics`
 * (Prometheus text from the relay's own registry).
 */
import { Router } from 'express';
import type { RelayMetrics } from '../metrics/relay-metrics';
import type { OutboxStore } from '../store/outbox-store';

export type ConnectionHealth = 'ok' | 'auth_failed' | 'package_missing' | 'throttled' | 'unreachable' | 'unknown';

export interface ConnectionStatus {
  id: string;
  name: string;
  state: ConnectionHealth;
}

export type ConnectionStatesProvider = () => ConnectionStatus[] | Promise<ConnectionStatus[]>;

export interface OpsRouteDeps {
  store: OutboxStore;
  metrics: RelayMetrics;
  connectionStates: ConnectionStatesProvider;
}

export function createOpsRoutes(deps: OpsRouteDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    let connections: ConnectionStatus[] | null = null;
    try {
      connections = await deps.connectionStates();
    } catch {
      // A failing state provider must not hide whether storage works.
    }
    try {
      await deps.store.ping();
      const counts = await deps.store.counts();
      res.json({ status: 'ready', storage: 'ok', connections, queue: counts });
    } catch {
      res.status(503).json({ status: 'unavailable', storage: 'unavailable', connections, queue: null });
    }
  });

  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  return router;
}
