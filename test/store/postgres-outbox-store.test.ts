import { Client } from 'pg';
import { PostgresOutboxStore, PRUNE_PUBLISHED_SQL } from '../../webhook-relay/src/store/postgres-outbox-store';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';
import { describeOutboxStoreContract, newExchange } from './outbox-store-contract';

describeWithPostgres('PostgresOutboxStore', () => {
  const openIn = (schema: string) =>
    PostgresOutboxStore.open({ connectionString: testDatabaseUrl as string, pool: inSchema(schema) });

  describe('outbox contract', () => {
    describeOutboxStoreContract(async () => {
      const { schema, drop } = await createTestSchema();
      return { open: () => openIn(schema), cleanup: drop };
    });
  });

  describe('several relays on one database', () => {
    let schema: string;
    let drop: () => Promise<void>;
    let relays: PostgresOutboxStore[];

    beforeEach(async () => {
      ({ schema, drop } = await createTestSchema());
      // Started together, they race to apply the migrations: each must still open.
      relays = await Promise.all([openIn(schema), openIn(schema), openIn(schema)]);
    });

    afterEach(async () => {
      await Promise.all(relays.map((r) => r.close()));
      await drop();
    });

    it('stores a delivery once when it reaches two relays at the same moment', async () => {
      const delivery = newExchange();
      const [a, b] = await Promise.all([relays[0]!.insert(delivery), relays[1]!.insert(delivery)]);
      expect([a.kind, b.kind].sort()).toEqual(['created', 'duplicate']);
      expect(await relays[2]!.findByExchangeId(delivery.exchangeId)).toHaveLength(1);
    });

    it('never leases one row to two relays leasing at once', async () => {
      const rows = Array.from({ length: 600 }, () => newExchange());
      await Promise.all(rows.map((r) => relays[0]!.insert(r)));
      const now = Date.now() + 1e12;
      const leases = await Promise.all(
        relays.flatMap((relay, i) =>
          [0, 1].map((j) =>
            relay.lease({ connectionId: 'org_a', limit: 120, now, owner: `relay-${i}-${j}`, leaseMs: 30_000 })
          )
        )
      );
      const leasedIds = leases.flat().map((r) => r.webhookId);
      expect(new Set(leasedIds).size).toBe(leasedIds.length);
      expect(leasedIds.length).toBe(600);
    });

    it('prunes around published rows another relay holds locked instead of waiting for them', async () => {
      const rows = Array.from({ length: 3 }, () => newExchange());
      for (const row of rows) await relays[0]!.insert(row);
      const now = Date.now() + 1e12;
      await relays[0]!.lease({ connectionId: 'org_a', limit: 10, now, owner: 'relay-0', leaseMs: 30_000 });
      await relays[0]!.markPublished(rows.map((r) => ({ webhookId: r.webhookId, eventUuid: null })));

      const other = new Client({ connectionString: testDatabaseUrl as string, ...inSchema(schema) });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT 1 FROM relay_exchanges WHERE webhook_id = $1 FOR UPDATE', [rows[0]!.webhookId]);
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('prune waited on the locked row')), 5_000);
        });
        try {
          expect(await Promise.race([relays[1]!.prunePublished(now, 100), waited])).toBe(2);
        } finally {
          clearTimeout(timer);
        }
        await other.query('COMMIT');
      } finally {
        await other.end();
      }
      expect(await relays[2]!.prunePublished(now, 100)).toBe(1);
      expect((await relays[2]!.counts()).byState.published).toBe(0);
    });

    it('finds the rows to prune through the partial index on published rows', async () => {
      const client = new Client({ connectionString: testDatabaseUrl as string, ...inSchema(schema) });
      await client.connect();
      try {
        // A tiny test table is cheapest to scan; forbid that to see whether the index serves the query.
        await client.query('SET enable_seqscan = off');
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${PRUNE_PUBLISHED_SQL}`, [Date.now(), 1000]);
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(text).toMatch(/Index Scan using relay_exchanges_published/);
        expect(text).toMatch(/Index Scan (using|on) relay_exchanges_pkey/);
      } finally {
        await client.end();
      }
    });
  });
});
