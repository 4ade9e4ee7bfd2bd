/**
 * The behaviour every OutboxStore implementation must show, run against SQLite and
 * PostgreSQL alike (see sqlite-outbox-store.contract.test.ts and
 * postgres-outbox-store.test.ts). A store is opened through a harness so the suite
 * can also close and reopen it, the way a restarted relay does.
 */
import type { NewExchange, OutboxStore } from '../../webhook-relay/src/store/outbox-store';

export interface OutboxStoreHarness {
  /** Open (or reopen) the store on the same underlying database. */
  open(): Promise<OutboxStore>;
  /** Remove the database after the test. */
  cleanup(): Promise<void>;
}

const T0 = 1_764_000_000_000;
let sequence = 0;

export function newExchange(overrides: Partial<NewExchange> = {}): NewExchange {
  sequence += 1;
  return {
    webhookId: `msg_${sequence}`,
    exchangeId: `exc_${sequence}`,
    accountId: 'acc_1',
    bodyHash: `hash_${sequence}`,
    payload: JSON.stringify({ n: sequence }),
    receivedAt: T0 + sequence,
    connectionId: 'org_a',
    ...overrides
  };
}

export function describeOutboxStoreContract(makeHarness: () => Promise<OutboxStoreHarness>): void {
  let harness: OutboxStoreHarness;
  let store: OutboxStore;

  beforeEach(async () => {
    harness = await makeHarness();
    store = await harness.open();
  });

  afterEach(async () => {
    await store.close();
    await harness.cleanup();
  });

  const lease = (connectionId = 'org_a', limit = 200, now = T0 + 1e9, owner = 'worker-1', leaseMs = 30_000) =>
    store.lease({ connectionId, limit, now, owner, leaseMs });

  describe('insert', () => {
    it('stores a routed exchange as queued and an unrouted one as unrouted', async () => {
      const routed = await store.insert(newExchange());
      const unrouted = await store.insert(newExchange({ connectionId: null }));
      expect(routed).toMatchObject({ kind: 'created', record: { state: 'queued', attempts: 0 } });
      expect(unrouted).toMatchObject({ kind: 'created', record: { state: 'unrouted', connectionId: null } });
    });

    it('answers a retry with the same body as a duplicate and stores it once', async () => {
      const first = newExchange();
      await store.insert(first);
      const again = await store.insert({ ...first, receivedAt: first.receivedAt + 5 });
      expect(again.kind).toBe('duplicate');
      expect(again.record.receivedAt).toBe(first.receivedAt);
      expect(await store.findByExchangeId(first.exchangeId)).toHaveLength(1);
    });

    it('answers a reused webhook id with a different body as a conflict and changes nothing', async () => {
      const first = newExchange();
      await store.insert(first);
      const reused = await store.insert({ ...first, bodyHash: 'other', payload: '{"other":true}' });
      expect(reused.kind).toBe('conflict');
      expect((await store.getByWebhookId(first.webhookId))?.payload).toBe(first.payload);
    });

    it('stores one row when the same delivery arrives several times at once', async () => {
      const delivery = newExchange();
      const outcomes = await Promise.all([
        store.insert(delivery),
        store.insert(delivery),
        store.insert({ ...delivery, bodyHash: 'changed' })
      ]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['conflict', 'created', 'duplicate']);
      expect((await store.counts()).byState.queued).toBe(1);
    });

    it('keeps every one of many concurrent inserts', async () => {
      const batch = Array.from({ length: 300 }, () => newExchange());
      const outcomes = await Promise.all(batch.map((e) => store.insert(e)));
      expect(outcomes.every((o) => o.kind === 'created')).toBe(true);
      expect((await store.counts()).byState.queued).toBe(300);
    });

    it('keeps what it acknowledged after the store is closed and reopened', async () => {
      const kept = newExchange();
      await store.insert(kept);
      await store.close();
      store = await harness.open();
      expect(await store.getByWebhookId(kept.webhookId)).toMatchObject({
        exchangeId: kept.exchangeId,
        state: 'queued'
      });
    });

    it('refuses inserts once closed', async () => {
      await store.close();
      await expect(store.insert(newExchange())).rejects.toThrow();
      store = await harness.open();
    });
  });

  describe('lookups', () => {
    it('finds every delivery of one exchange, oldest first', async () => {
      const a = newExchange({ exchangeId: 'exc_shared' });
      const b = newExchange({ exchangeId: 'exc_shared' });
      await store.insert(b);
      await store.insert(a);
      const found = await store.findByExchangeId('exc_shared');
      expect(found.map((r) => r.webhookId)).toEqual([a.webhookId, b.webhookId]);
      expect(await store.getByWebhookId('msg_unknown')).toBeUndefined();
    });
  });

  describe('lease', () => {
    it('leases due rows of one connection, oldest first, up to the limit', async () => {
      const rows = [newExchange(), newExchange(), newExchange(), newExchange({ connectionId: 'org_b' })];
      for (const row of [...rows].reverse()) await store.insert(row);
      const leased = await lease('org_a', 2);
      expect(leased.map((r) => r.webhookId)).toEqual([rows[0]!.webhookId, rows[1]!.webhookId]);
    });

    it('breaks ties of one millisecond by webhook id in code-unit order, whatever the locale', async () => {
      // localeCompare would lease msg_a before msg_B and msg_é before msg_z.
      const ids = ['msg_z', 'msg_a', 'msg_é', 'msg_B'];
      for (const webhookId of ids) await store.insert(newExchange({ webhookId, receivedAt: T0 }));
      expect((await lease()).map((r) => r.webhookId)).toEqual(['msg_B', 'msg_a', 'msg_z', 'msg_é']);
    });

    it('does not lease a row twice while its lease holds', async () => {
      await Promise.all([store.insert(newExchange()), store.insert(newExchange())]);
      const first = await lease('org_a', 200, T0 + 1e9, 'worker-1');
      const second = await lease('org_a', 200, T0 + 1e9 + 1000, 'worker-2');
      expect(first).toHaveLength(2);
      expect(second).toHaveLength(0);
    });

    it('lets another worker take over a batch whose lease expired', async () => {
      const row = newExchange();
      await store.insert(row);
      const now = Date.now();
      await lease('org_a', 200, now, 'dead-worker', 50);
      expect(await lease('org_a', 200, now, 'worker-2')).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 80));
      const takeover = await lease('org_a', 200, Date.now(), 'worker-2');
      expect(takeover.map((r) => r.webhookId)).toEqual([row.webhookId]);
    });

    it('rejects the results and releases of a worker whose lease was taken over', async () => {
      const [a, b, c, d] = [newExchange(), newExchange(), newExchange(), newExchange()];
      for (const row of [a, b, c, d]) await store.insert(row);
      await lease('org_a', 200, Date.now(), 'slow-worker', 50);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await lease('org_a', 200, Date.now(), 'new-holder')).toHaveLength(4);

      expect(await store.markPublished([{ webhookId: a.webhookId, eventUuid: 'late' }], 'slow-worker')).toEqual([
        a.webhookId
      ]);
      const due = Date.now() + 60_000;
      expect(
        await store.markRetry([{ webhookId: b.webhookId, error: 'X: late', nextAttemptAt: due }], 'slow-worker')
      ).toEqual([b.webhookId]);
      expect(await store.markDead([{ webhookId: c.webhookId, error: 'X: late' }], 'slow-worker')).toEqual([
        c.webhookId
      ]);
      expect(await store.release([d.webhookId], 'slow-worker')).toEqual([d.webhookId]);
      expect(await store.renewLease([a.webhookId], 'slow-worker', 60_000)).toEqual([a.webhookId]);
      for (const row of [a, b, c, d]) {
        expect(await store.getByWebhookId(row.webhookId)).toMatchObject({
          state: 'queued',
          attempts: 0,
          lastError: null
        });
      }
      // Still the new holder's: nobody else may lease them, and its own results go through.
      expect(await lease('org_a', 200, Date.now(), 'third-worker')).toHaveLength(0);
      expect(await store.markPublished([{ webhookId: a.webhookId, eventUuid: 'uuid-a' }], 'new-holder')).toEqual([]);
      expect((await store.getByWebhookId(a.webhookId))?.state).toBe('published');
    });

    it('keeps a renewed lease beyond its first expiry', async () => {
      const row = newExchange();
      await store.insert(row);
      await lease('org_a', 200, Date.now(), 'worker-1', 100);
      for (let i = 0; i < 4; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await store.renewLease([row.webhookId], 'worker-1', 100)).toEqual([]);
      }
      expect(await lease('org_a', 200, Date.now(), 'worker-2')).toHaveLength(0);
    });

    it('makes released rows leasable again without counting an attempt', async () => {
      const row = newExchange();
      await store.insert(row);
      await lease();
      await store.release([row.webhookId]);
      const again = await lease();
      expect(again).toHaveLength(1);
      expect(again[0]!.attempts).toBe(0);
    });
  });

  describe('a leased row that changes connection', () => {
    it('is not leased for its new connection while the old lease holds', async () => {
      const row = newExchange();
      await store.insert(row);
      expect(await lease('org_a', 200, Date.now())).toHaveLength(1);
      // Its connection removed mid-publish, then its account routed to another org.
      expect(await store.unrouteQueued('org_a')).toBe(1);
      expect(await store.routeUnrouted('org_b', null)).toBe(1);
      expect(await lease('org_b', 200, Date.now() + 1_000, 'worker-2')).toHaveLength(0);
      expect(await store.release([row.webhookId], 'worker-1')).toEqual([]);
      expect((await lease('org_b', 200, Date.now() + 1_000, 'worker-2')).map((r) => r.webhookId)).toEqual([
        row.webhookId
      ]);
    });
  });

  describe('results', () => {
    it('marks rows published with their event UUID', async () => {
      const row = newExchange();
      await store.insert(row);
      await lease();
      await store.markPublished([{ webhookId: row.webhookId, eventUuid: 'e4f1c2d0-uuid' }]);
      const stored = await store.getByWebhookId(row.webhookId);
      expect(stored).toMatchObject({ state: 'published', eventUuid: 'e4f1c2d0-uuid', attempts: 1, lastError: null });
      expect(stored?.publishedAt).not.toBeNull();
      expect(await lease()).toHaveLength(0);
    });

    it('puts a retried row back in the queue, due again only after its backoff', async () => {
      const row = newExchange();
      await store.insert(row);
      await lease('org_a', 200, T0 + 1e9);
      await store.markRetry([{ webhookId: row.webhookId, error: 'HTTP_503: unavailable', nextAttemptAt: T0 + 2e9 }]);
      expect(await lease('org_a', 200, T0 + 2e9 - 1)).toHaveLength(0);
      const due = await lease('org_a', 200, T0 + 2e9);
      expect(due[0]).toMatchObject({ attempts: 1, lastError: 'HTTP_503: unavailable', state: 'queued' });
    });

    it('dead-letters a row with its reason and lists dead letters newest first', async () => {
      const older = newExchange();
      const newer = newExchange();
      await store.insert(older);
      await store.insert(newer);
      await lease();
      await store.markDead([{ webhookId: older.webhookId, error: 'STRING_TOO_LONG: Company' }]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.markDead([{ webhookId: newer.webhookId, error: 'INVALID_FIELD: Foo__c' }]);
      const dead = await store.listDead(10);
      expect(dead.map((r) => [r.webhookId, r.lastError])).toEqual([
        [newer.webhookId, 'INVALID_FIELD: Foo__c'],
        [older.webhookId, 'STRING_TOO_LONG: Company']
      ]);
      expect(await store.listDead(10, 1)).toHaveLength(1);
    });

    it('replays chosen dead letters, then all of them, with attempts reset', async () => {
      const rows = [newExchange(), newExchange(), newExchange()];
      for (const r of rows) await store.insert(r);
      await lease();
      await store.markDead(rows.map((r) => ({ webhookId: r.webhookId, error: 'X: failed' })));
      expect(await store.replayDead([rows[0]!.webhookId])).toBe(1);
      expect((await store.getByWebhookId(rows[0]!.webhookId))?.state).toBe('queued');
      expect((await store.getByWebhookId(rows[0]!.webhookId))?.attempts).toBe(0);
      expect(await store.replayDead()).toBe(2);
      expect((await store.counts()).byState).toMatchObject({ queued: 3, dead: 0 });
    });

    it('restarts the age clock of a replayed dead letter', async () => {
      const row = newExchange();
      await store.insert(row);
      expect((await store.getByWebhookId(row.webhookId))?.ageFrom).toBe(row.receivedAt);
      await lease();
      await store.markDead([
        { webhookId: row.webhookId, error: 'EXPIRED: not published within 72 h after 0 attempts' }
      ]);
      const before = Date.now();
      await store.replayDead([row.webhookId]);
      const replayed = await store.getByWebhookId(row.webhookId);
      expect(replayed?.ageFrom).toBeGreaterThanOrEqual(before);
      expect(replayed?.receivedAt).toBe(row.receivedAt);
    });
  });

  describe('routing', () => {
    it('routes unrouted rows of the listed accounts to a new connection', async () => {
      const mine = newExchange({ connectionId: null, accountId: 'acc_mine' });
      const other = newExchange({ connectionId: null, accountId: 'acc_other' });
      await store.insert(mine);
      await store.insert(other);
      expect(await store.routeUnrouted('org_new', ['acc_mine'])).toBe(1);
      expect(await store.getByWebhookId(mine.webhookId)).toMatchObject({ state: 'queued', connectionId: 'org_new' });
      expect((await store.getByWebhookId(other.webhookId))?.state).toBe('unrouted');
      expect(await store.routeUnrouted('org_all', null)).toBe(1);
      expect((await store.getByWebhookId(other.webhookId))?.connectionId).toBe('org_all');
    });

    it('tells which accounts have exchanges waiting unrouted, among a list or at all', async () => {
      expect(await store.unroutedAccounts(null, 1)).toEqual([]);
      await store.insert(newExchange({ connectionId: null, accountId: 'acc_waiting' }));
      await store.insert(newExchange({ connectionId: null, accountId: 'acc_waiting' }));
      await store.insert(newExchange({ connectionId: null, accountId: 'acc_nobody' }));
      await store.insert(newExchange({ connectionId: 'org_a', accountId: 'acc_routed' }));
      expect(await store.unroutedAccounts(['acc_waiting', 'acc_routed', 'acc_none'], 10)).toEqual(['acc_waiting']);
      expect(await store.unroutedAccounts(['acc_routed'], 10)).toEqual([]);
      expect(await store.unroutedAccounts(null, 1)).toHaveLength(1);
      expect((await store.unroutedAccounts(null, 10)).sort()).toEqual(['acc_nobody', 'acc_waiting']);
    });

    it('restarts the age clock of the rows it routes', async () => {
      const waiting = newExchange({ connectionId: null, accountId: 'acc_waiting' });
      await store.insert(waiting);
      const before = Date.now();
      await store.routeUnrouted('org_new', ['acc_waiting']);
      const routed = await store.getByWebhookId(waiting.webhookId);
      expect(routed?.ageFrom).toBeGreaterThanOrEqual(before);
      expect(routed?.receivedAt).toBe(waiting.receivedAt);
    });
  });

  describe('retention', () => {
    /** Stores `count` exchanges and marks them published; answers them as stored (updatedAt = published). */
    const published = async (count: number) => {
      const rows = Array.from({ length: count }, () => newExchange());
      for (const row of rows) await store.insert(row);
      await lease();
      await store.markPublished(rows.map((r) => ({ webhookId: r.webhookId, eventUuid: `uuid-${r.webhookId}` })));
      return Promise.all(rows.map(async (r) => (await store.getByWebhookId(r.webhookId))!));
    };
    const stillThere = async (ids: string[]) =>
      (await Promise.all(ids.map((id) => store.getByWebhookId(id)))).filter((r) => r !== undefined).length;

    it('deletes published rows older than the cutoff and keeps newer ones', async () => {
      const old = await published(2);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const recent = await published(1);
      const cutoff = recent[0]!.updatedAt;
      expect(old.every((r) => r.updatedAt < cutoff)).toBe(true);

      expect(await store.prunePublished(cutoff, 100)).toBe(2);
      expect(await stillThere(old.map((r) => r.webhookId))).toBe(0);
      // Strictly older: a row updated exactly at the cutoff stays.
      expect(await store.getByWebhookId(recent[0]!.webhookId)).toMatchObject({ state: 'published' });
      expect(await store.prunePublished(cutoff, 100)).toBe(0);
    });

    it('never deletes a published row still awaiting its receipt, however old', async () => {
      const rows = [newExchange(), newExchange()];
      for (const row of rows) await store.insert(row);
      await lease();
      await store.markPublished([
        { webhookId: rows[0]!.webhookId, eventUuid: 'awaited', receiptCheckAt: Date.now() + 60_000 },
        { webhookId: rows[1]!.webhookId, eventUuid: 'not-awaited' }
      ]);
      expect(await store.prunePublished(Date.now() + 1e9, 100)).toBe(1);
      expect(await store.getByWebhookId(rows[0]!.webhookId)).toMatchObject({ state: 'published' });
      expect(await store.getByWebhookId(rows[1]!.webhookId)).toBeUndefined();
    });

    it('deletes at most `limit` rows per call and answers how many', async () => {
      const rows = await published(5);
      const future = Date.now() + 1e9;
      expect(await store.prunePublished(future, 2)).toBe(2);
      expect(await store.prunePublished(future, 2)).toBe(2);
      expect(await store.prunePublished(future, 2)).toBe(1);
      expect(await store.prunePublished(future, 2)).toBe(0);
      expect(await stillThere(rows.map((r) => r.webhookId))).toBe(0);
      expect((await store.counts()).byState.published).toBe(0);
    });

    it('never deletes queued, unrouted or dead rows, however old', async () => {
      const gone = await published(1);
      const dead = newExchange();
      const queued = newExchange();
      const unrouted = newExchange({ connectionId: null });
      for (const row of [dead, queued, unrouted]) await store.insert(row);
      await lease();
      await store.markDead([{ webhookId: dead.webhookId, error: 'STRING_TOO_LONG: Company' }]);
      await store.release([queued.webhookId]);

      expect(await store.prunePublished(Date.now() + 1e9, 100)).toBe(1);
      expect(await store.getByWebhookId(gone[0]!.webhookId)).toBeUndefined();
      expect((await store.counts()).byState).toEqual({
        queued: 1,
        published: 0,
        confirmed: 0,
        unconfirmed: 0,
        dead: 1,
        unrouted: 1
      });
      expect(await stillThere([dead.webhookId, queued.webhookId, unrouted.webhookId])).toBe(3);
      expect((await store.listDead(10)).map((r) => r.webhookId)).toEqual([dead.webhookId]);
    });

    it('stores a redelivery of a pruned webhook id again, as new', async () => {
      const [row] = await published(1);
      await store.prunePublished(Date.now() + 1e9, 100);
      const again = await store.insert({
        webhookId: row!.webhookId,
        exchangeId: row!.exchangeId,
        accountId: row!.accountId,
        bodyHash: row!.bodyHash,
        payload: row!.payload,
        receivedAt: row!.receivedAt + 1,
        connectionId: row!.connectionId
      });
      expect(again).toMatchObject({ kind: 'created', record: { state: 'queued', attempts: 0 } });
    });
  });

  describe('counts and health', () => {
    it('counts rows by state and queued rows by connection', async () => {
      await store.insert(newExchange());
      await store.insert(newExchange());
      await store.insert(newExchange({ connectionId: 'org_b' }));
      await store.insert(newExchange({ connectionId: null }));
      const counts = await store.counts();
      expect(counts.byState).toEqual({ queued: 3, published: 0, confirmed: 0, unconfirmed: 0, dead: 0, unrouted: 1 });
      expect(counts.queuedByConnection).toEqual({ org_a: 2, org_b: 1 });
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('tells when the oldest queued (per connection) and unrouted exchanges arrived, and the oldest published kept', async () => {
      const a1 = newExchange({ receivedAt: T0 + 10 });
      const a2 = newExchange({ receivedAt: T0 + 5 });
      const b1 = newExchange({ connectionId: 'org_b', receivedAt: T0 + 20 });
      const u1 = newExchange({ connectionId: null, receivedAt: T0 + 30 });
      const u2 = newExchange({ connectionId: null, receivedAt: T0 + 3 });
      for (const exchange of [a1, a2, b1, u1, u2]) await store.insert(exchange);
      const none = await store.counts();
      expect(none.oldestQueuedByConnection).toEqual({ org_a: T0 + 5, org_b: T0 + 20 });
      expect(none.oldestUnroutedAt).toBe(T0 + 3);
      expect(none.oldestPublishedAt).toBeNull();

      await store.markPublished([{ webhookId: a2.webhookId, eventUuid: 'uuid-1' }]);
      const after = await store.counts();
      expect(after.oldestQueuedByConnection).toEqual({ org_a: T0 + 10, org_b: T0 + 20 });
      expect(after.oldestPublishedAt).toEqual(expect.any(Number));
      expect((await store.getByWebhookId(a2.webhookId))?.updatedAt).toBe(after.oldestPublishedAt);
    });
  });

  describe('receipts', () => {
    const receipt = {
      status: 'Processed',
      errorCode: null,
      errorMessage: null,
      logs: [
        { status: 'Created', recordId: '00QDd0000000001AAA', targetObject: 'Lead', errorCode: null, errorMessage: null }
      ]
    };
    /** Stores and publishes exchanges, their first receipt check due at `checkAt` (null: none awaited). */
    const publishedAwaiting = async (count: number, checkAt: number | null, connectionId = 'org_a') => {
      const rows = Array.from({ length: count }, () => newExchange({ connectionId }));
      for (const row of rows) await store.insert(row);
      await lease(connectionId);
      await store.markPublished(
        rows.map((r) => ({ webhookId: r.webhookId, eventUuid: `uuid-${r.webhookId}`, receiptCheckAt: checkAt }))
      );
      return rows;
    };
    const leaseChecks = (now: number, owner = 'checker-1', limit = 1000) =>
      store.leaseReceiptChecks({ now, limit, leaseMs: 30_000, owner });

    it('leases published rows whose receipt check is due, of every connection, soonest first, and none awaited otherwise', async () => {
      expect(await store.nextReceiptCheckAt()).toBeNull();
      const legacy = await publishedAwaiting(1, null);
      expect(await store.nextReceiptCheckAt()).toBeNull();
      const later = await publishedAwaiting(1, T0 + 500);
      const sooner = await publishedAwaiting(2, T0 + 100, 'org_b');
      expect(await store.nextReceiptCheckAt()).toBe(T0 + 100);
      expect(await leaseChecks(T0 + 99)).toEqual([]);
      const due = await leaseChecks(T0 + 1_000);
      expect(due.map((r) => r.webhookId)).toEqual([...sooner, ...later].map((r) => r.webhookId));
      expect(due[0]).toMatchObject({ state: 'published', receiptCheckAt: T0 + 100, resends: 0, receipt: null });
      // Held: another checker gets nothing until the lease ends; the row published before receipts never comes.
      expect(await leaseChecks(T0 + 1_000, 'checker-2')).toEqual([]);
      expect(due.map((r) => r.webhookId)).not.toContain(legacy[0]!.webhookId);
    });

    it('breaks ties of one receipt check time by webhook id in code-unit order', async () => {
      const ids = ['msg_z', 'msg_a', 'msg_é', 'msg_B'];
      for (const webhookId of ids) await store.insert(newExchange({ webhookId }));
      await lease();
      await store.markPublished(
        ids.map((webhookId) => ({ webhookId, eventUuid: `uuid-${webhookId}`, receiptCheckAt: T0 }))
      );
      expect((await leaseChecks(T0 + 1)).map((r) => r.webhookId)).toEqual(['msg_B', 'msg_a', 'msg_z', 'msg_é']);
    });

    it('confirms a row with its receipt and never checks it again', async () => {
      const [row] = await publishedAwaiting(1, T0);
      await leaseChecks(T0 + 1);
      expect(
        await store.settleReceipts([{ webhookId: row!.webhookId, outcome: 'confirmed', receipt }], 'checker-1')
      ).toEqual([]);
      const confirmed = await store.getByWebhookId(row!.webhookId);
      expect(confirmed).toMatchObject({ state: 'confirmed', receipt, receiptCheckAt: null, lastError: null });
      expect(confirmed?.confirmedAt).toEqual(expect.any(Number));
      expect((await store.counts()).byState.confirmed).toBe(1);
      expect(await store.nextReceiptCheckAt()).toBeNull();
      expect(await leaseChecks(T0 + 1e12)).toEqual([]);
    });

    it('confirms a batch at once, each row with its own receipt kept as the org wrote it', async () => {
      const rows = await publishedAwaiting(3, T0);
      await leaseChecks(T0 + 1);
      const receiptOf = (i: number) => ({
        ...receipt,
        status: i === 2 ? 'Invalid' : 'Processed',
        errorCode: i === 2 ? 'MAPPING_FAILED' : null,
        errorMessage: i === 2 ? `Field "Company" can't be blank — ligne ${i} ✓ \\ / \u2028` : null,
        logs: i === 1 ? [] : receipt.logs
      });
      const late = await store.settleReceipts(
        [
          ...rows.map((row, i) => ({ webhookId: row.webhookId, outcome: 'confirmed' as const, receipt: receiptOf(i) })),
          // Not leased by this checker: rejected, and the batch's other rows are confirmed all the same.
          { webhookId: 'msg_not_leased', outcome: 'confirmed' as const, receipt }
        ],
        'checker-1'
      );
      expect(late).toEqual(['msg_not_leased']);
      for (const [i, row] of rows.entries()) {
        expect(await store.getByWebhookId(row.webhookId)).toMatchObject({ state: 'confirmed', receipt: receiptOf(i) });
      }
      expect((await store.counts()).byState).toMatchObject({ confirmed: 3, published: 0 });
    });

    it('rejects the settlement of a checker whose lease another took over', async () => {
      const [row] = await publishedAwaiting(1, T0);
      await store.leaseReceiptChecks({ now: T0 + 1, limit: 10, leaseMs: 1, owner: 'checker-1' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await leaseChecks(Date.now() + 1e9, 'checker-2')).toHaveLength(1);
      const late = await store.settleReceipts(
        [{ webhookId: row!.webhookId, outcome: 'confirmed', receipt }],
        'checker-1'
      );
      expect(late).toEqual([row!.webhookId]);
      expect((await store.getByWebhookId(row!.webhookId))?.state).toBe('published');
    });

    it('looks again later, keeping a receipt the org is still processing', async () => {
      const [row] = await publishedAwaiting(1, T0);
      await leaseChecks(T0 + 1);
      const pending = { ...receipt, status: 'Pending', logs: [] };
      await store.settleReceipts(
        [{ webhookId: row!.webhookId, outcome: 'check_later', checkAt: T0 + 5_000, receipt: pending }],
        'checker-1'
      );
      expect(await store.getByWebhookId(row!.webhookId)).toMatchObject({
        state: 'published',
        receiptCheckAt: T0 + 5_000,
        receipt: pending
      });
      expect(await store.nextReceiptCheckAt()).toBe(T0 + 5_000);
      expect(await leaseChecks(T0 + 4_999, 'checker-2')).toEqual([]);
      expect(await leaseChecks(T0 + 5_000, 'checker-2')).toHaveLength(1);
    });

    it('puts a row without a receipt back in the queue to be published again, counting the re-send', async () => {
      const [row] = await publishedAwaiting(1, T0);
      await leaseChecks(T0 + 1);
      await store.settleReceipts([
        { webhookId: row!.webhookId, outcome: 'resend', error: 'NO_RECEIPT: none after 600 s' }
      ]);
      const queued = await store.getByWebhookId(row!.webhookId);
      expect(queued).toMatchObject({
        state: 'queued',
        resends: 1,
        receiptCheckAt: null,
        lastError: 'NO_RECEIPT: none after 600 s'
      });
      // Due at once (the store's clock): the publisher takes it with its next lease.
      const again = await lease('org_a', 200, Date.now() + 1_000);
      expect(again.map((r) => r.webhookId)).toEqual([row!.webhookId]);
      await store.markPublished(
        [{ webhookId: row!.webhookId, eventUuid: 'uuid-again', receiptCheckAt: T0 + 9 }],
        'worker-1'
      );
      expect(await store.getByWebhookId(row!.webhookId)).toMatchObject({
        state: 'published',
        resends: 1,
        attempts: 2,
        receiptCheckAt: T0 + 9
      });
    });

    it('lists unconfirmed rows per connection and replays them with re-sends reset', async () => {
      const [a] = await publishedAwaiting(1, T0, 'org_a');
      const [b1, b2] = await publishedAwaiting(2, T0, 'org_b');
      await leaseChecks(T0 + 1);
      await store.settleReceipts(
        [a!, b1!, b2!].map((r) => ({
          webhookId: r.webhookId,
          outcome: 'unconfirmed' as const,
          error: 'NO_RECEIPT: re-sent 3 times'
        }))
      );
      expect((await store.counts()).byState.unconfirmed).toBe(3);
      expect((await store.listUnconfirmed(10)).map((r) => r.webhookId)).toEqual([a, b1, b2].map((r) => r!.webhookId));
      expect(await store.unconfirmedByConnection()).toEqual({
        org_a: { count: 1, oldestReceivedAt: a!.receivedAt },
        org_b: { count: 2, oldestReceivedAt: b1!.receivedAt }
      });
      expect(await store.replayUnconfirmed([b1!.webhookId])).toBe(1);
      expect(await store.getByWebhookId(b1!.webhookId)).toMatchObject({ state: 'queued', resends: 0 });
      expect(await store.replayUnconfirmed()).toBe(2);
      expect(await store.unconfirmedByConnection()).toEqual({});
    });

    it('prunes confirmed rows past retention and never unconfirmed ones', async () => {
      const [confirmed, unconfirmed] = await publishedAwaiting(2, T0);
      await leaseChecks(T0 + 1);
      await store.settleReceipts([
        { webhookId: confirmed!.webhookId, outcome: 'confirmed', receipt },
        { webhookId: unconfirmed!.webhookId, outcome: 'unconfirmed', error: 'NO_RECEIPT' }
      ]);
      expect(await store.prunePublished(Date.now() + 1e9, 100)).toBe(1);
      expect(await store.getByWebhookId(confirmed!.webhookId)).toBeUndefined();
      expect((await store.getByWebhookId(unconfirmed!.webhookId))?.state).toBe('unconfirmed');
    });
  });
}
