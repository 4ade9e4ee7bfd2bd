/**
 * The publisher facade the relay starts: one worker per org connection, added
 * and removed at run time. Adding a connection first routes the exchanges that
 * were waiting unrouted for it, so they are published too.
 */
import { DEFAULT_LEASE_SECONDS } from '../config/relay-config';
import { createSalesforceClient } from '../salesforce/salesforce-client';
import type { SalesforceOrgInput } from '../salesforce/org-config';
import type { OutboxStore } from '../store/outbox-store';
import type { BackoffPolicy } from './backoff';
import {
  ConnectionWorker,
  type ConnectionStatus,
  type PublisherLogger,
  type WorkerSettings
} from './connection-worker';
import type { EventPublisher } from './publish-batch';
import { noPublishMetrics, type PublishMetrics } from './publish-metrics';

export interface PublisherConnection {
  id: string;
  name: string;
  /** Card-platform accounts this org serves; null or empty: every account. */
  accountIds: readonly string[] | null;
  org: SalesforceOrgInput;
}

export interface PublisherOptions {
  store: OutboxStore;
  connections?: readonly PublisherConnection[];
  clock?: { now(): number };
  logger?: PublisherLogger;
  metrics?: PublishMetrics;
  /** Exchanges older than this go to dead letters (default 72 h, the event retention). */
  maxAgeMs?: number;
  batchSize?: number;
  maxInFlight?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /**
   * How often exchanges still waiting unrouted are matched against the connections
   * (default 5 s): catches one stored unrouted while its connection was being added.
   */
  routeSweepMs?: number;
  /** How long a partial batch waits to fill up (default 250 ms). */
  lingerMs?: number;
  retry?: BackoffPolicy;
  pause?: BackoffPolicy;
  random?: () => number;
  /** Builds the Salesforce side of a connection (tests swap the transport here). */
  clientFor?: (connection: PublisherConnection) => EventPublisher;
}

export interface Publisher {
  /** Routes exchanges waiting unrouted for the configured connections, then starts their workers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  states(): ConnectionStatus[];
  addConnection(connection: PublisherConnection): Promise<void>;
  removeConnection(id: string): Promise<void>;
  /** Look at every queue now (after a replay, say). */
  wake(): void;
  /** The connections now served, for routing new exchanges (ingest's directory). */
  connections(): PublisherConnection[];
}

const silentLogger: PublisherLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;

export function createPublisher(options: PublisherOptions): Publisher {
  const settings: WorkerSettings = {
    batchSize: Math.min(options.batchSize ?? 200, 200),
    maxInFlight: options.maxInFlight ?? 4,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_SECONDS * 1000,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    lingerMs: options.lingerMs ?? 250,
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    retry: options.retry ?? { baseMs: 1_000, capMs: 300_000 },
    pause: options.pause ?? { baseMs: 2_000, capMs: 300_000 },
    random: options.random ?? Math.random
  };
  const clientFor = options.clientFor ?? ((connection: PublisherConnection) => createSalesforceClient(connection.org));
  const workers = new Map<string, ConnectionWorker>();
  const configs = new Map<string, PublisherConnection>();
  let running = false;

  function makeWorker(connection: PublisherConnection): ConnectionWorker {
    return new ConnectionWorker(connection.id, connection.name, {
      store: options.store,
      client: clientFor(connection),
      clock: options.clock ?? { now: Date.now },
      logger: options.logger ?? silentLogger,
      metrics: options.metrics ?? noPublishMetrics,
      settings
    });
  }

  async function routeWaiting(connection: PublisherConnection): Promise<void> {
    const accountIds = connection.accountIds && connection.accountIds.length > 0 ? connection.accountIds : null;
    const moved = await options.store.routeUnrouted(connection.id, accountIds);
    if (moved > 0)
      (options.logger ?? silentLogger).info({ connectionId: connection.id, moved }, 'unrouted exchanges routed');
  }

  /** Connections that list their accounts first, so a catch-all never takes their exchanges. */
  async function routeAllWaiting(): Promise<void> {
    const catchAll = (c: PublisherConnection) => !c.accountIds || c.accountIds.length === 0;
    const ordered = [...configs.values()].sort((a, b) => Number(catchAll(a)) - Number(catchAll(b)));
    for (const connection of ordered) await routeWaiting(connection);
  }
  let sweep: NodeJS.Timeout | undefined;

  for (const connection of options.connections ?? []) {
    workers.set(connection.id, makeWorker(connection));
    configs.set(connection.id, connection);
  }

  return {
    async start() {
      running = true;
      await routeAllWaiting();
      for (const worker of workers.values()) worker.start();
      sweep = setInterval(() => {
        routeAllWaiting().catch((error: unknown) =>
          (options.logger ?? silentLogger).error({ err: (error as Error).message }, 'routing unrouted exchanges failed')
        );
      }, options.routeSweepMs ?? 5_000);
      sweep.unref();
    },
    async stop() {
      running = false;
      clearInterval(sweep);
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
    },
    states: () => [...workers.values()].map((worker) => worker.status()),
    async addConnection(connection) {
      const previous = workers.get(connection.id);
      if (previous) await previous.stop();
      const worker = makeWorker(connection);
      workers.set(connection.id, worker);
      // Registered before routing: an exchange arriving meanwhile is routed by ingest or by routeWaiting.
      configs.set(connection.id, connection);
      await routeWaiting(connection);
      if (running) worker.start();
    },
    async removeConnection(id) {
      const worker = workers.get(id);
      workers.delete(id);
      configs.delete(id);
      await worker?.stop();
    },
    wake() {
      for (const worker of workers.values()) worker.wake();
    },
    connections: () => [...configs.values()]
  };
}
