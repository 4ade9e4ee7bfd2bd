/**
 * Durable ingest while the relay publishes (issue #18 item 6), unpinned: every process —
 * the load generator, bare express, the relay, the Salesforce API double (its own process,
 * 50 ms added to every call) — shares all the cores, as in a plain deployment. In one run:
 * bare express, the relay with no org connection (ingest alone), and the relay with one
 * connection serving every account, so each webhook it takes is published to the double
 * while the load goes on; then the relay publishing at a fixed 1,000 req/s, latency from
 * each request's scheduled send time. The relay's CPU per request includes its publishing.
 * After each publishing step the bench waits until the API double has taken every exchange the
 * relay acknowledged, then until the relay has confirmed each one's receipt (and reports how long
 * each took), so no step is measured while an earlier one's backlog is published or confirmed.
 * Publishing includes confirming: the publishing relay looks for receipts 2 s after it publishes
 * (60 s by default), so a step confirms what it published at its own rate, as a relay under steady
 * load does, instead of the receipts of earlier steps coming due 60 s later, in bursts at those
 * steps' rate, in whichever step was running then (seen in a profile: 22.5 % of the loop in one
 * fixed-rate round, none in another).
 *
 * In rounds: on a shared machine the cores' speed drifts within a minute (bare express alone
 * went from 1,840 to 3,950 req/s between two runs on 2026-12-04), and a ratio of two steps
 * measured half a minute apart swung from 0.54x to 0.98x at unchanged code. Each round measures
 * every server once, back to back, in an order that alternates between rounds; a ratio is taken
 * within a round, and the goals are judged on the median round, with every round shown.
 */
import { rmSync } from 'node:fs';
import { startChildService, type ChildService } from '../support/child-service';
import { runFixedRate, type FixedRateResult } from './fixed-rate-load';
import { autocannonRun, BENCH_SECRET, queueByState, startBenchRelay, type ThroughputResult } from './ingest-bench';
import { loopProbeEnv, withOwnLoop, withServiceLoop, type LoopWindow } from './loop-window';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

/** A fixed-rate step with the server's and the load generator's event loops over it (loop-window.ts). */
export type FixedRateWithLoops = FixedRateResult & { serverLoop: LoopWindow; generatorLoop: LoopWindow };

export type WhilePublishingTarget = 'bare-express' | 'relay-alone' | 'relay-publishing';

/** The servers measured in each round, in the order of a forward round, with the names the bench prints. */
export const WHILE_PUBLISHING_SERVERS: Record<WhilePublishingTarget, string> = {
  'bare-express': 'bare express',
  'relay-alone': 'relay alone',
  'relay-publishing': 'relay while publishing'
};

export interface IngestWhilePublishingResult {
  rounds: number;
  throughput: (ThroughputResult & { server: WhilePublishingTarget; round: number })[];
  /** Within each round: its ratios to that round's bare express. */
  ratios: { connections: number; round: number; aloneOverBare: number; publishingOverBare: number }[];
  /**
   * How long the publishing relay took, after each publishing step, to publish the queue it was left
   * with (`seconds`), and then to confirm the receipts still awaited (`receiptSeconds`).
   */
  drainSeconds: { connections: number | 'fixed-rate'; round: number; seconds: number; receiptSeconds: number }[];
  /** Bare express at 1,000 req/s with the same generator, one per round: the floor this machine sets (no goal). */
  fixedRateBare: FixedRateWithLoops[];
  /** At 1,000 req/s from a drained queue, one per round: the relay publishes what it takes, as it takes it. */
  fixedRate: FixedRateWithLoops[];
  /**
   * Exchanges the publishing relay acknowledged, how many distinct ones the API double had taken by
   * the end, how many the relay held as confirmed, and how many it still held queued or awaiting a receipt.
   */
  published: { acknowledged: number; taken: number; confirmed: number; awaiting: number };
}

/** The middle value (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Round `round`'s order: forward in even rounds, reversed in odd ones, so no server always goes first. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

interface DoubleCount {
  doubleExchanges: number;
  answer: number;
}

/** The API double's latest count line, if it has printed one. */
function lastCount(double: ChildService): DoubleCount | undefined {
  const line = double.lines.filter((l) => l.startsWith('{"doubleExchanges"')).at(-1);
  return line === undefined ? undefined : (JSON.parse(line) as DoubleCount);
}

/**
 * How many distinct exchanges the API double (api-double-server.ts) has taken so far. Its answers
 * are numbered: counting lines would stall once the 500 lines kept of a process are all answers.
 */
