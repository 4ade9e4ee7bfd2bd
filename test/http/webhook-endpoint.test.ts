/**
 * The webhook contract of architecture.md §1, one test per row of the answer
 * table and per step of the check order, against a real relay.
 */
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { newWebhookId, postWebhook, sampleWith, signedWebhook, TEST_SECRET } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay, type TestRelay } from './relay-fixture';

const PROBLEMS = 'https://cardbridge.dev/problems/';
let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION] });
});
afterAll(() => relay.stop());

describe('POST /v1/card-exchanges answers', () => {
  it('202 with the webhook id, exchange id and "queued" once the exchange is stored', async () => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_stored' }) });
    const answer = await postWebhook(relay.url, webhook);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: webhook.id, exchangeId: 'exc_stored', status: 'queued' });
    const stored = await relay.store.getByWebhookId(webhook.id);
    expect(stored).toMatchObject({ exchangeId: 'exc_stored', state: 'queued', connectionId: 'acme-prod' });
  });

  it('200 with "duplicate": true for the same webhook id and body again, storing it once', async () => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_dup' }) });
    await postWebhook(relay.url, webhook);
    const again = await postWebhook(relay.url, webhook);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: webhook.id, exchangeId: 'exc_dup', status: 'queued', duplicate: true });
    expect(await relay.store.findByExchangeId('exc_dup')).toHaveLength(1);
  });

  it('200 duplicate reports the state the exchange is in now', async () => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_dup_published' }) });
    await postWebhook(relay.url, webhook);
    await relay.store.markPublished([{ webhookId: webhook.id, eventUuid: 'uuid-1' }]);
    const again = await postWebhook(relay.url, webhook);
    expect(again.body).toMatchObject({ status: 'published', duplicate: true });
  });

  it('409 for the same webhook id with a different body, keeping the first body', async () => {
    const id = newWebhookId();
    const first = signedWebhook({ id, body: sampleCardExchange({ exchangeId: 'exc_conflict_a' }) });
    const second = signedWebhook({ id, body: sampleCardExchange({ exchangeId: 'exc_conflict_b' }) });
    expect((await postWebhook(relay.url, first)).status).toBe(202);
    const answer = await postWebhook(relay.url, second);
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe(`${PROBLEMS}webhook-id-conflict`);
    expect(await relay.store.findByExchangeId('exc_conflict_b')).toHaveLength(0);
    expect((await relay.store.getByWebhookId(id))?.exchangeId).toBe('exc_conflict_a');
  });

  it('401 when the signature headers are missing', async () => {
    const webhook = signedWebhook();
    const answer = await postWebhook(relay.url, { ...webhook, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: `${PROBLEMS}invalid-signature`, title: expect.any(String), status: 401 });
  });

  it('401 for a signature made with a secret the relay does not know', async () => {
    const webhook = signedWebhook({ secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64') });
    expect((await postWebhook(relay.url, webhook)).status).toBe(401);
    expect(await relay.store.getByWebhookId(webhook.id)).toBeUndefined();
  });

  it('401 for a stale timestamp and for one from the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await postWebhook(relay.url, signedWebhook({ timestamp: now - 301 }))).status).toBe(401);
    expect((await postWebhook(relay.url, signedWebhook({ timestamp: now + 301 }))).status).toBe(401);
  });

  it('415 for a body that is not declared as JSON', async () => {
    const answer = await postWebhook(relay.url, signedWebhook({ contentType: 'text/plain' }));
    expect(answer.status).toBe(415);
    expect(answer.body.type).toBe(`${PROBLEMS}unsupported-media-type`);
  });

  it('accepts application/json with a utf-8 charset', async () => {
    const answer = await postWebhook(relay.url, signedWebhook({ contentType: 'application/json; charset=UTF-8' }));
    expect(answer.status).toBe(202);
  });

  it('413 for a body over 256 KiB', async () => {
    const big = sampleWith({ 'data.contact.note': 'x'.repeat(262_144) });
    const answer = await postWebhook(relay.url, signedWebhook({ body: big }));
    expect(answer.status).toBe(413);
    expect(answer.body.type).toBe(`${PROBLEMS}payload-too-large`);
  });

  it('400 for malformed JSON with a valid signature', async () => {
    const answer = await postWebhook(relay.url, signedWebhook({ rawBody: '{"type": "card.exchange.created",' }));
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe(`${PROBLEMS}malformed-json`);
  });

  it('422 with the path of each schema violation', async () => {
    const body = sampleWith({
      'data.account.id': 123,
      'data.contact.email': 'not-an-email',
      'data.contact.address.city': 'c'.repeat(41)
    });
    const answer = await postWebhook(relay.url, signedWebhook({ body }));
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe(`${PROBLEMS}invalid-payload`);
    const paths = answer.body.errors?.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['data.account.id', 'data.contact.email', 'data.contact.address.city'])
    );
  });

  it('422 for a webhook id longer than the DeliveryId__c field, naming the header', async () => {
    const answer = await postWebhook(relay.url, signedWebhook({ id: 'm'.repeat(81) }));
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toContainEqual({ path: 'headers.webhook-id', message: expect.any(String) });
  });

  it('422 unsupported-event-type for an event type other than card.exchange.created', async () => {
    const answer = await postWebhook(
      relay.url,
      signedWebhook({ body: { ...sampleCardExchange(), type: 'card.deleted' } })
    );
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe(`${PROBLEMS}unsupported-event-type`);
  });

  it('202 with status "unrouted" when no connection serves the account', async () => {
    const lonely = await startTestRelay();
    try {
      const answer = await postWebhook(lonely.url, signedWebhook());
      expect(answer.status).toBe(202);
      expect(answer.body.status).toBe('unrouted');
    } finally {
      await lonely.stop();
    }
  });
});

describe('check order: the first failing check answers', () => {
  it('size before content type (413 for an oversized text/plain body)', async () => {
    const answer = await postWebhook(
      relay.url,
      signedWebhook({ rawBody: 'x'.repeat(300_000), contentType: 'text/plain' })
    );
    expect(answer.status).toBe(413);
  });

  it('content type before signature (415 for an unsigned text/plain body)', async () => {
    const answer = await postWebhook(relay.url, { id: 'x', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(415);
  });

  it('signature before JSON (401 for unsigned malformed JSON)', async () => {
    const answer = await postWebhook(relay.url, {
      id: 'x',
      body: '{oops',
      headers: { 'content-type': 'application/json' }
    });
    expect(answer.status).toBe(401);
  });

  it('schema before webhook-id reuse (422 for a reused id with an invalid body)', async () => {
    const id = newWebhookId();
    await postWebhook(relay.url, signedWebhook({ id }));
    const answer = await postWebhook(relay.url, signedWebhook({ id, body: { type: 'card.exchange.created' } }));
    expect(answer.status).toBe(422);
  });
});

describe('rotation at the HTTP edge', () => {
  it('accepts webhooks signed with either of two configured secrets', async () => {
    const next = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
    const rotating = await startTestRelay({ webhookSecrets: [TEST_SECRET, next] });
    try {
      expect((await postWebhook(rotating.url, signedWebhook({ secret: TEST_SECRET }))).status).toBe(202);
      expect((await postWebhook(rotating.url, signedWebhook({ secret: next }))).status).toBe(202);
    } finally {
      await rotating.stop();
    }
  });
});
