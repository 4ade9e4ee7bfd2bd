/**
 * The relay's publishing side, composed: the org connections (configured ones plus
 * those added at run time through the admin API, kept encrypted in the data
 * directory), the publisher that drains the outbox into them, the routing that
 * ingest asks, the connection states that /readyz shows, and the admin routes.
 * `startRelay` builds this by default; it is a composition root like relay.ts.
 */
import path from 'node:path';
import type { Router } from 'express';
import type { RelayConfig } from './config/relay-config';
import { createConsoleRouter } from './console/create-console-router';
import type { FailedAttempts } from './http/failed-attempts';
import { createAdminConnectionRoutes, type ConnectionRuntime } from './http/admin-connections-routes';
import type { ConnectionStatus as HealthStatus } from './http/ops-routes';
import { createStaticConnectionDirectory, type ConnectionDirectory } from './ingest/connection-directory';
import type { Logger } from './log/create-logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import { createPublisher, type Publisher, type PublisherConnection } from './publish/create-publisher';
import { connectionRuntimeFor, publisherConnectionFrom, testOrgConnection } from './publish/org-connection-bridge';
import { publishMetricsFrom } from './publish/publish-metrics';
import { loadMasterKey } from './store/connection-secrets';
import type { ConnectionStore } from './store/connection-store';
import type { OutboxStore } from './store/outbox-store';
import { PostgresConnectionStore } from './store/postgres-connection-store';
import { SqliteConnectionStore } from './store/sqlite-connection-store';

export const CONNECTIONS_FILE_NAME = 'connections.sqlite';

export interface RelayPublishing {
  publisher: Publisher;
  connectionStore: ConnectionStore;
  /** The publisher as the admin API and the console drive it (connections as stored config). */
  runtime: ConnectionRuntime;
  directory: ConnectionDirectory;
  connectionStates(): HealthStatus[];
  routes: Router[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RelayPublishingOptions {
  config: RelayConfig;
  store: OutboxStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** Publisher tuning and test seams (clock, transport). */
  publisher?: Partial<Parameters<typeof createPublisher>[0]>;
  /** How often a relay on PostgreSQL re-reads the shared connections (default 5 s). */
  connectionSyncMs?: number;
  /** The relay's wrong-admin-token throttle, for the connection admin API and the console. */
  adminAttempts?: FailedAttempts;
}

/** Routing that follows the publisher's connections as they are added and removed. */
function liveDirectory(publisher: Publisher): ConnectionDirectory {
  let seen: PublisherConnection[] | undefined;
  let current: ConnectionDirectory = createStaticConnectionDirectory([]);
  return {
    resolve(accountId) {
      const connections = publisher.connections();
      const changed = !seen || seen.length !== connections.length || seen.some((c, i) => c !== connections[i]);
      if (changed) {
        seen = connections;
        current = createStaticConnectionDirectory(
          connections.map((c) => ({ id: c.id, accountIds: c.accountIds ?? undefined }))
        );
      }
      return current.resolve(accountId);
    }
  };
}

export async function openRelayPublishing(options: RelayPublishingOptions): Promise<RelayPublishing> {
  const { config, store, metrics, logger } = options;
  const masterKey = loadMasterKey({ configured: config.masterKey, dataDir: config.dataDir, logger });
  // On PostgreSQL the connections added at run time are shared by every relay on the database.
  const shared = config.databaseUrl !== undefined;
  const connectionStore: ConnectionStore = shared
    ? await PostgresConnectionStore.open({ connectionString: config.databaseUrl as string, masterKey })
    : new SqliteConnectionStore({ database: path.join(config.dataDir, CONNECTIONS_FILE_NAME), masterKey });
  const timeoutMs = config.publishTimeoutSeconds * 1000;
  const withTimeout = (connection: PublisherConnection): PublisherConnection => ({
    ...connection,
    org: { ...connection.org, timeoutMs }
  });
  /** Configured connections plus stored ones; a stored connection with a configured id replaces it. */
  const wantedConnections = async (): Promise<PublisherConnection[]> => {
    const stored = await connectionStore.list();
    const storedIds = new Set(stored.map((c) => c.id));
    return [...config.connections.filter((c) => !storedIds.has(c.id)), ...stored]
      .map(publisherConnectionFrom)
      .map(withTimeout);
  };
  const publisher = createPublisher({
    store,
    connections: await wantedConnections(),
    logger,
    metrics: publishMetricsFrom(metrics),
    maxAgeMs: config.maxAgeHours * 3_600_000,
    leaseMs: config.leaseSeconds * 1000,
    ...options.publisher
  });
  const runtime: ConnectionRuntime = {
    ...connectionRuntimeFor(publisher),
    addConnection: (connection) => publisher.addConnection(withTimeout(publisherConnectionFrom(connection)))
  };
  const testConnection = (connection: Parameters<typeof testOrgConnection>[0]) => testOrgConnection(connection);
  const routes = [
    createAdminConnectionRoutes({
      connections: connectionStore,
      store,
      publisher: runtime,
      testConnection,
      adminToken: () => config.adminToken,
      adminAttempts: options.adminAttempts
    }),
    createConsoleRouter({
      adminToken: () => config.adminToken,
      store,
      connections: connectionStore,
      runtime,
      testConnection,
      publicUrl: () => config.publicUrl,
      logger,
      adminAttempts: options.adminAttempts
    })
  ];
  /** Another relay on the shared database added, changed or removed a connection: follow it. */
  const syncConnections = async (): Promise<void> => {
    const wanted = await wantedConnections();
    const current = new Map(publisher.connections().map((c) => [c.id, c]));
    for (const connection of wanted) {
      const running = current.get(connection.id);
      if (!running || JSON.stringify(running) !== JSON.stringify(connection)) await publisher.addConnection(connection);
    }
    const wantedIds = new Set(wanted.map((c) => c.id));
    for (const id of current.keys()) if (!wantedIds.has(id)) await publisher.removeConnection(id);
  };
  let sync: NodeJS.Timeout | undefined;
  return {
    publisher,
    connectionStore,
    runtime,
    directory: liveDirectory(publisher),
    connectionStates: () => publisher.states().map(({ id, name, state }) => ({ id, name, state })),
    routes,
    async start() {
      await publisher.start();
      if (!shared) return;
      sync = setInterval(() => {
        syncConnections().catch((error: unknown) =>
          logger.error({ err: (error as Error).message }, 'reading the shared org connections failed')
        );
      }, options.connectionSyncMs ?? 5_000);
      sync.unref();
    },
    async stop() {
      clearInterval(sync);
      await publisher.stop();
      await connectionStore.close();
    }
  };
}
