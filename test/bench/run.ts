/**
 * `npm run bench`: every figure we claim, measured on this machine, printed as a
 * table and written as JSON to bench-results/. Goals are compared, never asserted:
 * a benchmark reports, tests decide.
 *
 *   npm run bench                  full profile (10 s load runs, 1,000,000 queued, 10,000 fuzz cases)
 *   npm run bench -- --quick       a short smoke run of the same code paths
 *   npm run bench -- --only ingest|ingest-publishing|publish|receipts|fuzz|scale|postgres-counts|idle
 *   npm run bench -- --no-pin      do not pin servers and load generators to separate cores
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pinServicesTo, repoRoot } from '../support/child-service';
import type { FixedRateResult } from './fixed-rate-load';
import { runIngestBench, type IngestBenchResult } from './ingest-bench';
import { runIdleBench, type IdleBenchResult } from './idle-bench';
import { runIngestStages, type StageCost } from './ingest-stages';
import {
  runIngestWhilePublishing,
  type FixedRateWithLoops,
  median,
  WHILE_PUBLISHING_SERVERS,
  type IngestWhilePublishingResult
} from './ingest-while-publishing';
import type { LoopWindow } from './loop-window';
import { runPostgresCountsBench } from './postgres-counts-bench';
import { runOutboxCycleBench, type CyclePhases, type OutboxCycleResult } from './outbox-cycle-bench';
import { runPublishBench, type PublishBenchResult } from './publish-bench';
import { runReceiptBench } from './receipt-bench';
import { runScaleBench, type ScaleBenchResult } from './scale-bench';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

interface Row {
  measure: string;
  value: string;
  goal: string;
  met: boolean | null;
}

function runFuzz(runs: number): { runs: number; passed: boolean; seconds: number } {
  log(`fuzz: ${runs} fast-check cases against the webhook endpoint`);
  const started = Date.now();
  const run = spawnSync(
    path.join(repoRoot, 'node_modules/.bin/jest'),
    ['--config', 'jest.relay.config.js', 'test/http/webhook-fuzz.test.ts', '--testTimeout', '1800000'],
    { cwd: repoRoot, env: { ...process.env, FUZZ_RUNS: String(runs) }, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  return { runs, passed: run.status === 0, seconds: (Date.now() - started) / 1000 };
}

/** A fixed-rate run's latency, as every latency row shows it. */
function latencyText(r: FixedRateResult): string {
  return `p50 ${f(r.p50Ms)} ms, p99 ${f(r.p99Ms)} ms, max ${f(r.maxMs)} ms, errors ${r.errors}`;
}

function ingestRows(r: IngestBenchResult): Row[] {
  const rows: Row[] = [];
  const names = {
    relay: 'relay',
    'bare-express': 'bare express (baseline)',
    'bare-node': 'bare node:http (reference)'
  };
  for (const t of r.throughput) {
    rows.push({
      measure: `ingest ${names[t.target]}, ${t.connections} connections`,
      value:
        `${f(t.requestsPerSecond, 0)} req/s, p50 ${f(t.p50Ms)} ms, p99 ${f(t.p99Ms)} ms, non-2xx ${t.non2xx}, errors ${t.errors}` +
        (t.serverCpuUsPerRequest === undefined ? '' : `, server CPU ${f(t.serverCpuUsPerRequest, 0)} µs/request`),
      goal: '',
      met: null
    });
  }
  for (const ratio of r.ratios) {
    rows.push({
      measure: `durable ingest / bare express, ${ratio.connections} connections`,
      value: `${f(ratio.relayOverBare, 2)}x`,
      goal: '>= 0.70x',
      met: ratio.relayOverBare >= 0.7
    });
  }
  for (const fixed of r.fixedRate) {
    rows.push({
      measure: `latency at ${fixed.rate} req/s (from scheduled send)`,
      value: latencyText(fixed),
      goal: fixed.rate === 1000 ? 'p99 <= 25 ms' : '',
      met: fixed.rate === 1000 ? fixed.p99Ms <= 25 : null
    });
  }
  rows.push({
    measure: 'acknowledged vs stored',
    value: `${r.acknowledgedStored.acknowledged} acknowledged, ${r.acknowledgedStored.stored} stored`,
    goal: 'stored >= acknowledged',
    met: r.acknowledgedStored.stored >= r.acknowledgedStored.acknowledged
  });
  return rows;
}

