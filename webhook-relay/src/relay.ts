/**
 * The composition root: config, logger, store, routing, metrics, express app
 * and HTTP server, plus background services (the publisher unless turned off,
 * the outbox pruner always). Tests
 * and the demo start a real relay in-process with `startRelay`; `close()`
 * stops accepting, waits for requests in flight, stops the services and
 * closes storage, in that order.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Router } from 'express';
import type { AddressInfo } from 'node:net';
import { ensureLocalSecrets } from './config/local-secrets';
import { loadConfig, type Env } from './config/load-config';
import { preparePrivateDir, preparePrivateFile, tightenDataDir } from './config/private-files';
import { acceptedAdminTokens, type RelayConfig } from './config/relay-config';
import { createAdminBackupRoutes } from './http/admin-backup-routes';
import { createRelayListener, type AppDeps } from './http/create-app';
import { FailedAttempts } from './http/failed-attempts';
import type { ConnectionStatesProvider } from './http/ops-routes';
import { createStaticConnectionDirectory, type ConnectionDirectory } from './ingest/connection-directory';
import { createIngest } from './ingest/ingest-webhook';
import { createLogger, type Logger } from './log/create-logger';
import { createRelayMetrics, type RelayMetrics } from './metrics/relay-metrics';
import { cachedQueueCounts } from './store/cached-queue-counts';
import { refuseMovedOutbox } from './store/moved-outbox';
import { createOutboxPruner } from './store/outbox-pruner';
import type { OutboxStore } from './store/outbox-store';
import { PostgresOutboxStore } from './store/postgres-outbox-store';
import { backupSqliteFile } from './store/sqlite-backup';
import { openSqliteOutboxStore, SQLITE_FILE_NAME, SqliteOutboxStore } from './store/sqlite-outbox-store';
import {
  CONNECTIONS_FILE_NAME,
  openRelayPublishing,
  type RelayPublishing,
  type RelayPublishingOptions
} from './relay-publishing';

/** Something that runs beside the HTTP server for the relay's lifetime (the publisher, the outbox pruner). */
export interface BackgroundService {
  name: string;
  start(): void | Promise<void>;
  /**
   * Finish in-flight work and stop; called after the server stopped accepting. `deadline`
   * (epoch ms) is when the shutdown budget runs out: work still in flight then is given up.
   */
  stop(deadline: number): void | Promise<void>;
}

/** What a background service can use. */
export interface RelayContext {
  config: RelayConfig;
  store: OutboxStore;
  metrics: RelayMetrics;
  logger: Logger;
  directory: ConnectionDirectory;
}

export interface StartRelayOptions {
  /** A ready config; otherwise it is loaded from `env`/`cwd` like `npm start` does. */
  config?: RelayConfig;
  env?: Env;
  cwd?: string;
  store?: OutboxStore;
  directory?: ConnectionDirectory;
  connectionStates?: ConnectionStatesProvider;
  services?: (context: RelayContext) => BackgroundService[];
  /**
   * The publisher and its connection admin API run by default; `false` runs the
   * receiving half alone (tests of ingest); an object tunes the publisher.
   */
  publishing?: false | (RelayPublishingOptions['publisher'] & { connectionSyncMs?: number });
  /** How often published exchanges past retention are deleted (default every minute). */
  pruneIntervalMs?: number;
  /** Extra HTTP routes built from the relay's parts. */
  routes?: (context: RelayContext) => Router[];
  logger?: Logger;
  now?: () => number;
  /** How long close() waits for requests in flight before cutting connections (at most 40% of the budget). */
  shutdownGraceMs?: number;
}

export interface RunningRelay {
  url: string;
  port: number;
  /** The internal listener (admin API, console, metrics, status), when `internalPort` is set. */
  internalUrl?: string;
  config: RelayConfig;
  store: OutboxStore;
  metrics: RelayMetrics;
  logger: Logger;
  /** The publishing side, unless started with `publishing: false`. */
  publishing?: RelayPublishing;
  close(): Promise<void>;
}

export class ConfigInvalidError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

