/**
 * Operations and admin endpoints of a running relay: liveness, readiness (a storage
 * ping), Prometheus metrics, the bearer-guarded status with connection states and
 * queue depth, and the bearer-guarded exchange lookup.
 */
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { postWebhook, signedWebhook } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from './relay-fixture';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION] });
});
afterAll(() => relay.stop());

const admin = (path: string, token: string | null = TEST_ADMIN_TOKEN) =>
  fetch(`${relay.url}/admin/v1${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

describe('operations endpoints', () => {
  it('/healthz answers 200', async () => {
    const answer = await fetch(`${relay.url}/healthz`);
    expect(answer.status).toBe(200);
  });

  it('/readyz answers ready from a storage ping, naming no connection and counting nothing', async () => {
    await postWebhook(relay.url, signedWebhook());
    const answer = await fetch(`${relay.url}/readyz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ready' });
  });

  it('the admin status lists each configured connection as unknown with its queue depth, behind the token', async () => {
    await postWebhook(relay.url, signedWebhook());
    expect((await admin('/status', null)).status).toBe(401);
    const answer = await admin('/status');
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.connections).toEqual([
      { id: 'acme-prod', name: 'Acme production', state: 'unknown', queued: body.queue.byState.queued }
    ]);
    expect(body.queue.byState.queued).toBeGreaterThanOrEqual(1);
    expect(body.queue.queuedByConnection['acme-prod']).toBe(body.queue.byState.queued);
  });

  it('the admin status shows the states an injected provider reports', async () => {
    const custom = await startTestRelay(
      {},
      { connectionStates: () => [{ id: 'acme-prod', name: 'Acme', state: 'auth_failed' }] }
    );
    try {
      const answer = await fetch(`${custom.url}/admin/v1/status`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
      });
      expect((await answer.json()).connections).toEqual([
        { id: 'acme-prod', name: 'Acme', state: 'auth_failed', queued: 0 }
      ]);
    } finally {
      await custom.stop();
    }
  });

  it('/metrics counts received and rejected webhooks by reason, and queue depth', async () => {
    await postWebhook(relay.url, signedWebhook({ contentType: 'text/plain' }));
    await postWebhook(relay.url, { ...signedWebhook(), headers: { 'content-type': 'application/json' } });
    await postWebhook(relay.url, signedWebhook({ rawBody: 'x'.repeat(300_000) }));
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    expect(text).toMatch(/cardbridge_relay_webhooks_received_total\{outcome="created"\} [1-9]/);
    expect(text).toMatch(/cardbridge_relay_webhooks_rejected_total\{reason="unsupported_media_type"\} 1/);
    expect(text).toMatch(/cardbridge_relay_webhooks_rejected_total\{reason="invalid_signature"\} 1/);
    expect(text).toMatch(/cardbridge_relay_webhooks_rejected_total\{reason="payload_too_large"\} 1/);
    expect(text).toMatch(/cardbridge_relay_queue_depth\{state="queued"\} [1-9]/);
    expect(text).toContain('cardbridge_relay_publish_latency_seconds');
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const answer = await fetch(`${relay.url}/nope`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('admin exchange lookup', () => {
  it('401 without a bearer token and with a wrong one', async () => {
    const without = await admin('/exchanges/exc_x', null);
    expect(without.status).toBe(401);
    expect((await without.json()).type).toBe('https://cardbridge.dev/problems/unauthorized');
    expect((await admin('/exchanges/exc_x', 'wrong-token')).status).toBe(401);
  });

  it('shows state, attempts, last error, event UUID and every delivery of an exchange', async () => {
    const first = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_lookup' }) });
    const second = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_lookup' }) });
    await postWebhook(relay.url, first);
    await postWebhook(relay.url, second);
    await relay.store.markRetry([
      { webhookId: first.id, error: 'UNABLE_TO_LOCK_ROW: busy', nextAttemptAt: Date.now() }
    ]);
    await relay.store.markPublished([{ webhookId: first.id, eventUuid: 'e-uuid-1' }]);

    const answer = await admin('/exchanges/exc_lookup');
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toMatchObject({ exchangeId: 'exc_lookup', state: 'published', attempts: 2, eventUuid: 'e-uuid-1' });
    expect(body.deliveries.map((d: { webhookId: string }) => d.webhookId).sort()).toEqual([first.id, second.id].sort());
    expect(body.deliveries.find((d: { webhookId: string }) => d.webhookId === second.id).state).toBe('queued');
  });

  it('404 problem for an exchange never received', async () => {
    const answer = await admin('/exchanges/exc_never');
    expect(answer.status).toBe(404);
    expect((await answer.json()).type).toBe('https://cardbridge.dev/problems/not-found');
  });
});
