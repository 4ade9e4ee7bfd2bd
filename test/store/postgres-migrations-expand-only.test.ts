/**
 * The rolling-upgrade contract of the PostgreSQL schema (docs/operations.md, "Upgrade with
 * migrations under load"): while instances are rolled one at a time, relays of the previous
 * version keep running on the migrated schema, and one restarted meanwhile (or rolled back to)
 * starts on a schema newer than it knows. So every migration only expands: nothing an older
 * version reads or writes is dropped, renamed, retyped or made mandatory.
 */
import { Pool } from 'pg';
import {
  CONNECTION_MIGRATIONS,
  migrateConnections
} from '../../webhook-relay/src/store/postgres-connection-migrations';
import { migrateOutbox, OUTBOX_MIGRATIONS } from '../../webhook-relay/src/store/postgres-outbox-migrations';
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import { newExchange } from './outbox-store-contract';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';

/** What in a migration would break a relay of the previous version; empty when it only expands. */
function contractingSteps(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ');
  const problems: string[] = [];
  const forbidden: [RegExp, string][] = [
    [/\bDROP (TABLE|COLUMN|INDEX|VIEW|TYPE)\b/i, 'drops what an older relay may use'],
    [/\bRENAME\b/i, 'renames what an older relay names'],
    [/\bALTER COLUMN\b[^;]*\b(TYPE|SET NOT NULL|DROP DEFAULT)\b/i, 'changes a column an older relay writes'],
    [/\bADD COLUMN [a-z_]+ [a-z ]+? NOT NULL(?![^,;]*\bDEFAULT\b)/i, 'adds a mandatory column older inserts leave out']
  ];
  for (const [pattern, why] of forbidden) {
    const found = pattern.exec(text);
    if (found) problems.push(`${why}: "${found[0]}"`);
  }
  // A constraint may be dropped only to be added again, wider, in the same migration.
  for (const [, name] of text.matchAll(/\bDROP CONSTRAINT (?:IF EXISTS )?([a-z_]+)/gi)) {
    if (!new RegExp(`\\bADD CONSTRAINT ${name}\\b`, 'i').test(text)) {
      problems.push(`drops constraint ${name} without adding it again`);
    }
  }
  return problems;
}

describe('PostgreSQL migrations only expand the schema', () => {
  it('flags the steps that would break a relay of the previous version (known-bad fixtures)', () => {
    expect(contractingSteps('ALTER TABLE relay_exchanges DROP COLUMN lease_owner;')).toHaveLength(1);
    expect(contractingSteps('ALTER TABLE relay_exchanges RENAME COLUMN payload TO body;')).toHaveLength(1);
    expect(contractingSteps('ALTER TABLE relay_exchanges ALTER COLUMN attempts TYPE bigint;')).toHaveLength(1);
    expect(contractingSteps('ALTER TABLE relay_exchanges ADD COLUMN tenant text NOT NULL;')).toHaveLength(1);
    expect(contractingSteps('ALTER TABLE t DROP CONSTRAINT IF EXISTS t_state_check;')).toEqual([
      'drops constraint t_state_check without adding it again'
    ]);
    expect(contractingSteps('DROP INDEX relay_exchanges_queue;')).toHaveLength(1);
  });

  it('lets the expanding steps through', () => {
    expect(
      contractingSteps('ALTER TABLE t ADD COLUMN resends integer NOT NULL DEFAULT 0, ADD COLUMN x bigint;')
    ).toEqual([]);
    expect(
      contractingSteps(
        `ALTER TABLE t DROP CONSTRAINT IF EXISTS t_check; ALTER TABLE t ADD CONSTRAINT t_check CHECK (a > 0) NOT VALID;`
      )
    ).toEqual([]);
  });

  it.each([
    ...OUTBOX_MIGRATIONS.map((sql, i) => [`outbox migration ${i + 1}`, sql] as const),
    ...CONNECTION_MIGRATIONS.map((sql, i) => [`connection migration ${i + 1}`, sql] as const)
  ])('%s', (_name, sql) => {
    expect(contractingSteps(sql)).toEqual([]);
  });
});

describeWithPostgres('a relay starting on a schema newer than it knows', () => {
  it('migrates nothing and starts: the newer version only added to what this one uses', async () => {
    const { schema, drop } = await createTestSchema();
    const pool = new Pool({ connectionString: testDatabaseUrl, ...inSchema(schema) });
    try {
      expect(await migrateOutbox(pool)).toBe(OUTBOX_MIGRATIONS.length);
      expect(await migrateConnections(pool)).toBe(CONNECTION_MIGRATIONS.length);
      // What a later relay would leave: one more migration applied, one more column.
      await pool.query('ALTER TABLE relay_exchanges ADD COLUMN from_a_later_version text');
      await pool.query('INSERT INTO relay_schema_migrations (version) VALUES ($1)', [OUTBOX_MIGRATIONS.length + 1]);
      expect(await migrateOutbox(pool)).toBe(0);
      expect(await migrateConnections(pool)).toBe(0);

      // And this version's store takes, leases and publishes on it.
      const store = await PostgresOutboxStore.open({
        connectionString: testDatabaseUrl as string,
        pool: inSchema(schema)
      });
      try {
        expect(await store.insert(newExchange({ connectionId: 'org_a' }))).toMatchObject({ kind: 'created' });
        const leased = await store.lease({
          connectionId: 'org_a',
          limit: 10,
          now: Date.now(),
          owner: 'w',
          leaseMs: 30_000
        });
        expect(leased).toHaveLength(1);
        expect(await store.markPublished([{ webhookId: leased[0]!.webhookId, eventUuid: 'e' }], 'w')).toEqual([]);
        expect((await store.counts()).byState.published).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      await pool.end();
      await drop();
    }
  });
});
