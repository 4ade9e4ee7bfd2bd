/**
 * The publisher facade the relay starts: one worker per org connection, added
 * and removed at run time. Adding a connection first routes the exchanges that
 * were waiting unrouted for it, so they are published too.
 *
 * Idle, it costs a few queries a minute per connection (see connection-worker.ts) and
 * one or two per routing sweep, however many connections there are: the sweep asks
 * which of the served accounts have exchanges waiting unrouted, and routes only those.
 */
import { DEFAULT_LEASE_SECONDS } from '../config/relay-config';
import { createSalesforceClient } from '../salesforce/salesforce-client';
import type { SalesforceOrgInput } from '../salesforce/org-config';
import type { SalesforceError } from '../salesforce/salesforce-error';
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
import {
  DEFAULT_RECEIPT_SETTINGS,
  noReceiptMetrics,
  ReceiptChecker,
  type ReceiptMetrics,
  type ReceiptSettings
} from './receipt-checker';

export interface PublisherConnection {
  id: string;
  name: string;
  /** Card-platform accounts this org serves; null or empty: every account. */
  accountIds: readonly string[] | null;
  org: SalesforceOrgInput;
  /**
   * Set when the relay cannot use this connection at all (its secrets do not open with
   * the relay's master keys): it still serves its accounts, so their exchanges wait
   * queued for it, but its worker never calls the org and shows `auth_failed` with this.
   */
  unavailable?: { code: string; message: string };
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
  /** The first idle look at a queue after one that found nothing (default 500 ms); doubles each time. */
  pollIntervalMs?: number;
  /** The longest an idle queue goes unlooked at, for work this relay was not told of (default 30 s). */
  idlePollMaxMs?: number;
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
  /**
   * Receipts (receipt-checker.ts): confirm each published exchange in the org, re-send what
   * has none. On by default with DEFAULT_RECEIPT_SETTINGS; false: rows stay `published`.
   */
  receipts?: Partial<Omit<ReceiptSettings, 'leaseMs'>> | false;
  receiptMetrics?: ReceiptMetrics;
}

export interface Publisher {
  /** Routes exchanges waiting unrouted for the configured connections, then starts their workers. */
  start(): Promise<void>;
  /** With `deadline` (epoch ms): publishes still in flight then are abandoned, their rows handed back. */
  stop(deadline?: number): Promise<void>;
  states(): ConnectionStatus[];
  addConnection(connection: PublisherConnection): Promise<void>;
  removeConnection(id: string): Promise<void>;
  /** Look at every queue now (after a replay, say). */
  wake(): void;
  /** New work for one connection (a webhook stored for it): one of its idle lanes looks now. */
  notify(connectionId: string): void;
  /** The connections now served, for routing new exchanges (ingest's directory). */
  connections(): PublisherConnection[];
  /** Look for due receipts now (someone waits for a test exchange's receipt). */
  checkReceipts(): void;
  /**
   * Someone waits for this exchange (the console's or the CLI's test exchange): read its receipt
   * now instead of at its next check, and confirm it when the org has settled it. One API call.
   */
  confirmNow(exchangeId: string): Promise<void>;
}

const silentLogger: PublisherLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A stored connection the relay cannot use (its secrets do not open): it keeps serving
 * its accounts, so their exchanges wait queued for it instead of going to another org,
 * and its worker shows `auth_failed` with `message` without ever calling the org.
 */
export function unavailableConnection(
  connection: { id: string; name: string; instanceUrl: string; accountIds: readonly string[] },
  code: string,
  message: string
): PublisherConnection {
  return {
    id: connection.id,
    name: connection.name,
    accountIds: connection.accountIds,
    // Never used: the worker's client is `unavailableClient`, which sends nothing.
    org: {
      instanceUrl: connection.instanceUrl,
      auth: { flow: 'client_credentials', clientId: '-', clientSecret: '-' }
    },
    unavailable: { code, message }
  };
}

const unusableError = (reason: { code: string; message: string }): SalesforceError => ({
  kind: 'auth_failed',
  code: reason.code,
  message: reason.message,
  status: null
});

/** The org side of a connection the relay cannot use: every call fails with `auth_failed`, without a request. */
function unavailableClient(reason: { code: string; message: string }): EventPublisher {
  const error = unusableError(reason);
  return {
    publishEvents: async (records) => ({ results: records.map(() => ({ ok: false, error })), failure: error }),
    checkHealth: async () => error
  };
}

export const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;
export const DEFAULT_IDLE_POLL_MAX_MS = 30_000;

