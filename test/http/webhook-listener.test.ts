/**
 * The relay's request listener, where the webhook endpoint runs in front of
 * express: which requests it takes, that a path only express recognises still
 * reaches it, and that an unexpected failure is a 500 problem that acknowledges
 * nothing.
 */
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { createApp, createRelayListener, type AppDeps } from '../../webhook-relay/src/http/create-app';
import { isWebhookPost } from '../../webhook-relay/src/http/webhook-endpoint';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { createRelayMetrics } from '../../webhook-relay/src/metrics/relay-metrics';
import type { Ingest } from '../../webhook-relay/src/ingest/ingest-webhook';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { signedWebhook } from '../support/signed-webhook';

const asRequest = (method: string, url: string) => ({ method, url }) as IncomingMessage;

describe('isWebhookPost', () => {
  it.each(['/v1/card-exchanges', '/V1/Card-Exchanges', '/v1/card-exchanges/', '/v1/card-exchanges?source=test'])(
    'takes POST %s',
    (url) => expect(isWebhookPost(asRequest('POST', url))).toBe(true)
  );

  it.each([
    ['GET', '/v1/card-exchanges'],
    ['PUT', '/v1/card-exchanges'],
    ['POST', '/v1/card-exchanges/123'],
    ['POST', '/v1/card-exchanges//'],
    ['POST', '/v1/card-exchange'],
    ['POST', '/admin/v1/connections'],
    ['POST', '/']
  ])('leaves %s %s to express', (method, url) => expect(isWebhookPost(asRequest(method, url))).toBe(false));
});

function deps(ingest: Ingest): AppDeps & { logged: string[] } {
  const logged: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => logged.push(line) } });
  return {
    ingest,
    store: {} as OutboxStore,
    metrics: createRelayMetrics(),
    logger,
    bodyLimitBytes: 256 * 1024,
    adminToken: () => undefined,
    connectionStates: () => [],
    logged
  };
}

const accepted: Ingest = async (req) => ({
  ok: true,
  value: { webhookId: req.headers.id as string, exchangeId: 'exc_1', state: 'queued', duplicate: false }
});

describe('the webhook handler in front of express', () => {
  it('answers a webhook POST without express, and the same through express for a path only express matches', async () => {
    const webhook = signedWebhook();
    const listener = createRelayListener(deps(accepted));
    const direct = await request(listener).post('/v1/card-exchanges').set(webhook.headers).send(webhook.body);
    expect(direct.status).toBe(202);
    expect(direct.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(direct.body).toEqual({ id: webhook.id, exchangeId: 'exc_1', status: 'queued' });

    // Handed to the express app directly, the fallback route serves the same answer.
    const viaExpress = await request(createApp(deps(accepted)))
      .post('/v1/card-exchanges')
      .set(webhook.headers)
      .send(webhook.body);
    expect(viaExpress.status).toBe(202);
    expect(viaExpress.body).toEqual(direct.body);
  });

  it('answers 500 as a problem, logs the error and acknowledges nothing when ingest throws', async () => {
    const failing = deps(async () => {
      throw new Error('the disk caught fire');
    });
    const webhook = signedWebhook();
    const answer = await request(createRelayListener(failing))
      .post('/v1/card-exchanges')
      .set(webhook.headers)
      .send(webhook.body);
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({ type: 'https://cardbridge.dev/problems/internal-error', status: 500 });
    expect(failing.logged.join('\n')).toContain('the disk caught fire');
  });

  it('leaves the other routes to express: a problem+json 404', async () => {
    const answer = await request(createRelayListener(deps(accepted)))
      .post('/v1/card-exchanges/123')
      .send('{}');
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe('https://cardbridge.dev/problems/not-found');
  });
});
