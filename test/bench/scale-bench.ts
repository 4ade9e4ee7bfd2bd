/**
 * Scale-out row: ingest throughput with 1, 2 and 3 relay processes sharing one
 * PostgreSQL outbox, load spread evenly across them (60 connections in all).
 * Each run gets a fresh schema. Skipped, with the reason, where no server answers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startRelayProcess, type ChildService } from '../support/child-service';
import { BENCH_SECRET } from './ingest-bench';
import { realisticExchangeBody, signedRequest } from './realistic-exchange';

export interface ScaleBenchResult {
  instances: { relays: number; requestsPerSecond: number; p99Ms: number; skipped?: string }[];
}

const baseUrl = process.env.RELAY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function withSchema<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const url = new URL(baseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

async function startRelays(count: number, databaseUrl: string): Promise<{ relays: ChildService[]; dirs: string[] }> {
  const relays: ChildService[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-pg-'));
    dirs.push(dir);
    relays.push(
      await startRelayProcess({
        PORT: '0',
        RELAY_DATA_DIR: dir,
        RELAY_DATABASE_URL: databaseUrl,
        RELAY_WEBHOOK_SECRET: BENCH_SECRET,
        RELAY_ADMIN_TOKEN: 'bench-admin-token',
        RELAY_MASTER_KEY: Buffer.alloc(32, 5).toString('base64'),
        LOG_LEVEL: 'info'
      })
    );
  }
  return { relays, dirs };
}

export async function runScaleBench(options: {
  seconds: number;
  log: (line: string) => void;
}): Promise<ScaleBenchResult> {
  const probe = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    const reason = `skipped: no PostgreSQL at ${baseUrl} (${(error as Error).message})`;
    return { instances: [1, 2, 3].map((relays) => ({ relays, requestsPerSecond: NaN, p99Ms: NaN, skipped: reason })) };
  }
  const instances: ScaleBenchResult['instances'] = [];
  for (const count of [1, 2, 3]) {
    options.log(`scale: ${count} relay(s) on one PostgreSQL outbox, ${options.seconds}s`);
    const result = await withSchema(async (databaseUrl) => {
      const { relays, dirs } = await startRelays(count, databaseUrl);
      try {
        let seq = 0;
        const runs = await Promise.all(
          relays.map((relay) =>
            autocannon({
              url: `${relay.url}/v1/card-exchanges`,
              method: 'POST',
              connections: Math.floor(60 / count),
              duration: options.seconds,
              requests: [
                {
                  setupRequest: (req) => {
                    const signed = signedRequest(BENCH_SECRET, realisticExchangeBody(seq++));
                    return { ...req, headers: { ...req.headers, ...signed.headers }, body: signed.body };
                  }
                }
              ]
            })
          )
        );
        return {
          relays: count,
          requestsPerSecond: runs.reduce((n, r) => n + r.requests.average, 0),
          p99Ms: Math.max(...runs.map((r) => r.latency.p99))
        };
      } finally {
        await Promise.all(relays.map((r) => r.stop()));
        dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
      }
    });
    instances.push(result);
  }
  return { instances };
}