/** Values of several rounds, in round order. */
const each = (values: readonly number[], digits = 1) => values.map((v) => f(v, digits)).join(', ');
/** Each drain: the queue published within, then its receipts confirmed within. */
const drainText = (drains: readonly { seconds: number; receiptSeconds: number }[]) =>
  `${each(drains.map((d) => d.seconds))} s; receipts confirmed ${each(drains.map((d) => d.receiptSeconds))} s after`;

/** Rounds of one server's event loop at 1,000 req/s, figure by figure. */
function loopText(loops: readonly LoopWindow[]): string {
  return (
    `held p50 ${each(loops.map((l) => l.p50Ms))} ms, p99 ${each(loops.map((l) => l.p99Ms))} ms, ` +
    `max ${each(loops.map((l) => l.maxMs))} ms; busy ${each(
      loops.map((l) => l.utilization * 100),
      0
    )}%`
  );
}

/** Where a fixed-rate step's latency came from, round by round: the server's loop, or the generator's. */
function loopRows(server: string, steps: readonly FixedRateWithLoops[]): Row[] {
  return [
    {
      measure: `unpinned: at 1000 req/s, ${server}: its event loop`,
      value: loopText(steps.map((s) => s.serverLoop)),
      goal: '',
      met: null
    },
    {
      measure: `unpinned: at 1000 req/s, ${server}: the generator's event loop`,
      value: loopText(steps.map((s) => s.generatorLoop)),
      goal: '',
      met: null
    }
  ];
}

/** Fixed-rate rounds: the median round's p99 first, then every round's figures. */
function roundsLatencyText(steps: readonly FixedRateWithLoops[], goalMs?: number): string {
  const p99s = steps.map((s) => s.p99Ms);
  const within =
    goalMs === undefined ? '' : `; ${p99s.filter((p) => p <= goalMs).length} of ${p99s.length} <= ${goalMs} ms`;
  return (
    `p99 median ${f(median(p99s))} ms (rounds ${each(p99s)}${within}); p50 ${each(steps.map((s) => s.p50Ms))} ms, ` +
    `max ${each(steps.map((s) => s.maxMs))} ms, errors ${steps.reduce((n, s) => n + s.errors, 0)}`
  );
}

