import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
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
  });
});