function resolveConfig(options: StartRelayOptions): RelayConfig {
  if (options.config) return options.config;
  const loaded = loadConfig({ env: options.env, cwd: options.cwd });
  if (!loaded.ok) throw new ConfigInvalidError(loaded.errors);
  return loaded.config;
}

/** PostgreSQL when RELAY_DATABASE_URL is set (several relays sharing one queue), else embedded SQLite. */
async function openStore(config: RelayConfig): Promise<OutboxStore> {
  if (config.databaseUrl === undefined) {
    // Copied into PostgreSQL by migrate-to-postgres: publishing this queue again would send it twice.
    refuseMovedOutbox(config.dataDir);
    // Created 0600 before SQLite opens it: its -wal and -shm files take the database file's mode.
    preparePrivateFile(path.join(config.dataDir, SQLITE_FILE_NAME));
    return openSqliteOutboxStore(config.dataDir);
  }
  return PostgresOutboxStore.open({ connectionString: config.databaseUrl });
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function createRelayServer(listener: Parameters<typeof createServer>[1]): Server {
  const server = createServer(listener);
  // Senders give up after 15-30 s; a request still trickling in after that is not worth holding.
  server.requestTimeout = 30_000;
  // Keep idle connections longer than the load balancers in front of us do (often 60 s),
  // so a balancer or sender never reuses a socket the relay is closing (a reset request).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** A URL to reach a listener on this machine (a wildcard host answers on loopback). */
function urlOf(host: string, port: number): string {
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    // Keep-alive connections turn idle as their in-flight requests finish; close them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Whether this relay keeps anything in its data directory (outbox, generated key or secrets). */
function usesDataDir(config: RelayConfig): boolean {
  return (
    config.databaseUrl === undefined ||
    config.masterKey === undefined ||
    config.webhookSecrets.length === 0 ||
    config.adminToken === undefined
  );
}

export async function startRelay(options: StartRelayOptions = {}): Promise<RunningRelay> {
  const resolved = resolveConfig(options);
  // The data directory holds contact details and keys: the owner's alone (0700), secrets from the environment or not.
  if (usesDataDir(resolved)) preparePrivateDir(resolved.dataDir);
  const secrets = ensureLocalSecrets(resolved);
  const config = secrets.config;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  if (secrets.generated.length > 0) {
    logger.info({ files: secrets.generated }, 'generated first-run secrets (read them from these files)');
  }

  const store = options.store ?? (await openStore(config));
  // Scrapes and status pages share one count every few seconds instead of one each (cached-queue-counts.ts).
  const queueCounts = cachedQueueCounts(() => store.counts());
  let publishing: RelayPublishing | undefined;
  const metrics = createRelayMetrics({
    queueCounts,
    connectionStates: () => publishing?.publisher.states() ?? [],
    storagePing: () => store.ping(),
    retentionDays: config.retentionDays,
    now: options.now,
    processMetrics: true,
    unconfirmed: () => store.unconfirmedByConnection()
  });
  // One wrong-token throttle for the admin API and the console: switching between them buys no guesses.
  const adminAttempts = new FailedAttempts();
  if (options.publishing !== false) {
    try {
      const { connectionSyncMs, ...publisher } = options.publishing ?? {};
      publishing = await openRelayPublishing({
        config,
        store,
        metrics,
        logger,
        publisher,
        connectionSyncMs,
        adminAttempts
      });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const directory = options.directory ?? publishing?.directory ?? createStaticConnectionDirectory(config.connections);
  const connectionStates: ConnectionStatesProvider =
    options.connectionStates ??
    publishing?.connectionStates ??
    (() => config.connections.map((c) => ({ id: c.id, name: c.name, state: 'unknown' })));

  const ingest = createIngest({
    store,
    directory,
    secrets: () => config.webhookSecrets,
    toleranceSeconds: config.timestampToleranceSeconds,
    now: options.now,
    onStorageError: (error) => logger.error({ err: error }, 'storage failed; webhook not acknowledged'),
    // The publisher's idle lanes wait to be told of new work instead of polling for it.
    onQueued: (connectionId) => publishing?.publisher.notify(connectionId)
  });
  const context: RelayContext = { config, store, metrics, logger, directory };
  const appDeps: AppDeps = {
    ingest,
    store,
    metrics,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    adminToken: () => acceptedAdminTokens(config),
    adminAttempts,
    connectionStates,
    queueCounts,
    extraRoutes: [
      ...(publishing?.routes ?? []),
      // Live backups of the SQLite files (`relay backup`); on PostgreSQL the database's own tools do it.
      createAdminBackupRoutes({
        backups: () => ({
          ...(store instanceof SqliteOutboxStore
            ? { [SQLITE_FILE_NAME]: (target: string) => store.backup(target) }
            : {}),
          ...(publishing && config.databaseUrl === undefined
            ? {
                [CONNECTIONS_FILE_NAME]: (target: string) =>
                  backupSqliteFile(path.join(config.dataDir, CONNECTIONS_FILE_NAME), target)
              }
            : {})
        }),
        workDir: config.dataDir,
        adminToken: () => acceptedAdminTokens(config),
        adminAttempts
      }),
      ...(options.routes?.(context) ?? [])
    ]
  };
  // With an internal listener, the one facing the internet serves the webhook endpoint and health checks only.
  const internal = config.internalPort !== undefined;
  const listener = createRelayListener(appDeps, internal ? 'public' : 'all');

  // Retention runs whether or not this relay publishes: the outbox fills either way.
  const pruner = createOutboxPruner({
    store,
    retentionDays: config.retentionDays,
    logger,
    onPruned: (count) => metrics.pruned.inc(count),
    intervalMs: options.pruneIntervalMs,
    now: options.now
  });
  const services: BackgroundService[] = [
    ...(publishing ? [{ name: 'publisher', start: publishing.start, stop: publishing.stop }] : []),
    { name: 'outbox pruner', start: pruner.start, stop: pruner.stop },
    ...(options.services?.(context) ?? [])
  ];
  const server = createRelayServer(listener);
  const internalServer = internal ? createRelayServer(createRelayListener(appDeps, 'all')) : undefined;
  let address: AddressInfo;
  let internalAddress: AddressInfo | undefined;
  try {
    address = await listen(server, config.port, config.host);
    if (internalServer) internalAddress = await listen(internalServer, config.internalPort ?? 0, config.internalHost);
    for (const service of services) await service.start();
  } catch (error) {
    server.close();
    internalServer?.close();
    await publishing?.stop().catch(() => undefined);
    await store.close();
    throw error;
  }
  // Files an older version left readable (and the journals SQLite just opened) become 0600.
  tightenDataDir(config.dataDir);
  const url = urlOf(config.host, address.port);
  const internalUrl = internalAddress ? urlOf(config.internalHost, internalAddress.port) : undefined;
  logger.info({ url, port: address.port, internalUrl, dataDir: config.dataDir }, 'relay listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // The budget covers it all: requests in flight, publishes in flight, closing storage.
      const budgetMs = config.shutdownSeconds * 1000;
      const started = Date.now();
      // What is left once services stopped is for closing storage (a PostgreSQL pool's last commits).
      const deadline = started + budgetMs - Math.min(2_000, budgetMs * 0.1);
      logger.info({ budgetSeconds: config.shutdownSeconds }, 'relay stopping');
      const graceMs = Math.min(options.shutdownGraceMs ?? 10_000, budgetMs * 0.4);
      await Promise.all([server, internalServer].map((s) => (s ? closeServer(s, graceMs) : undefined)));
      for (const service of [...services].reverse()) {
        try {
          await service.stop(deadline);
        } catch (error) {
          logger.error({ err: error, service: service.name }, 'background service failed to stop');
        }
      }
      await store.close();
      logger.info({ seconds: (Date.now() - started) / 1000 }, 'relay stopped');
    })();
    return closing;
  };

  return { url, port: address.port, internalUrl, config, store, metrics, logger, publishing, close };
}
