/**
 * Compressed deliveries: a gzip (or deflate) body is inflated before anything
 * else, the signature is checked over the JSON the card platform signed, the
 * size limit counts inflated bytes (a small bomb is still 413), and an encoding
 * the relay cannot read is a 415 that stores nothing.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { signedWebhook, type SignedWebhook } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay, type TestRelay } from './relay-fixture';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION] });
});
afterAll(() => relay.stop());

async function postEncoded(webhook: SignedWebhook, encoding: string, body: Buffer) {
  const response = await fetch(`${relay.url}/v1/card-exchanges`, {
    method: 'POST',
    headers: { ...webhook.headers, 'content-encoding': encoding },
    body: new Uint8Array(body)
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('compressed webhook bodies', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync]
  ])('%s: inflated, verified over the signed JSON and stored', async (encoding, compress) => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: `exc_${encoding}` }) });
    const answer = await postEncoded(webhook, encoding, compress(Buffer.from(webhook.body)));
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ exchangeId: `exc_${encoding}`, status: 'queued' });
    expect(await relay.store.getByWebhookId(webhook.id)).toMatchObject({ exchangeId: `exc_${encoding}` });
  });

  it('401 when the signature was made over the compressed bytes instead of the JSON', async () => {
    const json = JSON.stringify(sampleCardExchange({ exchangeId: 'exc_signed_gzip' }));
    const gzipped = gzipSync(Buffer.from(json));
    const webhook = signedWebhook({ rawBody: gzipped.toString('latin1') });
    const answer = await postEncoded(webhook, 'gzip', gzipped);
    expect(answer.status).toBe(401);
    expect(await relay.store.getByWebhookId(webhook.id)).toBeUndefined();
  });

  it('413 when the body inflates past the limit, however small it was on the wire', async () => {
    const padded = `{"padding":"${' '.repeat(300 * 1024)}"}`;
    const webhook = signedWebhook({ rawBody: padded });
    const wire = gzipSync(Buffer.from(padded));
    expect(wire.length).toBeLessThan(2048);
    const answer = await postEncoded(webhook, 'gzip', wire);
    expect(answer.status).toBe(413);
    expect(answer.body.type).toBe('https://cardbridge.dev/problems/payload-too-large');
    expect(await relay.store.getByWebhookId(webhook.id)).toBeUndefined();
  });

  it('415 for an encoding the relay does not read, storing nothing', async () => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_compress' }) });
    const answer = await postEncoded(webhook, 'compress', Buffer.from(webhook.body));
    expect(answer.status).toBe(415);
    expect(answer.body.type).toBe('https://cardbridge.dev/problems/unsupported-media-type');
    expect(await relay.store.getByWebhookId(webhook.id)).toBeUndefined();
  });

  it('400 for a gzip body that is corrupt, storing nothing', async () => {
    const webhook = signedWebhook({ body: sampleCardExchange({ exchangeId: 'exc_corrupt' }) });
    const corrupt = gzipSync(Buffer.from(webhook.body)).subarray(0, 20);
    const answer = await postEncoded(webhook, 'gzip', corrupt);
    expect(answer.status).toBe(400);
    expect(await relay.store.getByWebhookId(webhook.id)).toBeUndefined();
  });
});
