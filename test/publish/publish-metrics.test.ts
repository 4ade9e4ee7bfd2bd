import { createRelayMetrics } from '../../webhook-relay/src/metrics/relay-metrics';
import { publishMetricsFrom } from '../../webhook-relay/src/publish/publish-metrics';

describe('publish metrics on the relay registry', () => {
  it('shows published, retried, dead-lettered and latency per connection in the Prometheus text', async () => {
    const metrics = createRelayMetrics();
    const hooks = publishMetricsFrom(metrics);
    hooks.published('org_a', 3);
    hooks.retried('org_a', 'UNABLE_TO_LOCK_ROW', 1);
    hooks.deadLettered('org_a', 'STRING_TOO_LONG', 2);
    hooks.publishLatency('org_a', 0.3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('cardbridge_relay_events_published_total{connection="org_a"} 3');
    expect(text).toContain('cardbridge_relay_events_retried_total{connection="org_a",code="UNABLE_TO_LOCK_ROW"} 1');
    expect(text).toContain('cardbridge_relay_events_dead_lettered_total{connection="org_a",code="STRING_TOO_LONG"} 2');
    expect(text).toContain('cardbridge_relay_publish_latency_seconds_count{connection="org_a"} 1');
  });
});