export function createPublisher(options: PublisherOptions): Publisher {
  const settings: WorkerSettings = {
    batchSize: Math.min(options.batchSize ?? 200, 200),
    maxInFlight: options.maxInFlight ?? 4,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_SECONDS * 1000,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    idlePollMaxMs: options.idlePollMaxMs ?? DEFAULT_IDLE_POLL_MAX_MS,
    lingerMs: options.lingerMs ?? 250,
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    retry: options.retry ?? { baseMs: 1_000, capMs: 300_000 },
    pause: options.pause ?? { baseMs: 2_000, capMs: 300_000 },
    random: options.random ?? Math.random
  };
  const clientFor = options.clientFor ?? ((connection: PublisherConnection) => createSalesforceClient(connection.org));
  const workers = new Map<string, ConnectionWorker>();
  const configs = new Map<string, PublisherConnection>();
  const clients = new Map<string, EventPublisher>();
  let running = false;
  const clock = options.clock ?? { now: Date.now };

  const receiptSettings: ReceiptSettings | null =
    options.receipts === false
      ? null
      : { ...DEFAULT_RECEIPT_SETTINGS, ...(options.receipts ?? {}), leaseMs: settings.leaseMs };
  const receipts = receiptSettings
    ? new ReceiptChecker({
        store: options.store,
        clock,
        logger: options.logger ?? silentLogger,
        metrics: options.receiptMetrics ?? noReceiptMetrics,
        settings: receiptSettings,
        readerFor: (connectionId) => {
          const client = clients.get(connectionId);
          return client?.readReceipts ? { readReceipts: (ids) => client.readReceipts!(ids) } : undefined;
        },
        onResend: (connectionIds) => {
          for (const id of connectionIds) workers.get(id)?.notify();
        }
      })
    : null;

  function makeWorker(connection: PublisherConnection): ConnectionWorker {
    const client = connection.unavailable ? unavailableClient(connection.unavailable) : clientFor(connection);
    clients.set(connection.id, client);
    return new ConnectionWorker(connection.id, connection.name, {
      store: options.store,
      client,
      unusable: connection.unavailable ? unusableError(connection.unavailable) : undefined,
      clock,
      logger: options.logger ?? silentLogger,
      metrics: options.metrics ?? noPublishMetrics,
      settings,
      receipts:
        receipts && receiptSettings
          ? {
              firstCheckAt: (publishedAt) => publishedAt + receiptSettings.checkDelayMs,
              published: (checkAt) => receipts.published(checkAt)
            }
          : undefined
    });
  }

  const listedAccounts = (c: PublisherConnection) => (c.accountIds && c.accountIds.length > 0 ? c.accountIds : null);

  async function routeWaiting(connection: PublisherConnection): Promise<void> {
    const moved = await options.store.routeUnrouted(connection.id, listedAccounts(connection));
    if (moved > 0) {
      (options.logger ?? silentLogger).info({ connectionId: connection.id, moved }, 'unrouted exchanges routed');
      workers.get(connection.id)?.notify();
    }
  }

  /**
   * Routes what waits unrouted for the connections now served: connections that list
   * their accounts first, so a catch-all never takes their exchanges. One query finds
   * which listed accounts have anything waiting, one whether anything waits at all
   * (for a catch-all); only connections with something to route are asked to.
   */
  async function routeAllWaiting(): Promise<void> {
    const all = [...configs.values()];
    const listed = all.filter((c) => listedAccounts(c) !== null);
    const accounts = [...new Set(listed.flatMap((c) => listedAccounts(c) ?? []))];
    if (accounts.length > 0) {
      const waiting = new Set(await options.store.unroutedAccounts(accounts, accounts.length));
      for (const connection of listed) {
        if ((listedAccounts(connection) ?? []).some((id) => waiting.has(id))) await routeWaiting(connection);
      }
    }
    const catchAll = all.find((c) => listedAccounts(c) === null);
    if (catchAll && (await options.store.unroutedAccounts(null, 1)).length > 0) await routeWaiting(catchAll);
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
      await receipts?.start();
      sweep = setInterval(() => {
        routeAllWaiting().catch((error: unknown) =>
          (options.logger ?? silentLogger).error({ err: (error as Error).message }, 'routing unrouted exchanges failed')
        );
      }, options.routeSweepMs ?? 5_000);
      sweep.unref();
    },
    async stop(deadline) {
      running = false;
      clearInterval(sweep);
      // Receipt checks stop within the same budget as publishes.
      await Promise.all([...[...workers.values()].map((worker) => worker.stop(deadline)), receipts?.stop(deadline)]);
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
      clients.delete(id);
      await worker?.stop();
    },
    wake() {
      for (const worker of workers.values()) worker.wake();
    },
    notify(connectionId) {
      workers.get(connectionId)?.notify();
    },
    connections: () => [...configs.values()],
    checkReceipts: () => receipts?.checkNow(),
    confirmNow: async (exchangeId) => receipts?.confirmNow(exchangeId)
  };
}
