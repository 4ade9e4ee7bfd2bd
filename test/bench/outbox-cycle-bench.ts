/**
 * An exchange's life in the outbox after its insert, in-process on realistic payloads: publishing
 * (leased 200 at a time, then marked published, as a connection's lane does) and its receipt
 * (leased for the check 200 at a time, then confirmed, as the receipt checker does), CPU of this
 * process and wall µs per row, on SQLite and on PostgreSQL (where the database's own work shows in
 * the wall time, not in this process's CPU). On SQLite both write only the exchange's small row:
 * its payload is kept apart (sqlite-migrations.ts). Then the SQLite upgrade that moved payloads
 * out, timed on an outbox of the previous schema: what a relay's first start after it costs per
 * 100,000 kept rows.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../webhook-relay/src/store/sqlite-migrations';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { realisticExchangeBody } from './realistic-exchange';
import { withSchema } from './scale-bench';

/** Per row, CPU and wall µs: medians of the runs. */
export interface CyclePhases {
  publish: Cost;
  receipt: Cost;
}

export interface OutboxCycleResult {
  rows: number;
  runs: number;
  sqlite: CyclePhases;
  /** Absent when no PostgreSQL is reachable (the reason instead). */
  postgres: CyclePhases | { skipped: string };
  upgrade: { rows: number; seconds: number; fileMb: number };
}

const BATCH = 200;
const CONNECTION = 'bench';
const RECEIPT = {
  status: 'Processed',
  errorCode: null,
  errorMessage: null,
  logs: [
    { status: 'Created', recordId: '00Q000000000001AAA', targetObject: 'Lead', errorCode: null, errorMessage: null }
  ]
};

export type Cost = { cpuUs: number; wallUs: number };

async function perRow(rows: number, run: () => Promise<void>): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run();
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / rows;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / rows, wallUs };
}

function median(costs: Cost[], key: keyof Cost): number {
  const sorted = costs.map((c) => c[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One run on a fresh store (`open` is given the clock the run moves). */
async function oneRun(
  open: (now: () => number) => Promise<OutboxStore>,
  rows: number,
  payloads: string[]
): Promise<CyclePhases> {
  let now = Date.now();
  const store = await open(() => now);
  try {
    for (let i = 0; i < rows; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, rows - i) }, (_, j) =>
          store.insert({
            webhookId: `msg_cycle_${i + j}`,
            exchangeId: `exc_cycle_${i + j}`,
            accountId: 'acc_bench',
            bodyHash: `hash_${i + j}`,
            payload: payloads[(i + j) % payloads.length] as string,
            receivedAt: now,
            connectionId: CONNECTION
          })
        )
      );
    }
    now += 1;
    const checkAt = now + 1;
    const publish = await perRow(rows, async () => {
      for (;;) {
        const leased = await store.lease({
          connectionId: CONNECTION,
          limit: BATCH,
          now,
          leaseMs: 60_000,
          owner: 'lane'
        });
        if (leased.length === 0) return;
        const results = leased.map((r) => ({
          webhookId: r.webhookId,
          eventUuid: `e-${r.webhookId}`,
          receiptCheckAt: checkAt
        }));
        await store.markPublished(results, 'lane');
      }
    });
    now = checkAt;
    const receipt = await perRow(rows, async () => {
      for (;;) {
        const due = await store.leaseReceiptChecks({ now, limit: BATCH, leaseMs: 60_000, owner: 'checker' });
        if (due.length === 0) return;
        await store.settleReceipts(
          due.map((r) => ({ webhookId: r.webhookId, outcome: 'confirmed' as const, receipt: RECEIPT })),
          'checker'
        );
      }
    });
    const counts = await store.counts();
    if (counts.byState.confirmed !== rows) throw new Error(`confirmed ${counts.byState.confirmed} of ${rows}`);
    return { publish, receipt };
  } finally {
    await store.close();
  }
}

/** An outbox of the schema before payloads moved out, filled directly, then opened (which migrates it). */
function timeUpgrade(dir: string, rows: number, payloads: string[]): OutboxCycleResult['upgrade'] {
  const file = path.join(dir, 'upgrade.sqlite');
  const before = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE exchange_payloads'));
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  MIGRATIONS.slice(0, before).forEach((sql) => old.exec(sql));
  old.pragma(`user_version = ${before}`);
  const insert = old.prepare(
    `INSERT INTO exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload,
       received_at, updated_at, next_attempt_at) VALUES (?, ?, 'acc_bench', ?, ?, ?, ?, ?, ?, ?)`
  );
  const at = Date.now();
  old.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const state = i % 10 === 0 ? 'queued' : 'confirmed';
      insert.run(
        `msg_up_${i}`,
        `exc_up_${i}`,
        CONNECTION,
        state,
        `hash_${i}`,
        payloads[i % payloads.length],
        at,
        at,
        at
      );
    }
  })();
  old.close();
  const fileMb = statSync(file).size / 2 ** 20;
  const started = process.hrtime.bigint();
  const store = new SqliteOutboxStore({ filename: file });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  void store.close();
  return { rows, seconds, fileMb };
}

function medians(costs: CyclePhases[]): CyclePhases {
  const of = (phase: keyof CyclePhases): Cost => ({
    cpuUs: median(
      costs.map((c) => c[phase]),
      'cpuUs'
    ),
    wallUs: median(
      costs.map((c) => c[phase]),
      'wallUs'
    )
  });
  return { publish: of('publish'), receipt: of('receipt') };
}

export async function runOutboxCycleBench(options: {
  rows: number;
  runs: number;
  upgradeRows: number;
  log: (line: string) => void;
}): Promise<OutboxCycleResult> {
  const { rows, runs, upgradeRows, log } = options;
  const payloads = Array.from({ length: 100 }, (_, i) => realisticExchangeBody(i));
  const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-cycle-'));
  try {
    const sqlite: CyclePhases[] = [];
    for (let run = 0; run < runs; run++) {
      log(`outbox cycle: ${rows} exchanges published and confirmed on SQLite, run ${run + 1} of ${runs}`);
      const filename = path.join(dir, `cycle-${run}.sqlite`);
      sqlite.push(await oneRun(async (now) => new SqliteOutboxStore({ filename, now }), rows, payloads));
    }
    let postgres: OutboxCycleResult['postgres'];
    try {
      postgres = medians(
        await withSchema(async (url) => {
          const costs: CyclePhases[] = [];
          for (let run = 0; run < runs; run++) {
            log(`outbox cycle: ${rows} exchanges published and confirmed on PostgreSQL, run ${run + 1} of ${runs}`);
            costs.push(
              await oneRun(async (now) => PostgresOutboxStore.open({ connectionString: url, now }), rows, payloads)
            );
            const wipe = await PostgresOutboxStore.open({ connectionString: url });
            await wipe.prunePublished(Number.MAX_SAFE_INTEGER, rows);
            await wipe.close();
          }
          return costs;
        })
      );
    } catch (error) {
      postgres = { skipped: `PostgreSQL not reachable: ${(error as Error).message}` };
    }
    const upgrade = upgradeRows > 0 ? timeUpgrade(dir, upgradeRows, payloads) : { rows: 0, seconds: 0, fileMb: 0 };
    return { rows, runs, sqlite: medians(sqlite), postgres, upgrade };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
