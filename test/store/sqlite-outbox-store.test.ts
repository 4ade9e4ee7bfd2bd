/**
 * The SQLite outbox: durable, idempotent inserts with group commit, and the
 * state transitions the publisher relies on (lease, retry, publish, dead
 * letters, replay, routing of unrouted rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NewExchange } from '../../webhook-relay/src/store/outbox-store';
import { SCHEMA_VERSION } from '../../webhook-relay/src/store/sqlite-migrations';
import {
  openSqliteOutboxStore,
  ANY_UNROUTED_SQL,
  CONFIRM_RECEIPTS_SQL,
  LEASE_RECEIPTS_SQL,
  LEASE_SQL,
  OutboxLockedError,
  PRUNE_PUBLISHED_SQL,
  STILL_QUEUED_SQL,
  UNROUTED_AMONG_SQL,
  SQLITE_FILE_NAME,
  type SqliteOutboxStore
} from '../../webhook-relay/src/store/sqlite-outbox-store';

let dir: string;
let store: SqliteOutboxStore;
let commits: number[];
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-test-'));
  commits = [];
  clock = 1_000_000;
  store = openSqliteOutboxStore(dir, { onGroupCommit: (n) => commits.push(n), now: () => clock });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function exchange(overrides: Partial<NewExchange> = {}): NewExchange {
  seq += 1;
  return {
    webhookId: `msg_${seq}`,
    exchangeId: `exc_${seq}`,
    accountId: 'acc_1',
    bodyHash: `hash_${seq}`,
    payload: '{}',
    receivedAt: 1_000 + seq,
    connectionId: 'org-a',
    ...overrides
  };
}

describe('insert', () => {
  it('stores a new exchange as queued and survives closing and reopening the database', async () => {
    const e = exchange();
    expect((await store.insert(e)).kind).toBe('created');
    await store.close();
    store = openSqliteOutboxStore(dir);
    expect(await store.getByWebhookId(e.webhookId)).toMatchObject({
      exchangeId: e.exchangeId,
      state: 'queued',
      attempts: 0
    });
  });

  it('stores an exchange without a connection as unrouted', async () => {
    const e = exchange({ connectionId: null });
    expect((await store.insert(e)).record.state).toBe('unrouted');
  });

  it('answers duplicate for the same webhook id and body hash, conflict for another body, storing once', async () => {
    const e = exchange();
    await store.insert(e);
    expect((await store.insert({ ...e })).kind).toBe('duplicate');
    const conflict = await store.insert({ ...e, bodyHash: 'other', exchangeId: 'exc_other' });
    expect(conflict.kind).toBe('conflict');
    expect(conflict.record.exchangeId).toBe(e.exchangeId);
    expect((await store.counts()).byState.queued).toBe(1);
  });

  it('tells apart a duplicate arriving in the same group commit', async () => {
    const e = exchange();
    const [a, b] = await Promise.all([store.insert(e), store.insert({ ...e })]);
    expect([a.kind, b.kind]).toEqual(['created', 'duplicate']);
  });

  it('groups 200 concurrent inserts into fewer commits, all durable', async () => {
    const batch = Array.from({ length: 200 }, () => exchange());
    const outcomes = await Promise.all(batch.map((e) => store.insert(e)));
    expect(outcomes.every((o) => o.kind === 'created')).toBe(true);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(200);
    expect(commits.length).toBeLessThan(10);
    expect((await store.counts()).byState.queued).toBe(200);
  });

  it('rejects inserts after close so nothing is acknowledged', async () => {
    await store.close();
    await expect(store.insert(exchange())).rejects.toThrow(/closed/);
    await expect(store.ping()).rejects.toThrow();
    store = openSqliteOutboxStore(dir);
  });

  /**
   * The plan of each statement, one text per statement (EXPLAIN QUERY PLAN's details joined).
   * The store holds the file exclusively: it is read once the store let go.
   */
  async function plansOf(...statements: [string, ...unknown[]][]): Promise<string[]> {
    await store.close();
    const raw = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      return statements.map(([sql, ...params]) =>
        raw
          .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params)
          .map((row) => row.detail)
          .join('\n')
      );
    } finally {
      raw.close();
    }
  }

  it('leases through the queue index in receipt order, without a scan or a sort', async () => {
    const [plan] = await plansOf([LEASE_SQL, 'org_a', clock, '[]', 200]);
    expect(plan).toMatch(/SEARCH exchanges USING INDEX exchanges_queue \(state=\? AND connection_id=\?\)/);
    expect(plan).not.toMatch(/SCAN exchanges|TEMP B-TREE/);
    // Each leased row's payload by its seq, the rowid of exchange_payloads: one lookup a row, after the walk.
    expect(plan).toMatch(/SEARCH exchange_payloads USING INTEGER PRIMARY KEY \(rowid=\?\) LEFT-JOIN/);
  });

  it('leases receipt checks through their partial index, never reading a payload', async () => {
    const [plan] = await plansOf([LEASE_RECEIPTS_SQL, clock, '[]', 200]);
    expect(plan).toMatch(/SEARCH exchanges USING INDEX exchanges_receipts_due/);
    expect(plan).not.toMatch(/exchange_payloads|SCAN exchanges|TEMP B-TREE/);
  });

  it('looks up each row of a JSON list by primary key, never walking every row of a state', async () => {
    const plans = await plansOf([CONFIRM_RECEIPTS_SQL, { rows: '[]', now: 1 }], [STILL_QUEUED_SQL, '[]']);
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH exchanges USING (COVERING )?INDEX sqlite_autoindex_exchanges_1 \(webhook_id=\?\)/);
      expect(plan).not.toMatch(/\(state=\?\)/);
    }
  });

  it('finds the published rows to prune through the (state, updated_at) index, without a scan or a sort', async () => {
    const [plan] = await plansOf([PRUNE_PUBLISHED_SQL, clock, 1000]);
    expect(plan).toMatch(/INDEX exchanges_by_state_updated \(state=\? AND updated_at<\?\)/);
    expect(plan).not.toMatch(/SCAN exchanges|TEMP B-TREE/);
  });

  it('asks for unrouted accounts through the partial index, one lookup per account', async () => {
    const [among, any] = await plansOf([UNROUTED_AMONG_SQL, '["acc_1"]', 10], [ANY_UNROUTED_SQL, 1]);
    expect(among).toMatch(/SEARCH exchanges EXISTS USING COVERING INDEX exchanges_unrouted \(account_id=\?\)/);
    expect(any).toMatch(/COVERING INDEX exchanges_unrouted/);
  });

  it('prunes with the time published rows were marked published', async () => {
    const e = exchange();
    await store.insert(e);
    await store.markPublished([{ webhookId: e.webhookId, eventUuid: 'uuid-1' }]);
    expect(await store.prunePublished(clock, 10)).toBe(0);
    expect(await store.prunePublished(clock + 1, 10)).toBe(1);
  });

  it('keeps one payload per row: none for a repeated webhook, and a pruned row takes its payload along', async () => {
    const kept = exchange({ payload: '{"kept":true}' });
    const pruned = exchange({ payload: '{"kept":false}' });
    await store.insert(kept);
    await store.insert(pruned);
    await store.insert({ ...pruned });
    await store.insert({ ...pruned, bodyHash: 'other' });
    await store.markPublished([{ webhookId: pruned.webhookId, eventUuid: 'uuid-1' }]);
    expect(await store.prunePublished(clock + 1, 10)).toBe(1);
    await store.close();
    const raw = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const payloads = raw
        .prepare<[], { webhook_id: string | null; payload: string }>(
          'SELECT e.webhook_id, p.payload FROM exchange_payloads p LEFT JOIN exchanges e USING (seq)'
        )
        .all();
      expect(payloads).toEqual([{ webhook_id: kept.webhookId, payload: kept.payload }]);
    } finally {
      raw.close();
    }
    store = openSqliteOutboxStore(dir);
  });

  it('leases a row whose payload went missing, with an empty payload, and gives a new row a stray id its own payload', async () => {
    const lost = exchange({ payload: '{"lost":true}' });
    await store.insert(lost);
    await store.close();
    const raw = new Database(path.join(dir, SQLITE_FILE_NAME));
    try {
      raw.prepare('DELETE FROM exchange_payloads').run();
      // A payload under the id the next row will take, belonging to no row.
      raw
        .prepare(`INSERT INTO exchange_payloads (seq, payload) SELECT max(seq) + 1, '{"stray":true}' FROM exchanges`)
        .run();
    } finally {
      raw.close();
    }
    store = openSqliteOutboxStore(dir);
    const next = exchange({ payload: '{"next":true}' });
    expect((await store.insert(next)).kind).toBe('created');
    const leased = await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w' });
    expect(leased.map((r) => [r.webhookId, r.payload])).toEqual([
      [lost.webhookId, ''],
      [next.webhookId, next.payload]
    ]);
  });

  it('uses WAL and records the schema version', async () => {
    await store.close();
    const raw = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      raw.close();
    }
  });
});

