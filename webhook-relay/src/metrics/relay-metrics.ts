/**
 * Every Prometheus metric of the relay, on a registry of its own per relay
 * (so several relays in one process, as in tests, never collide). Ingest
 * counts received and rejected and the webhook answers by status; the publisher
 * increments the publish-side metrics created here (lease takeovers and token
 * failures too); the outbox pruner counts what retention deleted. Queue depth, the
 * age of the oldest waiting exchanges and the prune lag are read at scrape time
 * from the cached queue counts (store/cached-queue-counts.ts: one count every few
 * seconds however often it is scraped), connection states from the publisher's
 * memory, and storage health from one ping. `config/prometheus/cardbridge-alerts.yaml`
 * pages on these; test/metrics/relay-metrics.test.ts keeps the two in step.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CONNECTION_STATES } from '../publish/connection-state';
import type { QueueCounts, UnconfirmedSummary } from '../store/outbox-store';
import { createReceiptMetrics } from './receipt-metrics';

const DAY_MS = 86_400_000;

export interface RelayMetricsOptions {
  /** Read at every scrape (cached by the caller) for queue depth, oldest ages and prune lag. */
  queueCounts?: () => Promise<QueueCounts>;
  /** Each org connection's state now (the publisher's memory; no I/O). */
  connectionStates?: () => readonly { id: string; state: string }[];
  /** Throws when storage cannot be used: `cardbridge_relay_storage_up` 0. */
  storagePing?: () => Promise<void>;
  /** Published exchanges are kept this long (the prune lag is how far past it the oldest one is). */
  retentionDays?: number;
  now?: () => number;
  /** Node process metrics (off in tests to keep scrapes small). */
  processMetrics?: boolean;
  /** Unconfirmed exchanges per connection, for the receipt gauges (receipt-metrics.ts). */
  unconfirmed?: () => Promise<Record<string, UnconfirmedSummary>>;
}

