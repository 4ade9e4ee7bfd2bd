/**
 * What the counts behind `/metrics` and the status cost on PostgreSQL with a long retention:
 * `rows` kept exchanges (half published, half confirmed, 1% still queued), counted by the
 * store (migration 6's state counts and the queue's partial index) and, for reference, by the
 * whole-table GROUP BY the store ran before. Each relay that is scraped counts every 5 s.
 */
import { Client } from 'pg';
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import { withSchema } from './scale-bench';

export interface PostgresCountsResult {
  rows: number;
  /** Median of five store.counts() calls, ms. */
  countsMs: number;
  /** Median of five whole-table GROUP BY counts, ms (the store's query before migration 6). */
  tableScanMs: number;
  skipped?: string;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed(run: () => Promise<unknown>, times = 5): Promise<number> {
  const took: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    await run();
    took.push(performance.now() - started);
  }
  return median(took);
}

export async function runPostgresCountsBench(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<PostgresCountsResult> {
  try {
    return await withSchema(async (url) => {
      const store = await PostgresOutboxStore.open({ connectionString: url });
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        options.log(`postgres counts: ${options.rows} kept exchanges`);
        await client.query(
          `INSERT INTO relay_exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload,
             received_at, updated_at, next_attempt_at)
           SELECT 'w' || i, 'e' || i, 'acc', 'org', CASE WHEN i % 100 = 0 THEN 'queued' WHEN i % 2 = 0 THEN 'published'
             ELSE 'confirmed' END, 'h', repeat('x', 1400), i, i, i
           FROM generate_series(1, $1::int) AS i`,
          [options.rows]
        );
        await client.query('VACUUM ANALYZE relay_exchanges');
        const countsMs = await timed(() => store.counts());
        const tableScanMs = await timed(() =>
          client.query('SELECT state, connection_id, count(*) FROM relay_exchanges GROUP BY state, connection_id')
        );
        return { rows: options.rows, countsMs, tableScanMs };
      } finally {
        await client.end();
        await store.close();
      }
    });
  } catch (error) {
    return { rows: options.rows, countsMs: NaN, tableScanMs: NaN, skipped: (error as Error).message };
  }
}
