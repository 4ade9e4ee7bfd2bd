/**
 * Idle cost: SQL statements a second while nothing happens, with 500 org connections —
 * one relay on SQLite, and three relays on one PostgreSQL database. The relays run in
 * this process so every statement can be counted where it is sent: better-sqlite3's
 * statement methods and pg's `Client.query` are wrapped with a counter (every query of
 * the outbox, the connection store, the pruner, the connection sync). The first
 * `warmSeconds` are left out: they hold the start and the idle backoff climbing to
 * its cap; the figure is the steady state after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { relayConfigSchema } from '../../webhook-relay/src/config/relay-config';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { startRelay, type RunningRelay } from '../../webhook-relay/src/relay';
import { BENCH_SECRET } from './ingest-bench';

export interface IdleBenchResult {
  connections: number;
  windowSeconds: number;
  sqlite: { queriesPerSecond: number };
  postgres: { relays: number; queriesPerSecond: number; perRelay: number } | { skipped: string };
  /** What the previous design cost, computed from its timers (4 lanes polling every 500 ms, one routing query per connection every 5 s). */
  before: { perRelayPerSecond: number };
}

const baseUrl = process.env.RELAY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let statements = 0;

/** Counts every statement better-sqlite3 runs and every query pg sends, from now on, in this process. */
function installCounters(): void {
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statementProto[method] as (...args: unknown[]) => unknown;
    statementProto[method] = function counted(this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }
  const databaseProto = Database.prototype as unknown as Record<string, unknown>;
  const exec = databaseProto.exec as (...args: unknown[]) => unknown;
  databaseProto.exec = function counted(this: unknown, ...args: unknown[]) {
    statements += 1;
    return exec.apply(this, args);
  };
  const clientProto = Client.prototype as unknown as Record<string, unknown>;
  const query = clientProto.query as (...args: unknown[]) => unknown;
  clientProto.query = function counted(this: unknown, ...args: unknown[]) {
    statements += 1;
    return query.apply(this, args);
  };
}

function connections(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `org-${i}`,
    name: `Org ${i}`,
    instanceUrl: `https://org-${i}.my.salesforce.com`,
    accountIds: [`acc_${i}`],
    auth: { flow: 'client_credentials' as const, clientId: `client-${i}`, clientSecret: `secret-${i}` }
  }));
}

async function startIdleRelay(
  count: number,
  extra: Record<string, unknown>
): Promise<{ relay: RunningRelay; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-bench-idle-'));
  const relay = await startRelay({
    logger: createLogger({ level: 'silent' }),
    config: relayConfigSchema.parse({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      webhookSecrets: [BENCH_SECRET],
      adminToken: 'bench-admin-token-0123456789',
      masterKey: Buffer.alloc(32, 5).toString('base64'),
      logLevel: 'silent',
      connections: connections(count),
      ...extra
    })
  });
  return { relay, dir };
}

async function measure(warmSeconds: number, windowSeconds: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, warmSeconds * 1000));
  const before = statements;
  await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
  return (statements - before) / windowSeconds;
}

export async function runIdleBench(options: {
  connections: number;
  warmSeconds: number;
  windowSeconds: number;
  log: (line: string) => void;
}): Promise<IdleBenchResult> {
  const { connections: count, warmSeconds, windowSeconds, log } = options;
  installCounters();

  log(`idle: one relay on SQLite, ${count} connections, ${warmSeconds} s warm-up, ${windowSeconds} s counted`);
  const single = await startIdleRelay(count, {});
  let sqliteRate: number;
  try {
    sqliteRate = await measure(warmSeconds, windowSeconds);
  } finally {
    await single.relay.close();
    rmSync(single.dir, { recursive: true, force: true });
  }

  let postgres: IdleBenchResult['postgres'] | undefined;
  const admin = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    postgres = { skipped: `skipped: no PostgreSQL at ${baseUrl} (${(error as Error).message})` };
  }
  if (!postgres) {
    const schema = `bench_idle_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(baseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const relays: { relay: RunningRelay; dir: string }[] = [];
    try {
      log(`idle: three relays on one PostgreSQL database, ${count} connections each`);
      for (let i = 0; i < 3; i += 1) relays.push(await startIdleRelay(count, { databaseUrl: url.toString() }));
      const rate = await measure(warmSeconds, windowSeconds);
      postgres = { relays: 3, queriesPerSecond: rate, perRelay: rate / 3 };
    } finally {
      for (const { relay, dir } of relays) {
        await relay.close();
        rmSync(dir, { recursive: true, force: true });
      }
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  }
  await admin.end().catch(() => undefined);
  return {
    connections: count,
    windowSeconds,
    sqlite: { queriesPerSecond: sqliteRate },
    postgres,
    before: { perRelayPerSecond: count * (4 * (1000 / 500) + 1 / 5) }
  };
}
