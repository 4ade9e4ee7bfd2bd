/**
 * An open-loop load generator: requests leave on a fixed schedule whatever the
 * server does, and latency is measured from each request's *scheduled* send time,
 * so a stalled server shows up in the percentiles (no coordinated omission).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface FixedRateOptions {
  url: string;
  ratePerSecond: number;
  durationSeconds: number;
  makeRequest: (seq: number) => { headers: Record<string, string>; body: string };
  /** Sockets the agent may open; enough that the generator never queues behind itself. */
  maxSockets?: number;
  timeoutMs?: number;
}

export interface FixedRateResult {
  rate: number;
  sent: number;
  completed: number;
  errors: number;
  statusCounts: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export async function runFixedRate(options: FixedRateOptions): Promise<FixedRateResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const intervalMs = 1000 / options.ratePerSecond;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];

  const fire = (seq: number, scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const { headers, body } = options.makeRequest(seq);
      const req = http.request(
        {
          agent,
          method: 'POST',
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: options.timeoutMs ?? 10_000
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - scheduledAt);
            statusCounts[String(res.statusCode)] = (statusCounts[String(res.statusCode)] ?? 0) + 1;
            resolve();
          });
        }
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });

  for (let seq = 0; seq < total; seq += 1) {
    const scheduledAt = start + seq * intervalMs;
    const wait = scheduledAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(fire(seq, scheduledAt));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rate: options.ratePerSecond,
    sent: total,
    completed: latencies.length,
    errors,
    statusCounts,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? NaN
  };
}
