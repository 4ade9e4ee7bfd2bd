import { Client } from 'pg';
import { PostgresConnectionStore } from '../../webhook-relay/src/store/postgres-connection-store';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';

const KEY = Buffer.alloc(32, 11);
const SECRET = 'consumer-secret-that-must-never-be-stored-plain';

const acme = {
  id: 'acme',
  name: 'Acme production',
  instanceUrl: 'https://acme.my.salesforce.com',
  accountIds: ['acc_1'],
  auth: { flow: 'client_credentials' as const, clientId: 'key', clientSecret: SECRET }
};

describeWithPostgres('PostgresConnectionStore', () => {
  let schema: string;
  let drop: () => Promise<void>;
  const open = (key = KEY) =>
    PostgresConnectionStore.open({
      connectionString: testDatabaseUrl as string,
      masterKey: key,
      pool: inSchema(schema)
    });

  beforeEach(async () => {
    ({ schema, drop } = await createTestSchema());
  });
  afterEach(() => drop());

  it('shares a connection saved by one relay with another relay on the same database', async () => {
    const [a, b] = [await open(), await open()];
    try {
      await a.save(acme);
      expect(await b.get('acme')).toMatchObject({
        name: 'Acme production',
        accountIds: ['acc_1'],
        auth: { clientSecret: SECRET }
      });
      expect((await b.list()).map((c) => c.id)).toEqual(['acme']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps the secret sealed in the database', async () => {
    const store = await open();
    await store.save(acme);
    await store.close();
    const client = new Client({ connectionString: testDatabaseUrl, options: `-c search_path=${schema}` });
    await client.connect();
    const raw = await client.query('SELECT * FROM relay_connections');
    await client.end();
    expect(JSON.stringify(raw.rows)).not.toContain(SECRET);
  });

  it('refuses to read connections with another master key', async () => {
    const writer = await open();
    await writer.save(acme);
    await writer.close();
    const reader = await open(Buffer.alloc(32, 12));
    try {
      await expect(reader.list()).rejects.toThrow();
    } finally {
      await reader.close();
    }
  });

  it('replaces a connection saved again under its id and removes it', async () => {
    const store = await open();
    try {
      await store.save(acme);
      await store.save({ ...acme, name: 'Acme (renamed)', accountIds: [] });
      expect(await store.get('acme')).toMatchObject({ name: 'Acme (renamed)', accountIds: null });
      expect(await store.remove('acme')).toBe(true);
      expect(await store.remove('acme')).toBe(false);
      expect(await store.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