describe('one process per outbox', () => {
  it('refuses a second store on the file while the first holds it, and opens once the first closed', async () => {
    const started = Date.now();
    expect(() => openSqliteOutboxStore(dir, { lockTimeoutMs: 100 })).toThrow(OutboxLockedError);
    expect(() => openSqliteOutboxStore(dir, { lockTimeoutMs: 100 })).toThrow(
      /outbox\.sqlite is in use by another relay process: one relay per data directory \(RELAY_DATA_DIR\)/
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    await store.close();
    store = openSqliteOutboxStore(dir, { lockTimeoutMs: 100 });
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('keeps another process from even reading the outbox while it is open', async () => {
    const raw = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true, timeout: 50 });
    try {
      expect(() => raw.prepare('SELECT count(*) FROM exchanges').get()).toThrow(/database is locked/);
    } finally {
      raw.close();
    }
  });
});

describe('publisher transitions', () => {
  it('leases due queued rows of one connection, oldest first, up to the limit, once per lease', async () => {
    const old = exchange({ receivedAt: 10 });
    const newer = exchange({ receivedAt: 20 });
    const otherOrg = exchange({ connectionId: 'org-b', receivedAt: 5 });
    const unrouted = exchange({ connectionId: null, receivedAt: 1 });
    for (const e of [newer, old, otherOrg, unrouted]) await store.insert(e);

    const leased = await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w1' });
    expect(leased.map((r) => r.webhookId)).toEqual([old.webhookId, newer.webhookId]);
    expect(await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w2' })).toEqual(
      []
    );
    const afterExpiry = await store.lease({
      connectionId: 'org-a',
      limit: 1,
      now: clock + 30_000,
      leaseMs: 30_000,
      owner: 'w2'
    });
    expect(afterExpiry.map((r) => r.webhookId)).toEqual([old.webhookId]);
  });

  it('release makes rows leasable again without counting an attempt', async () => {
    const e = exchange();
    await store.insert(e);
    await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w1' });
    await store.release([e.webhookId]);
    const again = await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w2' });
    expect(again.map((r) => [r.webhookId, r.attempts])).toEqual([[e.webhookId, 0]]);
  });

  it('markRetry counts the attempt, keeps the error and holds the row until its next attempt time', async () => {
    const e = exchange();
    await store.insert(e);
    await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w1' });
    await store.markRetry([
      { webhookId: e.webhookId, error: 'UNABLE_TO_LOCK_ROW: busy', nextAttemptAt: clock + 5_000 }
    ]);
    expect(await store.getByWebhookId(e.webhookId)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'UNABLE_TO_LOCK_ROW: busy',
      nextAttemptAt: clock + 5_000
    });
    expect(await store.lease({ connectionId: 'org-a', limit: 10, now: clock + 4_999, leaseMs: 1, owner: 'w' })).toEqual(
      []
    );
    expect(
      await store.lease({ connectionId: 'org-a', limit: 10, now: clock + 5_000, leaseMs: 1, owner: 'w' })
    ).toHaveLength(1);
  });

  it('markPublished records the event UUID and time; published rows are never leased', async () => {
    const e = exchange();
    await store.insert(e);
    await store.markPublished([{ webhookId: e.webhookId, eventUuid: 'uuid-1' }]);
    expect(await store.getByWebhookId(e.webhookId)).toMatchObject({
      state: 'published',
      eventUuid: 'uuid-1',
      publishedAt: clock
    });
    expect(await store.lease({ connectionId: 'org-a', limit: 10, now: clock + 1e9, leaseMs: 1, owner: 'w' })).toEqual(
      []
    );
  });

  it('dead letters are listed newest first and replay puts them back in the queue with attempts reset', async () => {
    const a = exchange();
    const b = exchange();
    await store.insert(a);
    await store.insert(b);
    await store.markDead([{ webhookId: a.webhookId, error: 'STRING_TOO_LONG: Note' }]);
    clock += 1;
    await store.markDead([{ webhookId: b.webhookId, error: 'INVALID_FIELD: X' }]);
    expect((await store.listDead(10)).map((r) => r.webhookId)).toEqual([b.webhookId, a.webhookId]);
    expect((await store.listDead(1, 1)).map((r) => r.webhookId)).toEqual([a.webhookId]);

    expect(await store.replayDead([a.webhookId])).toBe(1);
    expect(await store.getByWebhookId(a.webhookId)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await store.replayDead()).toBe(1);
    expect((await store.counts()).byState).toEqual({
      queued: 2,
      published: 0,
      confirmed: 0,
      unconfirmed: 0,
      dead: 0,
      unrouted: 0
    });
  });

  it('routes unrouted rows of listed accounts, or all of them, to a new connection', async () => {
    const acme = exchange({ connectionId: null, accountId: 'acc_acme' });
    const globex = exchange({ connectionId: null, accountId: 'acc_globex' });
    const initech = exchange({ connectionId: null, accountId: 'acc_initech' });
    for (const e of [acme, globex, initech]) await store.insert(e);

    expect(await store.routeUnrouted('org-acme', ['acc_acme'])).toBe(1);
    expect(await store.getByWebhookId(acme.webhookId)).toMatchObject({ state: 'queued', connectionId: 'org-acme' });
    expect(await store.routeUnrouted('org-all', null)).toBe(2);
    const counts = await store.counts();
    expect(counts.byState.unrouted).toBe(0);
    expect(counts.queuedByConnection).toEqual({ 'org-acme': 1, 'org-all': 2 });
  });

  it('finds every delivery of one exchange id, oldest first', async () => {
    const first = exchange({ exchangeId: 'exc_same', receivedAt: 1 });
    const second = exchange({ exchangeId: 'exc_same', receivedAt: 2 });
    await store.insert(second);
    await store.insert(first);
    expect((await store.findByExchangeId('exc_same')).map((r) => r.webhookId)).toEqual([
      first.webhookId,
      second.webhookId
    ]);
  });
});

