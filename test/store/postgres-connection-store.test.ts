import { Client } from 'pg';
import { configuredConnectionOf } from '../../webhook-relay/src/store/configured-connections';
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
      await a.create(acme);
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
    await store.create(acme);
    await store.close();
    const client = new Client({ connectionString: testDatabaseUrl, options: `-c search_path=${schema}` });
    await client.connect();
    const raw = await client.query('SELECT * FROM relay_connections');
    await client.end();
    expect(JSON.stringify(raw.rows)).not.toContain(SECRET);
  });

  it('reads no secret of a connection another master key sealed, and names that connection', async () => {
    const writer = await open();
    await writer.create(acme);
    await writer.close();
    const reader = await open(Buffer.alloc(32, 12));
    try {
      expect(await reader.list()).toEqual([]);
      expect(reader.unreadable().map((c) => c.id)).toEqual(['acme']);
    } finally {
      await reader.close();
    }
  });

  it('refuses to create an id in use, changes a connection through update, and removes it', async () => {
    const store = await open();
    try {
      await store.create(acme);
      expect(await store.create({ ...acme, name: 'Other' })).toEqual({
        ok: false,
        refusal: { code: 'exists', id: 'acme', configured: false }
      });
      await store.update({ ...acme, name: 'Acme (renamed)', accountIds: ['acc_2'] });
      expect(await store.get('acme')).toMatchObject({ name: 'Acme (renamed)', accountIds: ['acc_2'] });
      expect(await store.remove('acme')).toBe(true);
      expect(await store.remove('acme')).toBe(false);
      expect(await store.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('lets one of two relays claiming one account at the same moment win, and tells the other which', async () => {
    const [a, b] = [await open(), await open()];
    try {
      const outcomes = await Promise.all([
        a.create({ ...acme, id: 'org-a', name: 'Org A', accountIds: ['acc_shared', 'acc_a'] }),
        b.create({ ...acme, id: 'org-b', name: 'Org B', accountIds: ['acc_b', 'acc_shared'] })
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      const refused = outcomes.find((o) => !o.ok);
      expect(refused).toMatchObject({ ok: false, refusal: { code: 'account_taken', accountId: 'acc_shared' } });
      const winner = outcomes.find((o) => o.ok);
      if (!refused || refused.ok || !winner?.ok) throw new Error('expected one winner');
      expect(refused.refusal).toMatchObject({
        connectionId: winner.connection.id,
        connectionName: winner.connection.name
      });
      expect((await a.list()).map((c) => c.id)).toEqual([winner.connection.id]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe('configured connections', () => {
    const configured = (accountIds: string[] | null, instanceUrl = 'https://one.my.salesforce.com') =>
      configuredConnectionOf({
        id: 'default',
        name: 'Default org',
        instanceUrl,
        apiVersion: '65.0',
        namespace: 'cardbridge',
        accountIds,
        auth: { flow: 'client_credentials', clientId: 'k' }
      });

    it('refuses a relay whose configuration differs from a running relay’s, naming the difference, until that relay stops', async () => {
      const running = await open();
      const starting = await open();
      try {
        await running.registerConfigured([configured(['acc_1'])]);
        await expect(starting.registerConfigured([configured(['acc_1', 'acc_2'])])).rejects.toThrow(
          /"default" differs from the one a running relay registered: accountIds \["acc_1","acc_2"\] here, \["acc_1"\] registered/
        );
        await expect(starting.registerConfigured([])).rejects.toThrow(
          /a running relay serves configured connection "default"/
        );
        // The same configuration joins; a run-time connection cannot take its accounts or id.
        expect(await starting.registerConfigured([configured(['acc_1'])])).toEqual({ dropped: [] });
        expect(await starting.create({ ...acme, id: 'default' })).toMatchObject({
          ok: false,
          refusal: { code: 'exists' }
        });
        expect(await starting.create(acme)).toMatchObject({
          ok: false,
          refusal: { code: 'account_taken', accountId: 'acc_1', connectionId: 'default', connectionName: 'Default org' }
        });
      } finally {
        await running.close();
        await starting.close();
      }
      // Nobody runs the old configuration any more: the next relay's replaces it.
      const next = await open();
      try {
        expect(await next.registerConfigured([configured(['acc_1', 'acc_2'])])).toEqual({ dropped: [] });
        expect((await next.configured()).map((c) => c.accountIds)).toEqual([['acc_1', 'acc_2']]);
      } finally {
        await next.close();
      }
      const without = await open();
      try {
        expect(await without.registerConfigured([])).toEqual({ dropped: ['default'] });
        expect((await without.create(acme)).ok).toBe(true);
      } finally {
        await without.close();
      }
    });
  });

  it('takes refresh turns across relays: each refresh uses the token the previous one was given', async () => {
    const [a, b] = [await open(), await open()];
    let valid = 'seed-token';
    let issued = 0;
    const used: string[] = [];
    const exchange = async (token: string) => {
      used.push(token);
      await new Promise((resolve) => setTimeout(resolve, 40));
      if (token !== valid) return { ok: false, refreshToken: null as string | null };
      valid = `rotated-${++issued}`;
      return { ok: true, refreshToken: valid as string | null };
    };
    const rotated = (result: { refreshToken: string | null }) => result.refreshToken;
    try {
      const results = await Promise.all([
        a.refresh('acme', 'seed-token', exchange, rotated),
        b.refresh('acme', 'seed-token', exchange, rotated),
        a.refresh('acme', 'seed-token', exchange, rotated),
        b.refresh('acme', 'seed-token', exchange, rotated)
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
      expect(new Set(used).size).toBe(4);
      const client = new Client({ connectionString: testDatabaseUrl, options: `-c search_path=${schema}` });
      await client.connect();
      const raw = await client.query('SELECT * FROM relay_refresh_tokens');
      await client.end();
      expect(raw.rows).toEqual([expect.objectContaining({ connection_id: 'acme', version: 4, lease_owner: null })]);
      expect(JSON.stringify(raw.rows)).not.toContain('rotated-4');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
