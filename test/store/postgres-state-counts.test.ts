/**
 * PostgreSQL counts exchanges per state without counting the table (migration 6): statement
 * triggers append each write's net change per state, relays fold those rows, and the live
 * queue's figures come from the partial indexes. Counting the table itself read every kept row
 * (0.6-1.2 s per million here, every 5 s per scraped relay).
 */
import { Pool } from 'pg';
import {
  MigrationLockTimeoutError,
  OUTBOX_MIGRATIONS,
  migrateOutbox
} from '../../webhook-relay/src/store/postgres-outbox-migrations';
import {
  COUNT_FOLD_LOCK,
  FOLD_STATE_COUNTS_SQL,
  OLDEST_KEPT_SQL,
  PostgresOutboxStore,
  QUEUED_BY_CONNECTION_SQL,
  STATE_COUNTS_SQL
} from '../../webhook-relay/src/store/postgres-outbox-store';
import type { ExchangeState } from '../../webhook-relay/src/store/outbox-store';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';
import { newExchange } from './outbox-store-contract';

describeWithPostgres('PostgreSQL state counts', () => {
  let schema: string;
  let drop: () => Promise<void>;
  let pool: Pool;
  const stores: PostgresOutboxStore[] = [];

  beforeEach(async () => {
    ({ schema, drop } = await createTestSchema());
    pool = new Pool({ connectionString: testDatabaseUrl, ...inSchema(schema) });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await pool.end();
    await drop();
  });

  async function open(): Promise<PostgresOutboxStore> {
    const store = await PostgresOutboxStore.open({
      connectionString: testDatabaseUrl as string,
      pool: inSchema(schema)
    });
    stores.push(store);
    return store;
  }

  /** The schema as the version before the last migration left it, recorded as migrateOutbox records it. */
  async function migrateToPreviousVersion(): Promise<void> {
    await pool.query(
      'CREATE TABLE relay_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'
    );
    for (const [index, sql] of OUTBOX_MIGRATIONS.slice(0, OUTBOX_MIGRATIONS.length - 1).entries()) {
      await pool.query(sql);
      await pool.query('INSERT INTO relay_schema_migrations (version) VALUES ($1)', [index + 1]);
    }
  }

  /** The truth, counted the slow way. */
  async function counted(): Promise<Partial<Record<ExchangeState, number>>> {
    const rows = await pool.query<{ state: ExchangeState; n: number }>(
      'SELECT state, count(*)::int AS n FROM relay_exchanges GROUP BY state'
    );
    return Object.fromEntries(rows.rows.map((r) => [r.state, r.n]));
  }
  const nonZero = (byState: Record<string, number>) =>
    Object.fromEntries(Object.entries(byState).filter(([, n]) => n !== 0));

  it('counts the rows a table already held when the migration ran (an upgrade of a live outbox)', async () => {
    // The schema as the previous version left it, with rows in several states.
    await migrateToPreviousVersion();
    await pool.query(
      `INSERT INTO relay_exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload,
         received_at, updated_at, next_attempt_at)
       SELECT 'w' || i, 'e' || i, 'a', 'org_a', (ARRAY['queued', 'published', 'confirmed', 'dead'])[1 + i % 4], 'h', '{}', i, i, i
       FROM generate_series(1, 103) AS i`
    );
    expect(await migrateOutbox(pool)).toBe(1);

    const store = await open();
    expect(nonZero((await store.counts()).byState)).toEqual(await counted());
    expect((await store.counts()).byState).toMatchObject({ queued: 25, published: 26, confirmed: 26, dead: 26 });
  });

  it('stays exact while two relays insert, publish, kill and prune at once, folding as they go', async () => {
    const [a, b] = [await open(), await open()];
    const work = async (store: PostgresOutboxStore, owner: string) => {
      for (let round = 0; round < 6; round += 1) {
        await Promise.all(Array.from({ length: 40 }, () => store.insert(newExchange({ connectionId: 'org_a' }))));
        const leased = await store.lease({ connectionId: 'org_a', limit: 30, now: Date.now(), owner, leaseMs: 30_000 });
        const [dead, published] = [leased.slice(0, 5), leased.slice(5)];
        await store.markPublished(
          published.map((r) => ({ webhookId: r.webhookId, eventUuid: null })),
          owner
        );
        await store.markDead(
          dead.map((r) => ({ webhookId: r.webhookId, error: 'X: y' })),
          owner
        );
        await store.counts();
        await store.prunePublished(Date.now() + 1, 7);
      }
    };
    await Promise.all([work(a, 'relay-a'), work(b, 'relay-b')]);

    const truth = await counted();
    expect(nonZero((await a.counts()).byState)).toEqual(truth);
    expect(nonZero((await b.counts()).byState)).toEqual(truth);
    expect(Object.values(truth).reduce((sum, n) => sum + n, 0)).toBe(480 - 2 * 6 * 7);
    // Folded: a row per state, however many writes there were.
    const rows = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_state_counts');
    expect(rows.rows[0]?.n).toBeLessThanOrEqual(Object.keys(truth).length);
  });

  it('folds in retention too, so the appended rows stay few when nothing reads the counts', async () => {
    const store = await open();
    for (let i = 0; i < 20; i += 1) await store.insert(newExchange({ connectionId: 'org_a' }));
    const appended = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_state_counts');
    expect(appended.rows[0]?.n).toBeGreaterThan(1);
    await store.prunePublished(0, 100);
    const folded = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM relay_state_counts');
    expect(folded.rows[0]?.n).toBe(1);
    expect((await store.counts()).byState.queued).toBe(20);
  });

  it('starts from zero again after an operator truncates the table', async () => {
    const store = await open();
    for (let i = 0; i < 5; i += 1) await store.insert(newExchange({ connectionId: 'org_a' }));
    expect((await store.counts()).byState.queued).toBe(5);
    await pool.query('TRUNCATE relay_exchanges');
    expect(nonZero((await store.counts()).byState)).toEqual({});
    await store.insert(newExchange({ connectionId: 'org_a' }));
    expect(nonZero((await store.counts()).byState)).toEqual({ queued: 1 });
  });

  it('empties the counts when a TRUNCATE races a fold, the new total of the fold included', async () => {
    const store = await open();
    for (let i = 0; i < 3; i += 1) await store.insert(newExchange({ connectionId: 'org_a' }));
    const folding = await pool.connect();
    try {
      await folding.query('BEGIN');
      await folding.query(FOLD_STATE_COUNTS_SQL, [COUNT_FOLD_LOCK]);
      // The TRUNCATE waits for the fold; once it commits, its total must go too.
      const truncated = pool.query('TRUNCATE relay_exchanges');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await folding.query('COMMIT');
      await truncated;
    } finally {
      folding.release();
    }
    expect(nonZero((await store.counts()).byState)).toEqual({});
    expect((await pool.query('SELECT count(*)::int AS n FROM relay_state_counts')).rows[0]).toEqual({ n: 0 });
  });

  it('gives up on a table lock another session holds, changing nothing, and migrates once it is gone', async () => {
    await migrateToPreviousVersion();
    // A writer idle in its transaction: the migration's LOCK would queue every later writer behind it.
    const idle = await pool.connect();
    try {
      await idle.query('BEGIN');
      await idle.query(`INSERT INTO relay_exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash,
        payload, received_at, updated_at, next_attempt_at) VALUES ('w', 'e', 'a', 'org_a', 'queued', 'h', '{}', 1, 1, 1)`);
      const attempt = migrateOutbox(pool, { lockTimeoutMs: 300 });
      await expect(attempt).rejects.toBeInstanceOf(MigrationLockTimeoutError);
      await expect(attempt).rejects.toThrow(`migration ${OUTBOX_MIGRATIONS.length} could not lock its table`);
      expect((await pool.query(`SELECT to_regclass('relay_state_counts')::text AS t`)).rows[0]).toEqual({ t: null });
      await idle.query('COMMIT');
    } finally {
      idle.release();
    }
    expect(await migrateOutbox(pool, { lockTimeoutMs: 300 })).toBe(1);
    const store = await open();
    expect((await store.counts()).byState.queued).toBe(1);
  });

  it('answers the queue per connection and the oldest ages from the live rows', async () => {
    const store = await open();
    await store.insert(newExchange({ connectionId: 'org_a', receivedAt: 1_000 }));
    await store.insert(newExchange({ connectionId: 'org_a', receivedAt: 2_000 }));
    await store.insert(newExchange({ connectionId: 'org_b', receivedAt: 3_000 }));
    await store.insert(newExchange({ connectionId: null, receivedAt: 500 }));
    const counts = await store.counts();
    expect(counts.queuedByConnection).toEqual({ org_a: 2, org_b: 1 });
    expect(counts.oldestQueuedByConnection).toEqual({ org_a: 1_000, org_b: 3_000 });
    expect(counts.oldestUnroutedAt).toBe(500);
    expect(counts.oldestPublishedAt).toBeNull();
  });

  it.each([
    ['the counts per state', STATE_COUNTS_SQL, []],
    ['the queue per connection', QUEUED_BY_CONNECTION_SQL, ['relay_exchanges_queue']],
    [
      'the oldest kept rows',
      OLDEST_KEPT_SQL,
      ['relay_exchanges_unrouted_age', 'relay_exchanges_published', 'relay_exchanges_confirmed']
    ]
  ])('reads %s from the live rows only (partial indexes), never the kept history', async (_name, sql, allowed) => {
    await open();
    const client = await pool.connect();
    try {
      // Whether those indexes can answer it, not what the planner prefers for a tiny table.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
      const reads = plan.rows.map((r) => r['QUERY PLAN']).filter((line) => / on relay_exchanges\b/.test(line));
      const outside = reads.filter((line) => !allowed.some((index) => line.includes(`using ${index} on`)));
      expect(outside).toEqual([]);
      expect(reads.length).toBeGreaterThanOrEqual(allowed.length);
    } finally {
      client.release();
    }
  });
});