function ingestWhilePublishingRows(r: IngestWhilePublishingResult): Row[] {
  const rows: Row[] = [];
  for (const connections of [50, 100]) {
    for (const [server, name] of Object.entries(WHILE_PUBLISHING_SERVERS)) {
      const runs = r.throughput.filter((t) => t.connections === connections && t.server === server);
      const cpu = runs.map((t) => t.serverCpuUsPerRequest ?? Number.NaN);
      rows.push({
        measure: `unpinned: ${name}, ${connections} connections`,
        value:
          `${each(
            runs.map((t) => t.requestsPerSecond),
            0
          )} req/s; p99 ${each(runs.map((t) => t.p99Ms))} ms; server CPU ${each(cpu, 0)} µs/request; ` +
          `non-2xx ${runs.reduce((n, t) => n + t.non2xx, 0)}, errors ${runs.reduce((n, t) => n + t.errors, 0)}`,
        goal: '',
        met: null
      });
    }
    const ratios = r.ratios.filter((ratio) => ratio.connections === connections);
    const alone = ratios.map((ratio) => ratio.aloneOverBare);
    const publishing = ratios.map((ratio) => ratio.publishingOverBare);
    rows.push({
      measure: `unpinned: relay alone / bare express, ${connections} connections`,
      value: `${f(median(alone), 2)}x median (rounds ${each(alone, 2)})`,
      goal: '',
      met: null
    });
    rows.push({
      measure: `unpinned: durable ingest while publishing / bare express, ${connections} connections`,
      value: `${f(median(publishing), 2)}x median (rounds ${each(publishing, 2)}; ${publishing.filter((x) => x >= 0.7).length} of ${publishing.length} >= 0.70x)`,
      goal: '>= 0.70x (median round)',
      met: median(publishing) >= 0.7
    });
    rows.push({
      measure: `unpinned: queue left by each publishing step, ${connections} connections, published within`,
      value: drainText(r.drainSeconds.filter((d) => d.connections === connections)),
      goal: '',
      met: null
    });
  }
  rows.push({
    measure: 'unpinned: latency at 1000 req/s, bare express (reference, same generator)',
    value: roundsLatencyText(r.fixedRateBare),
    goal: '',
    met: null
  });
  rows.push(...loopRows('bare express', r.fixedRateBare));
  rows.push({
    measure: 'unpinned: latency at 1000 req/s while publishing (from a drained queue)',
    value: roundsLatencyText(r.fixedRate, 25),
    goal: 'p99 <= 25 ms (median round)',
    met: median(r.fixedRate.map((s) => s.p99Ms)) <= 25
  });
  rows.push(...loopRows('relay while publishing', r.fixedRate));
  rows.push({
    measure: 'unpinned: queue left by each step at 1000 req/s, published within',
    value: drainText(r.drainSeconds.filter((d) => d.connections === 'fixed-rate')),
    goal: '',
    met: null
  });
  rows.push({
    measure: 'unpinned: taken by the org (the API double) by the end of the run',
    value:
      `${r.published.taken} of ${r.published.acknowledged} acknowledged; ${r.published.confirmed} confirmed, ` +
      `${r.published.awaiting} queued or awaiting a receipt`,
    goal: 'all, each confirmed',
    met:
      r.published.taken >= r.published.acknowledged &&
      r.published.awaiting === 0 &&
      r.published.confirmed >= r.published.taken
  });
  return rows;
}

function outboxCycleRows(r: OutboxCycleResult): Row[] {
  const phases = (store: string, p: CyclePhases | { skipped: string }): Row[] => {
    if ('skipped' in p)
      return [{ measure: `outbox cycle on ${store}`, value: `skipped: ${p.skipped}`, goal: '', met: null }];
    const value = (c: { cpuUs: number; wallUs: number }) =>
      `${f(c.cpuUs)} µs CPU here, ${f(c.wallUs)} µs wall per exchange (median of ${r.runs})`;
    return [
      {
        measure: `outbox cycle on ${store}: publishing (lease, mark published; ${r.rows} rows)`,
        value: value(p.publish),
        goal: '',
        met: null
      },
      {
        measure: `outbox cycle on ${store}: its receipt (lease the check, confirm)`,
        value: value(p.receipt),
        goal: '',
        met: null
      }
    ];
  };
  return [
    ...phases('SQLite', r.sqlite),
    ...phases('PostgreSQL', r.postgres),
    {
      measure: `outbox upgrade (SQLite): payloads moved out of ${r.upgrade.rows} rows (${f(r.upgrade.fileMb, 0)} MB file)`,
      value: `${f(r.upgrade.seconds, 2)} s at the first start`,
      goal: '',
      met: null
    }
  ];
}

function stageRows(costs: StageCost[]): Row[] {
  return costs.map((c) => ({
    measure: `ingest stage: ${c.stage}`,
    value: `${f(c.cpuUs)} µs CPU, ${f(c.wallUs)} µs wall per webhook`,
    goal: '',
    met: null
  }));
}

