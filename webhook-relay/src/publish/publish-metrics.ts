/**
 * The publisher's metric hooks: plain callbacks, so tests can count and the
 * relay can feed prom-client counters (see `publishMetricsFrom`).
 */

export interface PublishMetrics {
  published(connectionId: string, count: number): void;
  retried(connectionId: string, code: string, count: number): void;
  deadLettered(connectionId: string, code: string, count: number): void;
  /** Seconds from webhook received to platform event accepted. */
  publishLatency(connectionId: string, seconds: number): void;
  /** Leased rows whose results the store rejected: another worker took the lease over. */
  leaseTakenOver?(connectionId: string, count: number): void;
}

export const noPublishMetrics: PublishMetrics = {
  published: () => undefined,
  retried: () => undefined,
  deadLettered: () => undefined,
  publishLatency: () => undefined,
  leaseTakenOver: () => undefined
};

interface LabeledCounter<L extends string> {
  inc(labels: Partial<Record<L, string>>, value?: number): void;
}
interface LabeledHistogram<L extends string> {
  observe(labels: Partial<Record<L, string>>, value: number): void;
}

/** Adapts prom-client metrics (as created in metrics/relay-metrics.ts) to the hooks. */
export function publishMetricsFrom(metrics: {
  published: LabeledCounter<'connection'>;
  retried: LabeledCounter<'connection' | 'code'>;
  deadLettered: LabeledCounter<'connection' | 'code'>;
  publishLatency: LabeledHistogram<'connection'>;
  leaseTakeovers: LabeledCounter<'connection'>;
}): PublishMetrics {
  return {
    published: (connection, count) => metrics.published.inc({ connection }, count),
    retried: (connection, code, count) => metrics.retried.inc({ connection, code }, count),
    deadLettered: (connection, code, count) => metrics.deadLettered.inc({ connection, code }, count),
    publishLatency: (connection, seconds) => metrics.publishLatency.observe({ connection }, seconds),
    leaseTakenOver: (connection, count) => metrics.leaseTakeovers.inc({ connection }, count)
  };
}
