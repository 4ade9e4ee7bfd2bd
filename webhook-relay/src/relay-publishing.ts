/**
 * The relay's publishing side, composed: the org connections (configured ones plus
 * those added at run time through the admin API, kept encrypted in the data
 * directory), the publisher that drains the outbox into them, the routing that
 * ingest asks, the connection states the detailed status shows, and the admin routes.
 * `startRelay` builds this by default; it is a composition root like relay.ts.
 *
 * Trust and tenancy are decided here: configured connections are registered in the
 * connection store at start (a relay whose configuration disagrees with what other
 * running relays registered refuses to start) and may call their own URLs; run-time
 * connections reach Salesforce hosts and the operator's extra hosts only. Refreshes of
 * a web-server connection take turns through the store. What a removed connection had
 * queued goes back to unrouted, now and again shortly after (an exchange routed to it
 * by a relay that had not yet heard of the removal).
 */
import path from 'node:path';
import type { Router } from 'express';
import { preparePrivateFile } from './config/private-files';
import { acceptedAdminTokens, type RelayConfig } from './config/relay-config';
import { createConsoleRouter } from './console/create-console-router';
import type { FailedAttempts } from './http/failed-attempts';
import { createAdminConnectionRoutes, type ConnectionRuntime } from './http/admin-connections-routes';
import { createAdminReceiptRoutes } from './http/admin-receipt-routes';
import type { ConnectionStatus as HealthStatus } from './http/ops-routes';
import { createStaticConnectionDirectory, type ConnectionDirectory } from './ingest/connection-directory';
import { createAuditLog } from './log/audit-log';
import type { Logger } from './log/create-logger';
import type { RelayMetrics } from './metrics/relay-metrics';
import { createConnectionChanges } from './publish/connection-changes';
import {
  createPublisher,
  unavailableConnection,
  type Publisher,
  type PublisherConnection
} from './publish/create-publisher';
import {
  connectionRuntimeFor,
  publisherConnectionFrom,
  refreshTokenKeeper,
  testOrgConnection,
  type ConnectionTrust
} from './publish/org-connection-bridge';
import { publishMetricsFrom } from './publish/publish-metrics';
import { createSalesforceClient } from './salesforce/salesforce-client';
import { configuredConnectionOf } from './store/configured-connections';
import { loadMasterKeys } from './store/connection-secrets';
import { postgresMasterKeyRegistry, sqliteMasterKeyRegistry, verifyMasterKeys } from './store/master-key-registry';
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
  /** With `deadline` (epoch ms), the shutdown budget: see Publisher.stop. */
  stop(deadline?: number): Promise<void>;
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
  // Required on PostgreSQL (a key is never generated for a shared database); see connection-secrets.ts.
  const masterKey = loadMasterKeys({
    configured: config.masterKey,
    previous: config.previousMasterKeys,
    keyFile: config.masterKeyFile,
    dataDir: config.dataDir,
    shared: config.databaseUrl !== undefined,
    logger
  });
  // On PostgreSQL the connections added at run time are shared by every relay on the database.
  const shared = config.databaseUrl !== undefined;
  const connectionsFile = path.join(config.dataDir, CONNECTIONS_FILE_NAME);
  if (!shared) preparePrivateFile(connectionsFile);
  const connectionStore: ConnectionStore = shared
    ? await PostgresConnectionStore.open({
        connectionString: config.databaseUrl as string,
        masterKey,
        onTrouble: (message) => logger.error({}, message)
      })
    : new SqliteConnectionStore({
        database: connectionsFile,
        masterKey,
        onRefreshTokenLost: (connectionId, reason) => logger.error({ connectionId }, reason)
      });
  try {
    // The database knows the fingerprints of its keys: another key is a clear error now, not unreadable
    // connections later; secrets an older key sealed are sealed again with the current one.
    await verifyMasterKeys({
      masterKey,
      registry: shared
        ? postgresMasterKeyRegistry(config.databaseUrl as string)
        : sqliteMasterKeyRegistry(connectionsFile),
      connections: connectionStore,
      logger
    });
  } catch (error) {
    await connectionStore.close();
    throw error;
  }
  const reportedUnreadable = new Set<string>();
  /** Stored connections whose secrets do not open: they keep their accounts, publish nothing, and are logged once. */
  const unavailableConnections = (): PublisherConnection[] => {
    const unreadable = connectionStore.unreadable().filter((c) => c.accountIds.length > 0);
    for (const id of reportedUnreadable) if (!unreadable.some((c) => c.id === id)) reportedUnreadable.delete(id);
    return unreadable.map((c) => {
      if (!reportedUnreadable.has(c.id)) {
        reportedUnreadable.add(c.id);
        logger.error({ connectionId: c.id, keyId: c.keyId }, `org connection ${c.id} is unusable: ${c.reason}`);
      }
      return unavailableConnection(c, 'SECRET_UNREADABLE', c.reason);
    });
  };
  const audit = createAuditLog(logger);
  const extraOrigins = config.extraSalesforceHosts;
  const configuredTrust: ConnectionTrust = { configured: true, extraOrigins };
  const runTimeTrust: ConnectionTrust = { configured: false, extraOrigins };
  const configuredIds = new Set(config.connections.map((c) => c.id));
  // Routing must be the same on every relay: register the configured connections (refused when they disagree).
  let dropped: string[];
  try {
    ({ dropped } = await connectionStore.registerConfigured(config.connections.map(configuredConnectionOf)));
  } catch (error) {
    await connectionStore.close();
    throw error;
  }
  const timeoutMs = config.publishTimeoutSeconds * 1000;
  const withTimeout = (connection: PublisherConnection): PublisherConnection => ({
    ...connection,
    org: { ...connection.org, timeoutMs }
  });
  const warnedNoAccounts = new Set<string>();
  /** Configured connections plus run-time ones that name their accounts. */
  const wantedConnections = async (): Promise<PublisherConnection[]> => {
    const stored = (await connectionStore.list()).filter((c) => !configuredIds.has(c.id));
    const runnable = stored.filter((c) => {
      if (c.accountIds.length > 0) return true;
      // Saved by an older relay with no accounts (it served every account): it serves none until edited.
      if (!warnedNoAccounts.has(c.id)) {
        warnedNoAccounts.add(c.id);
        logger.warn({ connectionId: c.id }, 'org connection lists no accounts: it serves none until edited');
      }
      return false;
    });
    return [
      ...config.connections.map((c) => withTimeout(publisherConnectionFrom(c, configuredTrust))),
      ...runnable.map((c) => withTimeout(publisherConnectionFrom(c, runTimeTrust))),
      ...unavailableConnections().map(withTimeout)
    ];
  };
  // Longer than one token call can take, so a turn outlives the refresh it guards.
  const refreshLeaseMs = 2 * timeoutMs + 5_000;
  const publisher = createPublisher({
    store,
    connections: await wantedConnections(),
    logger,
    metrics: publishMetricsFrom(metrics),
    maxAgeMs: config.maxAgeHours * 3_600_000,
    leaseMs: config.leaseSeconds * 1000,
    receipts: {
      confirmAfterMs: config.confirmAfterSeconds * 1000,
      checkDelayMs: config.receiptCheckSeconds * 1000,
      resendLimit: config.resendLimit,
      // Another relay on the shared database may have left receipts awaited (it stopped): look now and then.
      ...(shared ? { sweepMs: 60_000 } : {})
    },
    receiptMetrics: metrics.receipts.hooks,
    clientFor: (connection) =>
      createSalesforceClient(connection.org, {
        refreshTokens: refreshTokenKeeper(connectionStore, connection.id, refreshLeaseMs),
        onTokenFailure: (error) => metrics.tokenFailures.inc({ connection: connection.id, code: error.code })
      }),
    ...options.publisher
  });
  const syncMs = options.connectionSyncMs ?? 5_000;
  const tombstones = new Set<NodeJS.Timeout>();
  /** A connection is gone: its queue goes back to unrouted now, and again once every relay has heard of it. */
  const unrouteQueueOf = (id: string): void => {
    const sweep = () =>
      store
        .unrouteQueued(id)
        .then((moved) => {
          if (moved > 0) logger.info({ connectionId: id, moved }, 'queued exchanges of a removed connection unrouted');
        })
        .catch((error: unknown) =>
          logger.error({ connectionId: id, err: (error as Error).message }, 'unrouting failed')
        );
    void sweep();
    for (const delay of [1_000, 2 * syncMs + 1_000, 4 * syncMs + 1_000]) {
      const timer = setTimeout(() => {
        tombstones.delete(timer);
        if (!publisher.connections().some((c) => c.id === id)) void sweep();
      }, delay);
      timer.unref();
      tombstones.add(timer);
    }
  };
  const runtime: ConnectionRuntime = {
    ...connectionRuntimeFor(publisher, runTimeTrust),
    addConnection: (connection) =>
      publisher.addConnection(withTimeout(publisherConnectionFrom(connection, runTimeTrust))),
    removeConnection: async (id) => {
      await publisher.removeConnection(id);
      unrouteQueueOf(id);
    }
  };
  const testConnection = (connection: Parameters<typeof testOrgConnection>[0]) =>
    testOrgConnection(connection, 15_000, {
      trust: configuredIds.has(connection.id) ? configuredTrust : runTimeTrust,
      refreshTokens: connectionStore
    });
  const changes = createConnectionChanges({
    connections: connectionStore,
    outbox: store,
    runtime,
    extraOrigins: () => extraOrigins
  });
  const routes = [
    createAdminReceiptRoutes({
      adminToken: () => acceptedAdminTokens(config),
      adminAttempts: options.adminAttempts,
      findByExchangeId: (exchangeId) => store.findByExchangeId(exchangeId),
      confirmNow: (exchangeId) => publisher.confirmNow(exchangeId),
      orgOf: async (connectionId) => {
        const configured = config.connections.find((c) => c.id === connectionId);
        if (configured) return { name: configured.name, instanceUrl: configured.instanceUrl };
        const stored = await connectionStore.get(connectionId).catch(() => undefined);
        return stored ? { name: stored.name, instanceUrl: stored.instanceUrl } : undefined;
      }
    }),
    createAdminConnectionRoutes({
      connections: connectionStore,
      store,
      publisher: runtime,
      testConnection,
      adminToken: () => acceptedAdminTokens(config),
      adminAttempts: options.adminAttempts,
      extraSalesforceHosts: () => extraOrigins,
      changes,
      audit
    }),
    createConsoleRouter({
      adminToken: () => acceptedAdminTokens(config),
      store,
      connections: connectionStore,
      runtime,
      testConnection,
      publicUrl: () => config.publicUrl,
      logger,
      adminAttempts: options.adminAttempts,
      extraSalesforceHosts: () => extraOrigins,
      changes,
      audit,
      confirmReceipt: (exchangeId) => publisher.confirmNow(exchangeId),
      configuredConnections: () =>
        config.connections.map((c) => ({ id: c.id, name: c.name, accountIds: c.accountIds ?? null }))
    })
  ];
  /** Queues of connections no relay serves any more (removed from every configuration, or left without accounts). */
  const unrouteOrphans = async (): Promise<void> => {
    // Counted before listing: a connection added in between is listed, so its fresh rows stay routed.
    const counts = await store.counts();
    const served = new Set((await wantedConnections()).map((c) => c.id));
    for (const id of new Set([...dropped, ...Object.keys(counts.queuedByConnection)])) {
      if (served.has(id)) continue;
      const moved = await store.unrouteQueued(id);
      if (moved > 0)
        logger.warn(
          { connectionId: id, moved },
          'queued exchanges of a connection no relay serves went back to unrouted'
        );
    }
  };
  /** Another relay on the shared database added, changed or removed a connection: follow it. */
  const syncConnections = async (): Promise<void> => {
    await connectionStore.holdRegistrations?.();
    const wanted = await wantedConnections();
    const current = new Map(publisher.connections().map((c) => [c.id, c]));
    for (const connection of wanted) {
      const running = current.get(connection.id);
      if (!running || JSON.stringify(running) !== JSON.stringify(connection)) await publisher.addConnection(connection);
    }
    const wantedIds = new Set(wanted.map((c) => c.id));
    for (const id of current.keys()) {
      if (wantedIds.has(id)) continue;
      await publisher.removeConnection(id);
      unrouteQueueOf(id);
    }
  };
  let sync: NodeJS.Timeout | undefined;
  return {
    publisher,
    connectionStore,
    runtime,
    directory: liveDirectory(publisher),
    connectionStates: () =>
      publisher.states().map(({ id, name, state, lastError }) => ({ id, name, state, lastError })),
    routes,
    async start() {
      await unrouteOrphans();
      await publisher.start();
      if (!shared) return;
      sync = setInterval(() => {
        syncConnections().catch((error: unknown) =>
          logger.error({ err: (error as Error).message }, 'reading the shared org connections failed')
        );
      }, syncMs);
      sync.unref();
    },
    async stop(deadline) {
      clearInterval(sync);
      for (const timer of tombstones) clearTimeout(timer);
      tombstones.clear();
      await publisher.stop(deadline);
      await connectionStore.close();
    }
  };
}