function publishRows(r: PublishBenchResult): Row[] {
  return [
    {
      measure: `publish ${r.efficiency.events} (50 ms API latency)`,
      value: `${f(r.efficiency.callsPer1000, 2)} API calls / 1,000 events, drained in ${f(r.efficiency.drainSeconds)} s, ${f(r.efficiency.eventsPerSecond, 0)} events/s`,
      goal: '<= 5.5 calls / 1,000',
      met: r.efficiency.callsPer1000 <= 5.5
    },
    {
      measure: `backlog ${r.backlog.events} drained (50 ms API latency)`,
      value: `${f(r.backlog.drainSeconds)} s, ${f(r.backlog.eventsPerSecond, 0)} events/s, ${r.backlog.apiCalls} API calls`,
      goal: r.backlog.events === 100_000 ? '<= 30 s' : '',
      met: r.backlog.events === 100_000 ? r.backlog.drainSeconds <= 30 : null
    },
    {
      measure: `relay RSS with ${r.memory.queued.toLocaleString('en')} queued`,
      value: `${f(r.memory.rssMbIdle, 0)} MB idle, ${f(r.memory.rssMbAfterStatus, 0)} MB after the status and /metrics, ${f(r.memory.rssMbAfterIngest, 0)} MB after 2,000 more webhooks`,
      goal: r.memory.queued === 1_000_000 ? '<= 200 MB' : '',
      met:
        r.memory.queued === 1_000_000
          ? Math.max(r.memory.rssMbIdle, r.memory.rssMbAfterStatus, r.memory.rssMbAfterIngest) <= 200
          : null
    }
  ];
}

function scaleRows(r: ScaleBenchResult): Row[] {
  return r.instances.map((i) => ({
    measure: `PostgreSQL outbox, ${i.relays} relay instance(s)`,
    value: i.skipped ?? `${f(i.requestsPerSecond, 0)} req/s ingest, p99 ${f(i.p99Ms)} ms`,
    goal: '',
    met: null
  }));
}

function idleRows(r: IdleBenchResult): Row[] {
  const pg = r.postgres;
  return [
    {
      measure: `idle, ${r.connections} connections, one relay on SQLite`,
      value: `${f(r.sqlite.queriesPerSecond)} SQL statements/s (previous design: ${f(r.before.perRelayPerSecond, 0)}/s, computed)`,
      goal: '',
      met: null
    },
    {
      measure: `idle, ${r.connections} connections, 3 relays on PostgreSQL`,
      value:
        'skipped' in pg
          ? pg.skipped
          : `${f(pg.queriesPerSecond)} queries/s in all, ${f(pg.perRelay)} per relay (previous design: ${f(3 * r.before.perRelayPerSecond, 0)}/s, computed)`,
      goal: '',
      met: null
    }
  ];
}

/**
 * With two or more cores and taskset, the servers measured run on the last core and this
 * process (the load generators, the API double) on the others: the figures then compare
 * servers with the same CPU budget instead of servers starved by their own load.
 */
function pinCores(): string {
  const cores = os.cpus().length;
  const probe = spawnSync('taskset', ['-p', '-c', `0-${cores - 2}`, String(process.pid)], { stdio: 'ignore' });
  if (cores < 2 || probe.status !== 0) return 'not pinned (needs taskset and 2 cores)';
  pinServicesTo(String(cores - 1));
  return `servers on core ${cores - 1}, load generators on core(s) 0-${cores - 2}`;
}

