/**
 * A fresh PostgreSQL schema per test, so suites never see each other's rows.
 * `describeWithPostgres` runs a block only where the global setup found a server.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const testDatabaseUrl = process.env.CARDBRIDGE_TEST_PG_URL;

export const describeWithPostgres: jest.Describe = testDatabaseUrl ? describe : describe.skip;

export async function createTestSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  if (!testDatabaseUrl) throw new Error('no PostgreSQL server for tests');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  };
}

/** Pool options that put every connection of a store into the schema. */
export function inSchema(schema: string): { options: string } {
  return { options: `-c search_path=${schema}` };
}