export function createRelayMetrics(options: RelayMetricsOptions = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'cardbridge_relay_' });
  const registers = [registry];

  const received = new Counter({
    name: 'cardbridge_relay_webhooks_received_total',
    help: 'Webhooks accepted and stored (new and duplicate deliveries)',
    labelNames: ['outcome'] as const,
    registers
  });
  const rejected = new Counter({
    name: 'cardbridge_relay_webhooks_rejected_total',
    help: 'Webhooks refused, by reason',
    labelNames: ['reason'] as const,
    registers
  });
  const queueCounts = options.queueCounts;
  const now = options.now ?? Date.now;
  /** The counts for this scrape, or null with storage down (readiness and storage_up report it). */
  const countsNow = async (): Promise<QueueCounts | null> => {
    if (!queueCounts) return null;
    try {
      return await queueCounts();
    } catch {
      return null;
    }
  };
  const ageSeconds = (at: number) => Math.max(0, now() - at) / 1000;
  const queueDepth = new Gauge({
    name: 'cardbridge_relay_queue_depth',
    help: 'Stored exchanges by state',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      // Storage down: readiness and storage_up report it; the scrape still answers.
      const counts = await countsNow();
      if (!counts) return;
      for (const [state, n] of Object.entries(counts.byState)) this.set({ state }, n);
    }
  });
  const published = new Counter({
    name: 'cardbridge_relay_events_published_total',
    help: 'Platform events accepted by Salesforce',
    labelNames: ['connection'] as const,
    registers
  });
  const retried = new Counter({
    name: 'cardbridge_relay_events_retried_total',
    help: 'Publish attempts that will be retried, by error code',
    labelNames: ['connection', 'code'] as const,
    registers
  });
  const deadLettered = new Counter({
    name: 'cardbridge_relay_events_dead_lettered_total',
    help: 'Exchanges moved to dead letters, by error code',
    labelNames: ['connection', 'code'] as const,
    registers
  });
  const publishLatency = new Histogram({
    name: 'cardbridge_relay_publish_latency_seconds',
    help: 'From webhook received to platform event accepted',
    labelNames: ['connection'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
    registers
  });
  const pruned = new Counter({
    name: 'cardbridge_relay_pruned_total',
    help: 'Published exchanges deleted from the outbox once past the retention period',
    registers
  });
  const webhookResponses = new Counter({
    name: 'cardbridge_relay_webhook_responses_total',
    help: 'Answers of the webhook endpoint, by HTTP status (5xx: the sender retries; nothing was acknowledged)',
    labelNames: ['status'] as const,
    registers
  });
  const tokenFailures = new Counter({
    name: 'cardbridge_relay_token_failures_total',
    help: 'OAuth token requests to an org that failed, by error code',
    labelNames: ['connection', 'code'] as const,
    registers
  });
  const leaseTakeovers = new Counter({
    name: 'cardbridge_relay_lease_takeovers_total',
    help: 'Leased exchanges whose results were rejected because another worker took the lease over',
    labelNames: ['connection'] as const,
    registers
  });
  const connectionStates = options.connectionStates;
  const connectionState = new Gauge({
    name: 'cardbridge_relay_connection_state',
    help: `Each org connection's state: 1 for the state it is in, 0 for the others (${CONNECTION_STATES.join(', ')})`,
    labelNames: ['connection', 'state'] as const,
    registers,
    collect() {
      if (!connectionStates) return;
      // Removed connections disappear instead of keeping their last state.
      this.reset();
      for (const { id, state } of connectionStates()) {
        for (const candidate of CONNECTION_STATES)
          this.set({ connection: id, state: candidate }, candidate === state ? 1 : 0);
      }
    }
  });
  const oldestQueuedAge = new Gauge({
    name: 'cardbridge_relay_oldest_queued_age_seconds',
    help: 'Age of the oldest queued exchange of each org connection, from its receipt (absent: none queued)',
    labelNames: ['connection'] as const,
    registers,
    async collect() {
      const counts = await countsNow();
      if (!counts) return;
      this.reset();
      for (const [connection, at] of Object.entries(counts.oldestQueuedByConnection)) {
        this.set({ connection }, ageSeconds(at));
      }
    }
  });
  const oldestUnroutedAge = new Gauge({
    name: 'cardbridge_relay_oldest_unrouted_age_seconds',
    help: 'Age of the oldest exchange waiting unrouted (no connection serves its account), 0 when none waits',
    registers,
    async collect() {
      const counts = await countsNow();
      if (!counts) return;
      this.set(counts.oldestUnroutedAt === null ? 0 : ageSeconds(counts.oldestUnroutedAt));
    }
  });
  const retentionMs = (options.retentionDays ?? 0) * DAY_MS;
  const pruneLag = new Gauge({
    name: 'cardbridge_relay_prune_lag_seconds',
    help: 'How far past the retention period the oldest published exchange still kept is (0: retention keeps up)',
    registers,
    async collect() {
      const counts = await countsNow();
      if (!counts || options.retentionDays === undefined) return;
      const oldest = counts.oldestPublishedAt;
      this.set(oldest === null ? 0 : Math.max(0, now() - oldest - retentionMs) / 1000);
    }
  });
  const storagePing = options.storagePing;
  const storageUp = new Gauge({
    name: 'cardbridge_relay_storage_up',
    help: 'Whether the outbox storage answered a ping at this scrape (1) or not (0)',
    registers,
    async collect() {
      if (!storagePing) return;
      try {
        await storagePing();
        this.set(1);
      } catch {
        this.set(0);
      }
    }
  });
  const receipts = createReceiptMetrics(registers, { unconfirmed: options.unconfirmed, ageSeconds });

  return {
    receipts,
    registry,
    received,
    rejected,
    webhookResponses,
    queueDepth,
    published,
    retried,
    deadLettered,
    publishLatency,
    pruned,
    tokenFailures,
    leaseTakeovers,
    connectionState,
    oldestQueuedAge,
    oldestUnroutedAge,
    pruneLag,
    storageUp
  };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
