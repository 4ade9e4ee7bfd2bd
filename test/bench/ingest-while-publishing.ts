/**
 * Durable ingest while the relay publishes (issue #18 item 6), unpinned: every process —
 * the load generator, bare express, the relay, the Salesforce API double (its own process,
 * 50 ms added to every call) — shares all the cores, as in a plain deployment. In one run:
 * bare express, the relay with no org connection (ingest alone), and the relay with one
 * connection serving every account, so each webhook it takes is published to the double
 * while the load goes on; then the relay publishing at a fixed 1,000 req/s, latency from
 * each request's scheduled send time. The relay's CPU per request includes its publishing.
 * After each publishing step the bench waits for the relay's queue to drain (and reports how
 * long that took), so no step is measured while an earlier one's backlog is published.
 */
import { rmSync } from 'node:fs';
import { startChildService, type ChildService } from '../support/child-service';
import { runFixedRate, type FixedRateResult } from './fixed-rate-load';
import {
  autocannonRun,
  BENCH_SECRET,
  queueByState,
  queuedCount,
  startBenchRelay,
  type ThroughputResult
} from './ingest-bench';
import { loopProbeEnv, withOwnLoop, withServiceLoop, type LoopWindow } from './loop-window';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

/** A fixed-rate step with the server's and the load generator's event loops over it (loop-window.ts). */
export type FixedRateWithLoops = FixedRateResult & { serverLoop: LoopWindow; generatorLoop: LoopWindow };

export interface IngestWhilePublishingResult {
  throughput: (ThroughputResult & { publishing: boolean })[];
  ratios: { connections: number; aloneOverBare: number; publishingOverBare: number }[];
  /** How long the publishing relay took, after each throughput step, to publish the queue it was left with. */
  drainSeconds: { connections: number; seconds: number }[];
  /** Bare express at 1,000 req/s with the same generator: the floor this machine sets (no goal). */
  fixedRateBare: FixedRateWithLoops;
  /** At 1,000 req/s from a drained queue: the relay publishes what it takes, as it takes it. */
  fixedRate: FixedRateWithLoops;
  /** Exchanges the publishing relay stored, and how many of them Salesforce had taken by the end. */
  published: { stored: number; published: number };
}

async function publishedCount(relayUrl: string): Promise<number> {
  const states = await queueByState(relayUrl);
  return (states.published ?? 0) + (states.confirmed ?? 0);
}

/**
 * Waits until the publishing relay has nothing queued; the seconds it took. Unpinned, a backlog
 * left by one step would be published during the next and take CPU from whatever that step
 * measures (bare express, the relay alone, the fixed-rate run), so every step starts drained.
 */
async function drained(relayUrl: string, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  while ((await queueByState(relayUrl)).queued ?? 0) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`the publishing relay still had a queue after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return (Date.now() - started) / 1000;
}

export async function runIngestWhilePublishing(options: {
  seconds: number;
  log: (line: string) => void;
}): Promise<IngestWhilePublishingResult> {
  const throughput: IngestWhilePublishingResult['throughput'] = [];
  const drainSeconds: IngestWhilePublishingResult['drainSeconds'] = [];
  const started: ChildService[] = [];
  const dirs: string[] = [];
  try {
    const bare = await startChildService('test/bench/bare-express-server.ts', [], loopProbeEnv());
    started.push(bare);
    const double = await startChildService('test/bench/api-double-server.ts', [], { API_DOUBLE_LATENCY_MS: '50' });
    started.push(double);
    const alone = await startBenchRelay();
    started.push(alone.relay);
    dirs.push(alone.dataDir);
    const line = JSON.parse(double.lines.find((l) => l.startsWith('{')) ?? '{}') as Record<string, string>;
    const publishing = await startBenchRelay({
      RELAY_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
      SF_INSTANCE_URL: double.url,
      SF_CLIENT_ID: line.clientId,
      SF_CLIENT_SECRET: line.clientSecret,
      ...loopProbeEnv()
    });
    started.push(publishing.relay);
    dirs.push(publishing.dataDir);
    for (const connections of [50, 100]) {
      options.log(`ingest while publishing (unpinned): bare express, ${connections} connections, ${options.seconds}s`);
      throughput.push({
        ...(await autocannonRun(bare, connections, options.seconds, 'bare-express')),
        publishing: false
      });
      options.log(`ingest while publishing (unpinned): relay alone, ${connections} connections`);
      throughput.push({
        ...(await autocannonRun(alone.relay, connections, options.seconds, 'relay')),
        publishing: false
      });
      options.log(`ingest while publishing (unpinned): relay publishing, ${connections} connections`);
      throughput.push({
        ...(await autocannonRun(publishing.relay, connections, options.seconds, 'relay')),
        publishing: true
      });
      drainSeconds.push({ connections, seconds: await drained(publishing.relay.url) });
    }
    let seq = 2_000_000;
    // Each with the server's and the generator's own loops over the step: a p99 that the server's
    // loop does not show came from the machine or the generator, not from what the server did.
    const atThousand = async (service: ChildService): Promise<FixedRateWithLoops> => {
      const { result: generated, loop: serverLoop } = await withServiceLoop(service, () =>
        withOwnLoop(() =>
          runFixedRate({
            url: `${service.url}/v1/card-exchanges`,
            ratePerSecond: 1000,
            durationSeconds: options.seconds,
            makeRequest: () => signedRequest(BENCH_SECRET, realisticExchangeBody(seq++))
          })
        )
      );
      return { ...generated.result, serverLoop, generatorLoop: generated.loop };
    };
    // The same generator against bare express first: what this machine and harness cost at that rate.
    options.log('ingest while publishing (unpinned): bare express at 1,000 req/s (reference)');
    const fixedRateBare = await atThousand(bare);
    options.log('ingest while publishing (unpinned): relay publishing at 1,000 req/s');
    const fixedRate = await atThousand(publishing.relay);
    const stored = await queuedCount(publishing.relay.url);
    const published = await publishedCount(publishing.relay.url);
    const ratios = [50, 100].map((connections) => {
      const find = (target: string, pub: boolean) =>
        throughput.find((t) => t.target === target && t.connections === connections && t.publishing === pub)!
          .requestsPerSecond;
      const bareRps = find('bare-express', false);
      return {
        connections,
        aloneOverBare: find('relay', false) / bareRps,
        publishingOverBare: find('relay', true) / bareRps
      };
    });
    return { throughput, ratios, drainSeconds, fixedRateBare, fixedRate, published: { stored, published } };
  } finally {
    for (const service of started.reverse()) await service.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
