/**
 * Upgrading a relay's outbox to the receipt states, on SQLite and PostgreSQL: rows stored by the
 * previous schema are all kept as they were; exchanges published before the upgrade await no
 * receipt (the checker never re-sends them: the org may have cleaned up its rows long ago); the
 * new states are accepted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { OUTBOX_MIGRATIONS } from '../../webhook-relay/src/store/postgres-outbox-migrations';
import { PostgresOutboxStore } from '../../webhook-relay/src/store/postgres-outbox-store';
import { MIGRATIONS } from '../../webhook-relay/src/store/sqlite-migrations';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import type { OutboxStore } from '../../webhook-relay/src/store/outbox-store';
import { createTestSchema, describeWithPostgres, inSchema, testDatabaseUrl } from '../support/postgres-test-schema';

/** The receipt migration: the one that rebuilds the table on SQLite (the state counts come after it), the last on PostgreSQL. */
const SQLITE_BEFORE = MIGRATIONS.findIndex(
  (sql) => sql.includes('CREATE TABLE exchanges_next') && !sql.includes('exchange_payloads')
);
const POSTGRES_BEFORE = OUTBOX_MIGRATIONS.length - 1;
const T = 1_764_000_000_000;
const ROWS: [string, string, string | null][] = [
  ['msg_old_published', 'published', 'org_a'],
  ['msg_old_queued', 'queued', 'org_a'],
  ['msg_old_dead', 'dead', 'org_a'],
  ['msg_old_unrouted', 'unrouted', null]
];

async function expectUpgraded(store: OutboxStore): Promise<void> {
  for (const [webhookId, state] of ROWS) {
    expect(await store.getByWebhookId(webhookId)).toMatchObject({
      state,
      resends: 0,
      receiptCheckAt: null,
      receipt: null
    });
  }
  expect(await store.nextReceiptCheckAt()).toBeNull();
  expect(await store.leaseReceiptChecks({ now: Date.now() + 1e12, limit: 10, leaseMs: 1_000, owner: 'x' })).toEqual([]);
  // The new states are accepted by the upgraded CHECK.
  await store.settleReceipts([{ webhookId: 'msg_old_published', outcome: 'unconfirmed', error: 'NO_RECEIPT: test' }]);
  expect((await store.counts()).byState).toMatchObject({ unconfirmed: 1, queued: 1, dead: 1, unrouted: 1 });
}

describe('the receipt migration on SQLite', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'cardbridge-migrate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every row of the previous schema, and published ones await no receipt', async () => {
    const file = path.join(dir, 'outbox.sqlite');
    const old = new Database(file);
    MIGRATIONS.slice(0, SQLITE_BEFORE).forEach((sql) => old.exec(sql));
    old.pragma(`user_version = ${SQLITE_BEFORE}`);
    const insert = old.prepare(
      `INSERT INTO exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload, attempts,
         received_at, updated_at, next_attempt_at, published_at) VALUES (?, ?, 'acc', ?, ?, 'h', '{}', 1, ?, ?, ?, ?)`
    );
    for (const [id, state, connection] of ROWS)
      insert.run(id, `exc_${id}`, connection, state, T, T, T, state === 'published' ? T : null);
    old.close();

    const store = new SqliteOutboxStore({ filename: file });
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  });
});

describeWithPostgres('the receipt migration on PostgreSQL', () => {
  it('keeps every row of the previous schema, and published ones await no receipt', async () => {
    const { schema, drop } = await createTestSchema();
    const client = new Client({ connectionString: testDatabaseUrl as string, ...inSchema(schema) });
    await client.connect();
    let store: PostgresOutboxStore | undefined;
    try {
      await client.query(
        'CREATE TABLE relay_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())'
      );
      for (const [index, sql] of OUTBOX_MIGRATIONS.slice(0, POSTGRES_BEFORE).entries()) {
        await client.query(sql);
        await client.query('INSERT INTO relay_schema_migrations (version) VALUES ($1)', [index + 1]);
      }
      for (const [id, state, connection] of ROWS) {
        await client.query(
          `INSERT INTO relay_exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload,
             attempts, received_at, updated_at, next_attempt_at, published_at)
           VALUES ($1, $2, 'acc', $3, $4, 'h', '{}', 1, $5, $5, $5, $6)`,
          [id, `exc_${id}`, connection, state, T, state === 'published' ? T : null]
        );
      }
      store = await PostgresOutboxStore.open({ connectionString: testDatabaseUrl as string, pool: inSchema(schema) });
      await expectUpgraded(store);
    } finally {
      await store?.close();
      await client.end();
      await drop();
    }
  });
});
