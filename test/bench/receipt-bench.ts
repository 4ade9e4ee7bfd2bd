/**
 * What receipts cost (issue #15): 10,000 exchanges posted over HTTP to a relay process, published
 * to the Salesforce API double (50 ms latency) whose package records each one, and confirmed
 * through the receipt query; every Salesforce REST call counted (publishing, receipt composites,
 * pages followed; token requests apart, they are not API calls). The goal: at most 6.5 calls per
 * 1,000 exchanges published and confirmed. The receipt check runs 5 s after publishing here
 * (RELAY_RECEIPT_CHECK_SECONDS; 60 s by default), so the run is short; the batching is the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';
import { startRelayProcess } from '../support/child-service';
import { BENCH_SECRET } from './ingest-bench';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

export interface ReceiptBenchResult {
  events: number;
  publishCalls: number;
  receiptCalls: number;
  apiCalls: number;
  callsPer1000: number;
  seconds: number;
}

export async function runReceiptBench(options: {
  log: (line: string) => void;
  events?: number;
}): Promise<ReceiptBenchResult> {
  const events = options.events ?? 10_000;
  const double = new SalesforceApiDouble();
  await double.start();
  double.faults.latencyMs = 50;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-receipts-'));
  const relay = await startRelayProcess({
    RELAY_DATA_DIR: dataDir,
    RELAY_WEBHOOK_SECRET: BENCH_SECRET,
    RELAY_ADMIN_TOKEN: 'bench-admin-token',
    RELAY_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
    RELAY_RECEIPT_CHECK_SECONDS: '5',
    SF_INSTANCE_URL: double.url,
    SF_CLIENT_ID: double.clientId,
    SF_CLIENT_SECRET: double.clientSecret
  });
  try {
    options.log(`receipts: ${events} exchanges posted, published and confirmed, API double at 50 ms latency`);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < events) {
        const { headers, body } = signedRequest(BENCH_SECRET, realisticExchangeBody(next++));
        const res = await fetch(`${relay.url}/v1/card-exchanges`, { method: 'POST', headers, body });
        if (res.status !== 202) throw new Error(`relay answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const confirmed = async () => {
      const text = await (await fetch(`${relay.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('cardbridge_relay_queue_depth{state="confirmed"}'));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const deadline = Date.now() + 300_000;
    while ((await confirmed()) < events) {
      if (Date.now() > deadline) throw new Error('timed out waiting for every exchange to be confirmed');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const data = double.calls.filter((c) => c.path.startsWith('/services/data/'));
    const publishCalls = data.filter((c) => c.path.endsWith('/composite/sobjects')).length;
    const receiptCalls = data.filter((c) => c.path.endsWith('/composite') || c.path.includes('/query')).length;
    return {
      events,
      publishCalls,
      receiptCalls,
      apiCalls: data.length,
      callsPer1000: (data.length / events) * 1000,
      seconds
    };
  } finally {
    await relay.stop();
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
