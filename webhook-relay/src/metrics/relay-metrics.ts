/**
 * Every Prometheus metric of the relay, on a registry of its own per relay
 * (so several relays in one process, as in tests, never collide). Ingest
 * counts received and rejected; the publisher increments the publish-side
 * metrics created here; the outbox pruner counts what retention deleted; queue
 * depth is read from the store at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueCounts } from '../store/outbox-store';

export interface RelayMetricsOptions {
  /** Read at every scrape for the queue-depth gauge. */
  queueCounts?: () => Promise<QueueCounts>;
  /** Node process metrics (off in tests to keep scrapes small). */
  processMetrics?: boolean;
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
  const queueDepth = new Gauge({
    name: 'cardbridge_relay_queue_depth',
    help: 'Stored exchanges by state',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      if (!queueCounts) return;
      try {
        const counts = await queueCounts();
        for (const [state, n] of Object.entries(counts.byState)) this.set({ state }, n);
      } catch {
        // Storage down: readiness reports it; the scrape still answers.
      }
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

  return { registry, received, rejected, queueDepth, published, retried, deadLettered, publishLatency, pruned };
}

export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
