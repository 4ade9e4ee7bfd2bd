/**
 * Durability at the HTTP edge: a storage failure is a 503 with Retry-After and
 * acknowledges nothing; concurrent webhooks are all stored in fewer commits
 * than requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { openSqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { postWebhook, signedWebhook } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay } from './relay-fixture';

/** A real SQLite store whose inserts can be made to fail, as a full disk or I/O error would. */
function faultyStore(dir: string) {
  const real = openSqliteOutboxStore(dir);
  const state = { failing: false };
  const store: OutboxStore = Object.create(real);
  store.insert = (exchange) =>
    state.failing ? Promise.reject(new Error('SQLITE_IOERR: disk I/O error')) : real.insert(exchange);
  return { store, real, state };
}

describe('storage failure', () => {
  it('answers 503 with Retry-After, stores nothing, and accepts the retry once storage is back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-faulty-'));
    const { store, real, state } = faultyStore(dir);
    const relay = await startTestRelay({}, { store });
    try {
      state.failing = true;
      const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_disk_full' }) });
      const answer = await postWebhook(relay.url, webhook);
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.body.type).toBe('https://cardbridge.dev/problems/storage-unavailable');
      expect(await real.getByWebhookId(webhook.id)).toBeUndefined();

      state.failing = false;
      const retry = await postWebhook(relay.url, webhook);
      expect(retry.status).toBe(202);
      expect(await real.findByExchangeId('exc_disk_full')).toHaveLength(1);
    } finally {
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports not ready when storage is closed', async () => {
    const relay = await startTestRelay();
    try {
      await relay.store.close();
      const ready = await fetch(`${relay.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable' });
      const answer = await postWebhook(relay.url, signedWebhook());
      expect(answer.status).toBe(503);
    } finally {
      await relay.stop();
    }
  });
});

describe('group commit', () => {
  it('stores 60 concurrent webhooks with fewer commits than requests', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-group-'));
    const commits: number[] = [];
    const store = openSqliteOutboxStore(dir, { onGroupCommit: (size) => commits.push(size) });
    const relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION] }, { store });
    try {
      const webhooks = Array.from({ length: 60 }, (_, i) =>
        signedWebhook({ body: sampleCardExchange({ exchangeId: `exc_group_${i}` }) })
      );
      const answers = await Promise.all(webhooks.map((w) => postWebhook(relay.url, w)));
      expect(answers.map((a) => a.status)).toEqual(webhooks.map(() => 202));
      for (const w of webhooks) expect(await store.getByWebhookId(w.id)).toBeDefined();
      expect(commits.reduce((a, b) => a + b, 0)).toBe(60);
      expect(commits.length).toBeLessThan(60);
    } finally {
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  it('answers a webhook in flight before closing storage', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-drain-'));
    const real = openSqliteOutboxStore(dir);
    const slow: OutboxStore = Object.create(real);
    slow.insert = async (exchange) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return real.insert(exchange);
    };
    slow.close = () => real.close();
    const relay = await startTestRelay({}, { store: slow });
    try {
      const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_in_flight' }) });
      const answer = postWebhook(relay.url, webhook);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = relay.close();
      expect((await answer).status).toBe(202);
      await closed;
      const reopened = openSqliteOutboxStore(dir);
      expect(await reopened.getByWebhookId(webhook.id)).toMatchObject({ exchangeId: 'exc_in_flight' });
      await reopened.close();
      await expect(fetch(`${relay.url}/healthz`)).rejects.toThrow();
    } finally {
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
