/**
 * Publishing benchmarks against the Salesforce API double (in this process) with
 * 50 ms of added latency per call, the relay running as its own process:
 * - efficiency: 10,000 exchanges posted over HTTP while the relay publishes them —
 *   API calls per 1,000 events, time to drain, events/s;
 * - backlog: 100,000 exchanges already queued, drained — time;
 * - memory: relay RSS with 1,000,000 exchanges queued (the org down, so none drain).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { startRelayProcess, type ChildService } from '../support/child-service';
import { BENCH_SECRET } from './ingest-bench';
import { treeRssBytes } from './process-memory';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

export interface PublishBenchResult {
  efficiency: { events: number; apiCalls: number; callsPer1000: number; drainSeconds: number; eventsPerSecond: number };
  backlog: { events: number; drainSeconds: number; eventsPerSecond: number; apiCalls: number };
  memory: { queued: number; rssMbIdle: number; rssMbAfterStatus: number; rssMbAfterIngest: number };
}

const CONNECTION_ID = 'default';

async function startRelayFor(double: SalesforceApiDouble, dataDir: string): Promise<ChildService> {
  return startRelayProcess({
    PORT: '0',
    RELAY_DATA_DIR: dataDir,
    RELAY_WEBHOOK_SECRET: BENCH_SECRET,
    RELAY_ADMIN_TOKEN: 'bench-admin-token',
    RELAY_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
    LOG_LEVEL: 'info',
    SF_INSTANCE_URL: double.url,
    SF_CLIENT_ID: double.clientId,
    SF_CLIENT_SECRET: double.clientSecret
  });
}

function publishCalls(double: SalesforceApiDouble): number {
  // Publishing and its token calls; receipt reads (POST /composite) are counted by the receipts bench.
  return double.calls.filter((c) => c.method === 'POST' && !c.path.endsWith('/composite')).length;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Fill an outbox file directly (the relay is not running yet). */
async function prefill(dataDir: string, count: number, connectionId: string | null): Promise<void> {
  const store = new SqliteOutboxStore({ filename: path.join(dataDir, 'outbox.sqlite'), maxBatch: 20_000 });
  const body = realisticExchangeBody(0);
  const now = Date.now();
  for (let start = 0; start < count; start += 20_000) {
    const inserts = [];
    for (let i = start; i < Math.min(count, start + 20_000); i += 1) {
      const exchangeId = `exc_backlog_${i}`;
      inserts.push(
        store.insert({
          webhookId: `msg_backlog_${i}`,
          exchangeId,
          accountId: 'acc_bench',
          bodyHash: `h${i}`,
          payload: body.replace(/exc_bench_0_[0-9a-f]+/, exchangeId),
          receivedAt: now - count + i,
          connectionId
        })
      );
    }
    await Promise.all(inserts);
  }
  await store.close();
}

async function efficiency(log: (line: string) => void): Promise<PublishBenchResult['efficiency']> {
  const events = 10_000;
  const double = new SalesforceApiDouble();
  await double.start();
  double.faults.latencyMs = 50;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-pub-'));
  const relay = await startRelayFor(double, dataDir);
  try {
    log(`publish: ${events} exchanges posted over HTTP, API double at 50 ms latency`);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < events) {
        const seq = next++;
        const { headers, body } = signedRequest(BENCH_SECRET, realisticExchangeBody(seq));
        const res = await fetch(`${relay.url}/v1/card-exchanges`, { method: 'POST', headers, body });
        if (res.status !== 202) throw new Error(`relay answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    await until(() => double.events.length >= events, 300_000, 'all events published');
    const drainSeconds = (performance.now() - started) / 1000;
    const apiCalls = publishCalls(double);
    return {
      events,
      apiCalls,
      callsPer1000: (apiCalls / events) * 1000,
      drainSeconds,
      eventsPerSecond: events / drainSeconds
    };
  } finally {
    await relay.stop();
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function backlog(log: (line: string) => void): Promise<PublishBenchResult['backlog']> {
  const events = 100_000;
  const double = new SalesforceApiDouble();
  await double.start();
  double.faults.latencyMs = 50;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-backlog-'));
  try {
    log(`backlog: queueing ${events} exchanges`);
    await prefill(dataDir, events, CONNECTION_ID);
    log('backlog: starting the relay and draining');
    const started = performance.now();
    const relay = await startRelayFor(double, dataDir);
    try {
      await until(() => double.events.length >= events, 600_000, 'the backlog to drain');
      const drainSeconds = (performance.now() - started) / 1000;
      return { events, drainSeconds, eventsPerSecond: events / drainSeconds, apiCalls: publishCalls(double) };
    } finally {
      await relay.stop();
    }
  } finally {
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function memory(log: (line: string) => void, queued: number): Promise<PublishBenchResult['memory']> {
  const double = new SalesforceApiDouble();
  await double.start();
  double.faults.unavailable = Infinity;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-mem-'));
  try {
    log(`memory: queueing ${queued} exchanges (the org is down, so they stay queued)`);
    await prefill(dataDir, queued, CONNECTION_ID);
    const relay = await startRelayFor(double, dataDir);
    try {
      const pid = relay.process.pid as number;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const idle = treeRssBytes(pid);
      // The two that count the queue (readiness only pings storage).
      await fetch(`${relay.url}/admin/v1/status`, { headers: { authorization: 'Bearer bench-admin-token' } });
      await fetch(`${relay.url}/metrics`);
      const afterStatus = treeRssBytes(pid);
      for (let i = 0; i < 2000; i += 1) {
        const { headers, body } = signedRequest(BENCH_SECRET, realisticExchangeBody(i));
        await fetch(`${relay.url}/v1/card-exchanges`, { method: 'POST', headers, body });
      }
      const afterIngest = treeRssBytes(pid);
      const mb = (bytes: number) => bytes / 1024 / 1024;
      return { queued, rssMbIdle: mb(idle), rssMbAfterStatus: mb(afterStatus), rssMbAfterIngest: mb(afterIngest) };
    } finally {
      await relay.stop();
    }
  } finally {
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runPublishBench(options: {
  log: (line: string) => void;
  memoryQueued: number;
}): Promise<PublishBenchResult> {
  return {
    efficiency: await efficiency(options.log),
    backlog: await backlog(options.log),
    memory: await memory(options.log, options.memoryQueued)
  };
}