describe('state counts', () => {
  it('match a count of the rows after every kind of transition, and after reopening', async () => {
    const rows = Array.from({ length: 12 }, () => exchange());
    await Promise.all(rows.map((e) => store.insert(e)));
    await store.insert(rows[0]!); // a repeat adds nothing
    await store.insert(exchange({ connectionId: null, accountId: 'acc_unrouted' }));
    const leased = await store.lease({ connectionId: 'org-a', limit: 200, now: clock, owner: 'w', leaseMs: 60_000 });
    const ids = leased.map((r) => r.webhookId);
    await store.markPublished(
      ids.slice(0, 4).map((webhookId) => ({ webhookId, eventUuid: `u-${webhookId}` })),
      'w'
    );
    await store.markDead(
      ids.slice(4, 6).map((webhookId) => ({ webhookId, error: 'X: test' })),
      'w'
    );
    await store.markRetry([{ webhookId: ids[6]!, error: 'X: later', nextAttemptAt: clock + 1_000 }], 'w');
    await store.release(ids.slice(7), 'w');
    await store.replayDead([ids[4]!]);
    await store.settleReceipts([{ webhookId: ids[0]!, outcome: 'unconfirmed', error: 'NO_RECEIPT: test' }]);
    await store.unrouteQueued('org-a');
    await store.routeUnrouted('org-a', ['acc_unrouted']);
    clock += 10;
    expect(await store.prunePublished(clock, 2)).toBe(2);

    const recount = async () => {
      await store.close();
      const raw = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
      try {
        return Object.fromEntries(
          (
            raw.prepare('SELECT state, COUNT(*) AS n FROM exchanges GROUP BY state').all() as {
              state: string;
              n: number;
            }[]
          ).map(({ state, n }) => [state, n])
        );
      } finally {
        raw.close();
      }
    };
    const counted = (await store.counts()).byState;
    const truth = await recount();
    store = openSqliteOutboxStore(dir, { now: () => clock });
    expect(Object.fromEntries(Object.entries(counted).filter(([, n]) => n > 0))).toEqual(truth);
    expect((await store.counts()).byState).toEqual(counted);
    expect(counted).toMatchObject({ published: 1, unconfirmed: 1, dead: 1, unrouted: 7, queued: 1 });
  });
});

