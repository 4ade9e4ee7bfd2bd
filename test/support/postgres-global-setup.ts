/**
 * Jest global setup: finds out once whether a PostgreSQL server answers, so the
 * PostgreSQL suites run where one does and are skipped with a clear message where
 * none does. The URL comes from RELAY_TEST_DATABASE_URL, default the local `test` db.
 */
import { Client } from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export default async function postgresGlobalSetup(): Promise<void> {
  const url = process.env.RELAY_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.CARDBRIDGE_TEST_PG_URL = url;
  } catch (error) {
    delete process.env.CARDBRIDGE_TEST_PG_URL;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `\nPostgreSQL suites SKIPPED: no PostgreSQL server answers at ${url.replace(/:[^:@/]*@/, ':***@')} (${reason}).\n`
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