async function exchangesTaken(double: ChildService, timeoutMs = 5_000): Promise<number> {
  const before = lastCount(double)?.answer ?? 0;
  process.kill(double.process.pid as number, 'SIGUSR2');
  const started = Date.now();
  for (;;) {
    const count = lastCount(double);
    if (count !== undefined && count.answer > before) return count.doubleExchanges;
    if (Date.now() - started > timeoutMs) throw new Error('the API double did not answer its count');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls `done` until it holds; the seconds that took (to about the poll interval). */
async function secondsUntil(done: () => Promise<boolean>, failure: string, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${failure} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  return (Date.now() - started) / 1000;
}

/** Receipts the relay has confirmed so far: its confirmed counter over every outcome (live, unlike the queue counts). */
async function receiptsConfirmed(relay: ChildService): Promise<number> {
  let sum = 0;
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  for (const [, value] of text.matchAll(/^cardbridge_relay_exchanges_confirmed_total\{.*\} (\S+)$/gm))
    sum += Number(value);
  return sum;
}

/** Exchanges the relay holds that are queued or published without a receipt yet. */
const awaiting = (depth: Partial<Record<string, number>>) => (depth.queued ?? 0) + (depth.published ?? 0);

/**
 * After a publishing step: how long until the API double had taken every exchange the relay
 * acknowledged (`seconds`), then until the relay had confirmed the receipt of every exchange the
 * double had taken by then (`receiptSeconds`, from its live counter). Then, not timed, until the
 * relay's queue counts (its status) show nothing queued and nothing awaiting a receipt: a request in flight when the
 * step ended is stored and published too, and the counts are refreshed at most every 5 s. Unpinned,
 * a backlog left by one step would be published and confirmed during the next and take CPU from
 * whatever that step measures (bare express, the relay alone, the fixed-rate run), so every step
 * starts with nothing left to do.
 */
async function drainedAndConfirmed(
  double: ChildService,
  relay: ChildService,
  acknowledged: number
): Promise<{ seconds: number; receiptSeconds: number }> {
  const seconds = await secondsUntil(
    async () => (await exchangesTaken(double)) >= acknowledged,
    `the API double had not taken all ${acknowledged} acknowledged exchanges`
  );
  const taken = await exchangesTaken(double);
  const receiptSeconds = await secondsUntil(
    async () => (await receiptsConfirmed(relay)) >= taken,
    `the relay had not confirmed the receipts of all ${taken} exchanges taken`
  );
  await secondsUntil(
    async () => awaiting(await queueByState(relay.url)) === 0,
    'the relay still had exchanges queued or awaiting a receipt'
  );
  return { seconds, receiptSeconds };
}

export async function runIngestWhilePublishing(options: {
  /** Each step's length. */
  seconds: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<IngestWhilePublishingResult> {
  const { seconds, rounds, log } = options;
  const throughput: IngestWhilePublishingResult['throughput'] = [];
  const drainSeconds: IngestWhilePublishingResult['drainSeconds'] = [];
  const fixedRateBare: FixedRateWithLoops[] = [];
  const fixedRate: FixedRateWithLoops[] = [];
  const ratios: IngestWhilePublishingResult['ratios'] = [];
  let acknowledged = 0;
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
      RELAY_RECEIPT_CHECK_SECONDS: '2',
      ...loopProbeEnv()
    });
    started.push(publishing.relay);
    dirs.push(publishing.dataDir);
    const servers: Record<WhilePublishingTarget, ChildService> = {
      'bare-express': bare,
      'relay-alone': alone.relay,
      'relay-publishing': publishing.relay
    };
    const names = WHILE_PUBLISHING_SERVERS;
    const targets = Object.keys(names) as WhilePublishingTarget[];
    for (const connections of [50, 100]) {
      for (let round = 0; round < rounds; round++) {
        const measured = {} as Record<WhilePublishingTarget, number>;
        for (const target of roundOrder(targets, round)) {
          log(
            `ingest while publishing (unpinned): ${names[target]}, ${connections} connections, round ${round + 1} of ${rounds}, ${seconds}s`
          );
          const run = await autocannonRun(
            servers[target],
            connections,
            seconds,
            target === 'bare-express' ? 'bare-express' : 'relay'
          );
          throughput.push({ ...run, server: target, round });
          measured[target] = run.requestsPerSecond;
          if (target === 'relay-publishing') {
            acknowledged += run.ok2xx;
            drainSeconds.push({
              connections,
              round,
              ...(await drainedAndConfirmed(double, publishing.relay, acknowledged))
            });
          }
        }
        ratios.push({
          connections,
          round,
          aloneOverBare: measured['relay-alone'] / measured['bare-express'],
          publishingOverBare: measured['relay-publishing'] / measured['bare-express']
        });
      }
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
            durationSeconds: seconds,
            makeRequest: () => signedRequest(BENCH_SECRET, realisticExchangeBody(seq++))
          })
        )
      );
      return { ...generated.result, serverLoop, generatorLoop: generated.loop };
    };
    // The same generator against bare express in every round: what this machine and harness cost at that rate.
    for (let round = 0; round < rounds; round++) {
      for (const target of roundOrder(['bare-express', 'relay-publishing'] as const, round)) {
        log(`ingest while publishing (unpinned): ${names[target]} at 1,000 req/s, round ${round + 1} of ${rounds}`);
        if (target === 'bare-express') {
          fixedRateBare.push(await atThousand(bare));
        } else {
          const step = await atThousand(publishing.relay);
          fixedRate.push(step);
          acknowledged += step.statusCounts['202'] ?? 0;
          drainSeconds.push({
            connections: 'fixed-rate',
            round,
            ...(await drainedAndConfirmed(double, publishing.relay, acknowledged))
          });
        }
      }
    }
    // Taken can exceed acknowledged: a request still in flight when autocannon ends a step is
    // stored and published, but its answer is not counted.
    const depth = await queueByState(publishing.relay.url);
    const published = {
      acknowledged,
      taken: await exchangesTaken(double),
      confirmed: depth.confirmed ?? 0,
      awaiting: awaiting(depth)
    };
    return { rounds, throughput, ratios, drainSeconds, fixedRateBare, fixedRate, published };
  } finally {
    for (const service of started.reverse()) await service.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