describe('records as read back', () => {
  it('answers an insert with the record a read of its row gives', async () => {
    const created = await store.insert(exchange({ payload: '{"data":{}}' }));
    expect(created.kind).toBe('created');
    expect(created.record).toEqual(await store.getByWebhookId(created.record.webhookId));
  });

  it('gives each leased row, and each row leased for its receipt check, as a read of it does', async () => {
    const e = exchange({ payload: '{"data":{"exchangeId":"x"}}' });
    await store.insert(e);
    const [leased] = await store.lease({ connectionId: 'org-a', limit: 10, now: clock, leaseMs: 30_000, owner: 'w' });
    expect(leased).toEqual(await store.getByWebhookId(e.webhookId));

    // Published, then checked once with a receipt still pending: every receipt column is set.
    await store.markPublished([{ webhookId: e.webhookId, eventUuid: 'uuid-1', receiptCheckAt: clock + 10 }], 'w');
    const [first] = await store.leaseReceiptChecks({ now: clock + 10, limit: 10, leaseMs: 30_000, owner: 'c' });
    const receipt = { status: 'Pending', errorCode: null, errorMessage: null, logs: [] };
    await store.settleReceipts(
      [{ webhookId: first!.webhookId, outcome: 'check_later', checkAt: clock + 20, receipt }],
      'c'
    );
    const [again] = await store.leaseReceiptChecks({ now: clock + 20, limit: 10, leaseMs: 30_000, owner: 'c' });
    const read = await store.getByWebhookId(e.webhookId);
    // A receipt check reads everything but the payload (it never publishes).
    const { payload, ...summary } = read!;
    expect(payload).toBe(e.payload);
    expect(again).toEqual(summary);
    expect(again).not.toHaveProperty('payload');
    expect(read).toMatchObject({ state: 'published', eventUuid: 'uuid-1', receiptCheckAt: clock + 20, receipt });
  });

  it('keeps statement journals in memory, not in temporary files', () => {
    const db = (store as unknown as { db: Database.Database }).db;
    // 2 = MEMORY (https://www.sqlite.org/pragma.html#pragma_temp_store)
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
  });
});
