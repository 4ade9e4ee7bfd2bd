/**
 * Where the relay's time per webhook goes, stage by stage, measured in-process on
 * the same realistic signed bodies the ingest benchmark sends: signature check,
 * JSON parse, schema validation, the stored form (JSON + body hash), the log line,
 * the SQLite group commit, and the whole ingest pipeline. HTTP (express, the socket)
 * is what bare express also pays; these stages are what the relay adds to it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cardExchangeEnvelopeSchema } from '../../webhook-relay/src/contract/card-exchange-envelope';
import { createStaticConnectionDirectory } from '../../webhook-relay/src/ingest/connection-directory';
import { createIngest } from '../../webhook-relay/src/ingest/ingest-webhook';
import { verifyWebhook } from '../../webhook-relay/src/ingest/webhook-signature';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { BENCH_SECRET } from './ingest-bench';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

export interface StageCost {
  stage: string;
  /** Wall-clock µs per webhook. */
  wallUs: number;
  /** CPU (user + system) µs per webhook. */
  cpuUs: number;
}

/** Concurrent webhooks per group commit, as with the benchmark's 50 connections. */
const CONCURRENCY = 50;

function measureSync(stage: string, count: number, run: (i: number) => void): StageCost {
  for (let i = 0; i < Math.min(count, 2_000); i++) run(i);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) run(i);
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / count;
  const used = process.cpuUsage(cpu);
  return { stage, wallUs, cpuUs: (used.user + used.system) / count };
}

async function measureConcurrent(
  stage: string,
  count: number,
  run: (i: number) => Promise<unknown>
): Promise<StageCost> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count - i) }, (_, j) => run(i + j)));
  }
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / count;
  const used = process.cpuUsage(cpu);
  return { stage, wallUs, cpuUs: (used.user + used.system) / count };
}

export async function runIngestStages(options: { count: number; log: (line: string) => void }): Promise<StageCost[]> {
  const { count } = options;
  options.log(`ingest stages: ${count} webhooks in-process`);
  const requests = Array.from({ length: count }, (_, i) => signedRequest(BENCH_SECRET, realisticExchangeBody(i)));
  const bodies = requests.map((r) => Buffer.from(r.body, 'utf8'));
  const headers = requests.map((r) => ({
    id: r.headers['webhook-id'],
    timestamp: r.headers['webhook-timestamp'],
    signature: r.headers['webhook-signature']
  }));
  const nowSeconds = Math.floor(Date.now() / 1000);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parsed: unknown[] = new Array(count);
  const valid: unknown[] = new Array(count);
  const logger = createLogger({ destination: { write: () => undefined } });

  const costs: StageCost[] = [
    measureSync('signature check (HMAC-SHA256)', count, (i) => {
      if (!verifyWebhook(headers[i]!, bodies[i]!, [BENCH_SECRET], nowSeconds).ok) throw new Error('bad signature');
    }),
    measureSync('JSON decode and parse', count, (i) => {
      parsed[i] = JSON.parse(decoder.decode(bodies[i]));
    }),
    measureSync('schema validation (zod)', count, (i) => {
      valid[i] = cardExchangeEnvelopeSchema.parse(parsed[i]);
    }),
    measureSync('stored form (JSON + SHA-256)', count, (i) => {
      JSON.stringify(valid[i]);
      createHash('sha256').update(bodies[i]!).digest('hex');
    }),
    measureSync('log line (pino, redacted)', count, (i) => {
      logger.info(
        { webhookId: headers[i]!.id, exchangeId: 'exc_x', state: 'queued', duplicate: false },
        'webhook stored'
      );
    })
  ];

  const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-stages-'));
  try {
    const store = new SqliteOutboxStore({ filename: path.join(dir, 'insert.sqlite') });
    costs.push(
      await measureConcurrent(`SQLite insert (group commit, ${CONCURRENCY} at a time)`, count, (i) =>
        store.insert({
          webhookId: headers[i]!.id as string,
          exchangeId: `exc_stage_${i}`,
          accountId: 'acc_bench',
          bodyHash: createHash('sha256').update(bodies[i]!).digest('hex'),
          payload: requests[i]!.body,
          receivedAt: Date.now(),
          connectionId: 'bench'
        })
      )
    );
    await store.close();

    const pipelineStore = new SqliteOutboxStore({ filename: path.join(dir, 'pipeline.sqlite') });
    const ingest = createIngest({
      store: pipelineStore,
      directory: createStaticConnectionDirectory([{ id: 'bench' }]),
      secrets: () => [BENCH_SECRET],
      toleranceSeconds: 300
    });
    costs.push(
      await measureConcurrent('whole ingest pipeline (all of the above but the log)', count, async (i) => {
        const outcome = await ingest({ headers: headers[i]!, body: bodies[i]! });
        if (!outcome.ok) throw new Error(`ingest rejected a valid webhook: ${outcome.rejection.code}`);
      })
    );
    await pipelineStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return costs;
}
