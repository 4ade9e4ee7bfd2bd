/**
 * Ingest benchmarks: autocannon at 50 and 100 connections against the relay's
 * webhook endpoint (every request signed, a fresh webhook-id each) and, in the
 * same run, against the bare express baseline; then fixed-rate latency at 500
 * and 1,000 req/s measured from each request's scheduled send time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startChildService, startRelayProcess, type ChildService } from '../support/child-service';
import { runFixedRate, type FixedRateResult } from './fixed-rate-load';
import { processCpuMs } from './process-cpu';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

export const BENCH_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export interface ThroughputResult {
  target: 'relay' | 'bare-express' | 'bare-node';
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Answers with a 2xx status: acknowledged deliveries. */
  ok2xx: number;
  /** CPU time (user + system) the server process spent per answered request, in µs (Linux only). */
  serverCpuUsPerRequest?: number;
}

export interface IngestBenchResult {
  throughput: ThroughputResult[];
  ratios: { connections: number; relayOverBare: number }[];
  fixedRate: FixedRateResult[];
  acknowledgedStored: { acknowledged: number; stored: number };
}

export async function startBenchRelay(
  extraEnv: NodeJS.ProcessEnv = {}
): Promise<{ relay: ChildService; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-'));
  const relay = await startRelayProcess({
    PORT: '0',
    RELAY_DATA_DIR: dataDir,
    RELAY_WEBHOOK_SECRET: BENCH_SECRET,
    RELAY_ADMIN_TOKEN: 'bench-admin-token',
    LOG_LEVEL: 'info',
    ...extraEnv
  });
  return { relay, dataDir };
}

let poolSeq = 0;

export async function autocannonRun(
  server: ChildService,
  connections: number,
  seconds: number,
  target: ThroughputResult['target']
): Promise<ThroughputResult> {
  // Signed bodies are made before the run, so the load generator spends its CPU on
  // sending, not on JSON and HMAC: on two cores it shares the machine with the server.
  const pool = Array.from({ length: Math.ceil(seconds * 6_000) }, (_, i) =>
    signedRequest(BENCH_SECRET, realisticExchangeBody(poolSeq + i))
  );
  poolSeq += pool.length;
  let seq = 0;
  const cpuBefore = processCpuMs(server.process.pid);
  const result = await autocannon({
    url: `${server.url}/v1/card-exchanges`,
    method: 'POST',
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          // Past the pool's end the relay gets freshly signed ones (never two deliveries with one
          // webhook-id); the bare baselines keep nothing, so they cycle through the pool.
          const signed =
            pool[target === 'relay' ? seq : seq % pool.length] ??
            signedRequest(BENCH_SECRET, realisticExchangeBody(poolSeq + seq));
          seq += 1;
          return { ...req, headers: { ...req.headers, ...signed.headers }, body: signed.body };
        }
      }
    ]
  });
  poolSeq += seq;
  const cpuAfter = processCpuMs(server.process.pid);
  const answered = result['2xx'] + result.non2xx;
  return {
    target,
    connections,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ok2xx: result['2xx'],
    serverCpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || answered === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / answered
  };
}

/** A bench relay's rows by state, from its status (counts the relay refreshes every 5 s). */
export async function queueByState(relayUrl: string): Promise<Record<string, number>> {
  const res = await fetch(`${relayUrl}/admin/v1/status`, { headers: { authorization: 'Bearer bench-admin-token' } });
  const body = (await res.json()) as { queue?: { byState?: Record<string, number> } };
  return body.queue?.byState ?? {};
}

export async function queuedCount(relayUrl: string): Promise<number> {
  return Object.values(await queueByState(relayUrl)).reduce((a, b) => a + b, 0);
}

export async function runIngestBench(options: {
  seconds: number;
  log: (line: string) => void;
}): Promise<IngestBenchResult> {
  const throughput: ThroughputResult[] = [];
  const bare = await startChildService('test/bench/bare-express-server.ts', [], {});
  const bareNode = await startChildService('test/bench/bare-node-server.ts', [], {});
  const { relay, dataDir } = await startBenchRelay();
  let acknowledged = 0;
  try {
    for (const connections of [50, 100]) {
      options.log(`ingest: bare express, ${connections} connections, ${options.seconds}s`);
      throughput.push(await autocannonRun(bare, connections, options.seconds, 'bare-express'));
      options.log(`ingest: bare node:http (reference), ${connections} connections, ${options.seconds}s`);
      throughput.push(await autocannonRun(bareNode, connections, options.seconds, 'bare-node'));
      options.log(`ingest: relay, ${connections} connections, ${options.seconds}s`);
      const run = await autocannonRun(relay, connections, options.seconds, 'relay');
      throughput.push(run);
    }
    const fixedRate: FixedRateResult[] = [];
    for (const rate of [500, 1000]) {
      options.log(`latency: relay at ${rate} req/s for ${options.seconds}s`);
      let seq = 1_000_000;
      fixedRate.push(
        await runFixedRate({
          url: `${relay.url}/v1/card-exchanges`,
          ratePerSecond: rate,
          durationSeconds: options.seconds,
          makeRequest: () => signedRequest(BENCH_SECRET, realisticExchangeBody(seq++))
        })
      );
    }
    acknowledged =
      throughput.filter((t) => t.target === 'relay').reduce((n, t) => n + t.ok2xx, 0) +
      fixedRate.reduce((n, r) => n + (r.statusCounts['202'] ?? 0), 0);
    const stored = await queuedCount(relay.url);
    const ratios = [50, 100].map((connections) => {
      const r = throughput.find((t) => t.target === 'relay' && t.connections === connections)!;
      const b = throughput.find((t) => t.target === 'bare-express' && t.connections === connections)!;
      return { connections, relayOverBare: r.requestsPerSecond / b.requestsPerSecond };
    });
    return { throughput, ratios, fixedRate, acknowledgedStored: { acknowledged, stored } };
  } finally {
    await relay.stop();
    await bare.stop();
    await bareNode.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
