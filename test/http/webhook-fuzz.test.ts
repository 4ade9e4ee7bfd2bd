/**
 * Property: whatever headers and body arrive, the relay never answers 5xx,
 * and it stores a delivery only when it acknowledged it as valid.
 */
import fc from 'fast-check';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { signWebhook } from '../../webhook-relay/src/ingest/webhook-signature';
import { REMOVE, sampleWith, TEST_SECRET } from '../support/signed-webhook';
import { CATCH_ALL_CONNECTION, startTestRelay, type TestRelay } from './relay-fixture';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({ connections: [CATCH_ALL_CONNECTION] });
});
afterAll(() => relay.stop());

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => [prefix.concat(k), ...leafPaths(v, prefix.concat(k))]);
}
const SAMPLE_PATHS = leafPaths(sampleCardExchange()).filter((p) => p.length > 0);

/** The sample with one path replaced by an arbitrary JSON value or removed. */
const mutatedSample = fc
  .tuple(fc.constantFrom(...SAMPLE_PATHS), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }))
  .map(([keyPath, replacement]) =>
    JSON.stringify(sampleWith({ [keyPath.join('.')]: replacement === undefined ? REMOVE : replacement }))
  );

const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 });

const request = fc.record({
  // Weighted towards well-signed JSON so most runs reach validation and storage.
  body: fc.oneof(
    { arbitrary: mutatedSample, weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
    { arbitrary: fc.constant(JSON.stringify(sampleCardExchange())), weight: 2 }
  ),
  freshId: fc.boolean(),
  arbitraryId: headerText,
  timestamp: fc.oneof(
    { arbitrary: fc.constant('now'), weight: 8 },
    { arbitrary: headerText, weight: 1 },
    { arbitrary: fc.integer({ min: -1e10, max: 1e11 }).map(String), weight: 1 }
  ),
  signature: fc.oneof(
    { arbitrary: fc.constant('valid'), weight: 8 },
    { arbitrary: headerText, weight: 1 },
    { arbitrary: fc.constant('none'), weight: 1 }
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: headerText, weight: 1 },
    { arbitrary: fc.constant('none'), weight: 1 }
  )
});

let counter = 0;

describe('webhook intake under arbitrary input', () => {
  it('never answers 5xx and stores only what it acknowledged', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const id = r.freshId ? `msg_fuzz_${process.pid}_${counter++}` : r.arbitraryId;
        const timestamp = r.timestamp === 'now' ? String(Math.floor(Date.now() / 1000)) : r.timestamp;
        const headers: Record<string, string> = { 'webhook-id': id, 'webhook-timestamp': timestamp };
        if (r.signature === 'valid') headers['webhook-signature'] = signWebhook(TEST_SECRET, id, timestamp, r.body);
        else if (r.signature !== 'none') headers['webhook-signature'] = r.signature;
        if (r.contentType !== 'none') headers['content-type'] = r.contentType;

        const response = await fetch(`${relay.url}/v1/card-exchanges`, { method: 'POST', headers, body: r.body });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        if (r.freshId) {
          const stored = await relay.store.getByWebhookId(id);
          expect(stored !== undefined).toBe(response.status === 202);
        }
      }),
      // 300 runs in the suite; the benchmark profile (npm run bench) sets FUZZ_RUNS=10000.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) }
    );
  });
});
