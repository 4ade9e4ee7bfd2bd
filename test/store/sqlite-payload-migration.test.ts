/**
 * Upgrading a SQLite outbox to payloads kept apart (exchange_payloads): every row of the previous
 * schema reads back as it was, payload included, under the same id; the state counts still match
 * the rows; a row a dead process had leased in the old lease columns is due again at once; and the
 * lease columns are gone.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { exchangeFromRow, type ExchangeRow } from '../../webhook-relay/src/store/exchange-row';
import { MIGRATIONS, SCHEMA_VERSION } from '../../webhook-relay/src/store/sqlite-migrations';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';

/** The migration that moves payloads out: the first that creates exchange_payloads. */
const BEFORE = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE exchange_payloads'));
const T = 1_764_000_000_000;
const RECEIPT = '{"status":"Processed","errorCode":null,"errorMessage":null,"logs":[]}';

describe('the payload migration on SQLite', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cardbridge-payloads-'));
    file = path.join(dir, 'outbox.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** An outbox as the previous schema kept it, one row per state, one queued row leased by a process that died. */
  function previousOutbox(): { rowid: number; row: ExchangeRow }[] {
    const old = new Database(file);
    MIGRATIONS.slice(0, BEFORE).forEach((sql) => old.exec(sql));
    old.pragma(`user_version = ${BEFORE}`);
    const insert = old.prepare(
      `INSERT INTO exchanges (webhook_id, exchange_id, account_id, connection_id, state, body_hash, payload, attempts,
         last_error, event_uuid, received_at, updated_at, published_at, next_attempt_at, lease_owner, lease_until,
         age_from, resends, receipt_check_at, receipt, confirmed_at)
       VALUES (@id, @exchange, 'acc', @connection, @state, @hash, @payload, 2, @error, @uuid, @at, @at, @published,
         @at, @owner, @until, @ageFrom, 1, @check, @receipt, @confirmed)`
    );
    const states = ['queued', 'published', 'confirmed', 'unconfirmed', 'dead', 'unrouted', 'queued'] as const;
    states.forEach((state, i) => {
      insert.run({
        id: `msg_${i}`,
        exchange: `exc_${i}`,
        connection: state === 'unrouted' ? null : 'org_a',
        state,
        hash: `hash_${i}`,
        payload: JSON.stringify({ data: { exchangeId: `exc_${i}`, note: 'x'.repeat(1_500) } }),
        error: state === 'dead' ? 'STRING_TOO_LONG: Company' : null,
        uuid: state === 'queued' || state === 'unrouted' ? null : `uuid-${i}`,
        at: T + i,
        published: state === 'published' || state === 'confirmed' ? T + 100 : null,
        owner: i === 6 ? 'relay-that-died' : null,
        until: i === 6 ? T + 10 ** 9 : null,
        ageFrom: i === 4 ? T + 50 : null,
        check: state === 'published' ? T + 200 : null,
        receipt: state === 'confirmed' ? RECEIPT : null,
        confirmed: state === 'confirmed' ? T + 300 : null
      });
    });
    // A row deleted before the upgrade: ids need not be dense.
    old.prepare(`DELETE FROM exchanges WHERE webhook_id = 'msg_2'`).run();
    const rows = old
      .prepare<[], ExchangeRow & { rid: number }>('SELECT rowid AS rid, * FROM exchanges ORDER BY rowid')
      .all();
    old.close();
    return rows.map(({ rid, ...row }) => ({ rowid: rid, row: row as ExchangeRow }));
  }

  it('keeps every row and its payload under the same id, the counts, and hands back dead leases', async () => {
    const before = previousOutbox();
    const store = new SqliteOutboxStore({ filename: file, now: () => T + 1_000 });
    try {
      // The rebuilt table went through the WAL: checkpointed and truncated, not kept while the relay runs.
      expect(statSync(`${file}-wal`).size).toBe(0);
      for (const { row } of before) {
        expect(await store.getByWebhookId(row.webhook_id)).toEqual(exchangeFromRow(row));
      }
      expect((await store.counts()).byState).toEqual({
        queued: 2,
        published: 1,
        confirmed: 0,
        unconfirmed: 1,
        dead: 1,
        unrouted: 1
      });
      // Leased in the old columns by a process that died: due now, with its payload (the columns are gone).
      const leased = await store.lease({
        connectionId: 'org_a',
        limit: 10,
        now: T + 1_000,
        leaseMs: 1_000,
        owner: 'w'
      });
      expect(leased.map((r) => r.webhookId)).toEqual(['msg_0', 'msg_6']);
      expect(leased[1]?.payload).toBe(before.find(({ row }) => row.webhook_id === 'msg_6')?.row.payload);
    } finally {
      await store.close();
    }

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const columns = raw.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('exchanges')`).all();
      expect(columns.map((c) => c.name)).toEqual(expect.arrayContaining(['seq', 'webhook_id', 'receipt']));
      expect(columns.map((c) => c.name)).not.toEqual(expect.arrayContaining(['payload']));
      expect(columns.map((c) => c.name)).not.toContain('lease_owner');
      const ids = raw
        .prepare<[], { seq: number; webhook_id: string; payload: string }>(
          'SELECT seq, webhook_id, payload FROM exchanges JOIN exchange_payloads USING (seq) ORDER BY seq'
        )
        .all();
      expect(ids).toEqual(
        before.map(({ rowid, row }) => ({ seq: rowid, webhook_id: row.webhook_id, payload: row.payload }))
      );
      const byState = raw
        .prepare<[], { state: string; n: number; counted: number }>(
          `SELECT c.state, c.n, (SELECT COUNT(*) FROM exchanges e WHERE e.state = c.state) AS counted FROM exchange_counts c`
        )
        .all();
      for (const { n, counted } of byState) expect(n).toBe(counted);
      // The count triggers were made again on the new table: an insert after the upgrade is counted.
      expect(raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).pluck().all()).toEqual([
        'exchanges_count_delete',
        'exchanges_count_insert',
        'exchanges_count_state',
        'exchanges_payload_delete'
      ]);
    } finally {
      raw.close();
    }
  });

  it('counts and stores what comes after the upgrade, and prunes payloads with their rows', async () => {
    previousOutbox();
    const store = new SqliteOutboxStore({ filename: file, now: () => T + 1_000 });
    try {
      const outcome = await store.insert({
        webhookId: 'msg_new',
        exchangeId: 'exc_new',
        accountId: 'acc',
        bodyHash: 'h',
        payload: '{"new":true}',
        receivedAt: T + 500,
        connectionId: 'org_a'
      });
      expect(outcome.kind).toBe('created');
      expect((await store.getByWebhookId('msg_new'))?.payload).toBe('{"new":true}');
      expect((await store.counts()).byState.queued).toBe(3);
      await store.markPublished([{ webhookId: 'msg_0', eventUuid: 'u0' }]);
      expect(await store.prunePublished(T + 2_000, 10)).toBe(1);
      expect(await store.getByWebhookId('msg_0')).toBeUndefined();
    } finally {
      await store.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      const orphans = raw
        .prepare(
          'SELECT COUNT(*) FROM exchange_payloads p WHERE NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.seq = p.seq)'
        )
        .pluck()
        .get();
      expect(orphans).toBe(0);
    } finally {
      raw.close();
    }
  });
});
