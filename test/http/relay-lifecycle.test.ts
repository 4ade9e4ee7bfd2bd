/** startRelay's composition: background services start with the relay and stop after it stops accepting. */
import { Router } from 'express';
import { waitFor } from '../publish/publish-fixtures';
import { postWebhook, signedWebhook } from '../support/signed-webhook';
import { startTestRelay } from './relay-fixture';

const DAY = 86_400_000;

describe('relay lifecycle', () => {
  it('starts background services and stops them after the server, before storage closes', async () => {
    const events: string[] = [];
    const relay = await startTestRelay(
      {},
      {
        services: ({ store }) => [
          {
            name: 'recorder',
            start: () => {
              events.push('start');
            },
            stop: async () => {
              events.push('stop');
              // Storage is still open while services finish their work.
              await store.ping();
              events.push('store still open');
            }
          }
        ]
      }
    );
    expect(events).toEqual(['start']);
    await relay.stop();
    expect(events).toEqual(['start', 'stop', 'store still open']);
    await expect(relay.store.ping()).rejects.toThrow();
  });

  it('prunes published exchanges past retention even with publishing off, and counts them in /metrics', async () => {
    // The relay's clock runs two days ahead of the store's: what is published now is past a 1-day retention.
    const relay = await startTestRelay({ retentionDays: 1 }, { pruneIntervalMs: 10, now: () => Date.now() + 2 * DAY });
    try {
      expect(relay.publishing).toBeUndefined();
      const row = (id: string) => ({
        webhookId: id,
        exchangeId: `exc_${id}`,
        accountId: 'acc_1',
        bodyHash: `hash_${id}`,
        payload: '{}',
        receivedAt: Date.now(),
        connectionId: 'acme-prod'
      });
      await relay.store.insert(row('msg_published'));
      await relay.store.insert(row('msg_queued'));
      await relay.store.markPublished([{ webhookId: 'msg_published', eventUuid: null }]);

      await waitFor(async () => (await relay.store.getByWebhookId('msg_published')) === undefined, 5_000);
      expect(await relay.store.getByWebhookId('msg_queued')).toMatchObject({ state: 'queued' });
      expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/^cardbridge_relay_pruned_total 1$/m);
    } finally {
      await relay.stop();
    }
  });

  it('keeps idle connections open longer than the 60 s idle timeout of a load balancer', async () => {
    const relay = await startTestRelay();
    try {
      const answer = await postWebhook(relay.url, signedWebhook());
      expect(answer.headers.get('keep-alive')).toBe('timeout=65');
    } finally {
      await relay.stop();
    }
  });

  it('answers 405 with Allow: POST to other methods on the webhook path', async () => {
    const relay = await startTestRelay();
    try {
      const answer = await fetch(`${relay.url}/v1/card-exchanges`);
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
      expect((await postWebhook(relay.url, signedWebhook())).status).toBe(202);
    } finally {
      await relay.stop();
    }
  });

  it('mounts extra routes built from the relay parts', async () => {
    const relay = await startTestRelay(
      {},
      {
        routes: ({ store }) => {
          const router = Router();
          router.get('/extra/queue', async (_req, res) => {
            res.json(await store.counts());
          });
          return [router];
        }
      }
    );
    try {
      const answer = await fetch(`${relay.url}/extra/queue`);
      expect(answer.status).toBe(200);
      expect((await answer.json()).byState).toMatchObject({ queued: 0 });
    } finally {
      await relay.stop();
    }
  });
});