async function main(): Promise<void> {
  const seconds = quick ? 3 : 10;
  const pinning = process.argv.includes('--no-pin') ? 'not pinned (--no-pin)' : pinCores();
  const results: Record<string, unknown> = {
    profile: quick ? 'quick' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: os.totalmem() / 2 ** 30,
      node: process.version
    },
    pinning,
    at: new Date().toISOString()
  };
  const rows: Row[] = [];
  if (!only || only === 'ingest') {
    const ingest = await runIngestBench({ seconds, log });
    results.ingest = ingest;
    rows.push(...ingestRows(ingest));
    const stages = await runIngestStages({ count: quick ? 5_000 : 30_000, log });
    results.ingestStages = stages;
    rows.push(...stageRows(stages));
  }
  if (!only || only === 'ingest-publishing') {
    // Unpinned on purpose: the relay, its load, the API double and bare express share every core.
    const cores = os.cpus().length;
    spawnSync('taskset', ['-p', '-c', `0-${cores - 1}`, String(process.pid)], { stdio: 'ignore' });
    pinServicesTo(undefined);
    // Three rounds of half-length steps: about as long as one round of full ones was, and robust to drift.
    const whilePublishing = await runIngestWhilePublishing({
      seconds: quick ? seconds : seconds / 2,
      rounds: quick ? 1 : 3,
      log
    });
    results.ingestWhilePublishing = whilePublishing;
    rows.push(...ingestWhilePublishingRows(whilePublishing));
    if (pinning.startsWith('servers on core')) pinCores();
  }
  if (!only || only === 'outbox-cycle') {
    const cycle = await runOutboxCycleBench({
      rows: quick ? 5_000 : 20_000,
      runs: quick ? 1 : 3,
      upgradeRows: quick ? 10_000 : 100_000,
      log
    });
    results.outboxCycle = cycle;
    rows.push(...outboxCycleRows(cycle));
  }
  if (!only || only === 'publish') {
    const publish = await runPublishBench({ log, memoryQueued: quick ? 100_000 : 1_000_000 });
    results.publish = publish;
    rows.push(...publishRows(publish));
  }
  if (!only || only === 'receipts') {
    const receipts = await runReceiptBench({ log, events: quick ? 2_000 : 10_000 });
    results.receipts = receipts;
    rows.push({
      measure: `receipts: ${receipts.events} published and confirmed (50 ms API latency)`,
      value: `${f(receipts.callsPer1000, 2)} API calls / 1,000 exchanges (${receipts.publishCalls} publish, ${receipts.receiptCalls} receipt calls), ${f(receipts.seconds)} s`,
      goal: '<= 6.5 calls / 1,000',
      met: receipts.callsPer1000 <= 6.5
    });
  }
  if (!only || only === 'scale') {
    const scale = await runScaleBench({ seconds, log });
    results.scale = scale;
    rows.push(...scaleRows(scale));
  }
  if (!only || only === 'postgres-counts') {
    const counts = await runPostgresCountsBench({ rows: quick ? 100_000 : 1_000_000, log });
    results.postgresCounts = counts;
    rows.push({
      measure: `postgres: counts behind /metrics with ${counts.rows.toLocaleString('en-US')} kept exchanges`,
      value: counts.skipped
        ? `skipped (${counts.skipped})`
        : `${f(counts.countsMs, 1)} ms (a whole-table GROUP BY: ${f(counts.tableScanMs, 0)} ms)`,
      goal: '',
      met: null
    });
  }
  if (!only || only === 'idle') {
    // Long enough for every connection's idle backoff to reach its 30 s cap before counting.
    const idle = await runIdleBench({
      connections: 500,
      warmSeconds: quick ? 5 : 45,
      windowSeconds: quick ? 10 : 60,
      log
    });
    results.idle = idle;
    rows.push(...idleRows(idle));
  }
  if (!only || only === 'fuzz') {
    const fuzz = runFuzz(quick ? 1000 : 10_000);
    results.fuzz = fuzz;
    rows.push({
      measure: `fuzz: ${fuzz.runs} arbitrary requests`,
      value: `${fuzz.passed ? 'no 5xx, nothing stored unless acknowledged' : 'PROPERTY FAILED'} (${f(fuzz.seconds)} s)`,
      goal: 'holds',
      met: fuzz.passed
    });
  }

  const width = Math.max(...rows.map((r) => r.measure.length));
  process.stdout.write(
    `\nCardbridge benchmarks (${results.profile} profile, ${os.cpus().length} cores, Node ${process.version}; ${pinning})\n\n`
  );
  for (const row of rows) {
    const verdict = row.met === null ? '' : row.met ? `  [goal ${row.goal}: met]` : `  [goal ${row.goal}: MISSED]`;
    process.stdout.write(`${row.measure.padEnd(width)}  ${row.value}${verdict}\n`);
  }
  const dir = path.join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${results.profile}-${Date.now()}.json`);
  writeFileSync(file, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
  process.stdout.write(`\nJSON results: ${path.relative(repoRoot, file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
