/**
 * Only the webhook path faces the internet: with `internalPort` set, the public
 * listener serves the webhook endpoint, /healthz and /readyz, and the admin API,
 * the console, /metrics and the detailed status answer on the internal listener
 * alone. Queue counts behind /metrics and the status are read once every few
 * seconds, however often they are asked for.
 */
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { openSqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from './relay-fixture';

const bearer = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('a relay with an internal listener', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION], internalPort: 0 }, { publishing: {} });
  });
  afterAll(() => relay.stop());

  it('takes webhooks and answers health checks on the public listener', async () => {
    const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId: 'exc_public' }) }));
    expect(answer.status).toBe(202);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${relay.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it.each(['/metrics', '/admin/v1/status', '/admin/v1/exchanges/exc_public', '/admin/v1/connections', '/console'])(
    'answers 404 for %s on the public listener, with the admin token too',
    async (route) => {
      const answer = await fetch(`${relay.url}${route}`, { headers: bearer, redirect: 'manual' });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
    }
  );

  it('serves the admin API, the console, /metrics and the detailed status on the internal listener, on loopback', async () => {
    const internal = relay.internalUrl as string;
    expect(internal).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(internal).not.toBe(relay.url);
    expect((await fetch(`${internal}/metrics`)).status).toBe(200);
    const status = await fetch(`${internal}/admin/v1/status`, { headers: bearer });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { connections: { id: string }[] }).connections.map((c) => c.id)).toEqual([
      'acme-prod'
    ]);
    expect((await fetch(`${internal}/admin/v1/exchanges/exc_public`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${internal}/console`, { redirect: 'manual' })).status).toBeLessThan(400);
    expect((await fetch(`${internal}/readyz`)).status).toBe(200);
  });
});

describe('queue counts behind /metrics and the status', () => {
  it('are read once for a crowd of scrapes, and again only after a few seconds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-counts-'));
    const real = openSqliteOutboxStore(dir);
    let counted = 0;
    const store: OutboxStore = Object.create(real);
    store.counts = () => {
      counted += 1;
      return real.counts();
    };
    store.close = () => real.close();
    const relay = await startTestRelay({}, { store });
    try {
      const scrape = () => fetch(`${relay.url}/metrics`).then((r) => r.text());
      const status = () => fetch(`${relay.url}/admin/v1/status`, { headers: bearer }).then((r) => r.json());
      await Promise.all([...Array.from({ length: 20 }, scrape), ...Array.from({ length: 5 }, status)]);
      await Promise.all(Array.from({ length: 10 }, scrape));
      expect(counted).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 5_100));
      await scrape();
      expect(counted).toBe(2);
      // Readiness never counts.
      await Promise.all(Array.from({ length: 10 }, () => fetch(`${relay.url}/readyz`)));
      expect(counted).toBe(2);
    } finally {
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
