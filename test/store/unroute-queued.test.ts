/**
 * `unrouteQueued`, on SQLite and PostgreSQL: what a removed connection (or one that no
 * longer serves an account) had queued goes back to `unrouted`, and is routed again to
 * the connection that serves the account.
 */
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { storedExchange } from '../publish/publish-fixtures';
import { createTestSchema, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';

const stores: [string, () => Promise<{ store: OutboxStore; done(): Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const store = new SqliteOutboxStore({ filename: ':memory:' });
      return { store, done: () => store.close() };
    }
  ]
];
if (testDatabaseUrl) {
  stores.push([
    'PostgreSQL',
    async () => {
      const { schema, drop } = await createTestSchema();
      const store = await PostgresOutboxStore.open({
        connectionString: testDatabaseUrl as string,
        pool: inSchema(schema)
      });
      return {
        store,
        async done() {
          await store.close();
          await drop();
        }
      };
    }
  ]);
}

describe.each(stores)('unrouteQueued on %s', (_name, open) => {
  it('puts a connection’s queued exchanges back to unrouted, except those of the accounts it keeps', async () => {
    const { store, done } = await open();
    try {
      const keep = storedExchange({ accountId: 'acc_keep', connectionId: 'acme' });
      const drop = storedExchange({ accountId: 'acc_drop', connectionId: 'acme' });
      const other = storedExchange({ accountId: 'acc_drop', connectionId: 'globex' });
      for (const exchange of [keep, drop, other]) await store.insert(exchange);
      expect(await store.unrouteQueued('acme', ['acc_keep'])).toBe(1);
      expect(await store.getByWebhookId(drop.webhookId)).toMatchObject({ state: 'unrouted', connectionId: null });
      expect(await store.getByWebhookId(keep.webhookId)).toMatchObject({ state: 'queued', connectionId: 'acme' });
      expect(await store.getByWebhookId(other.webhookId)).toMatchObject({ state: 'queued', connectionId: 'globex' });
      expect(await store.unrouteQueued('acme')).toBe(1);
      // Routed again to whichever connection serves the account now.
      expect(await store.routeUnrouted('newcomer', ['acc_drop', 'acc_keep'])).toBe(2);
      expect(await store.getByWebhookId(drop.webhookId)).toMatchObject({ state: 'queued', connectionId: 'newcomer' });
    } finally {
      await done();
    }
  });
});
