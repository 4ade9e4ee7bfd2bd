/**
 * The SQLite outbox's leases, held in the process (process-leases.ts): the rules the table
 * kept, and the point of keeping them in memory — leasing, renewing and releasing write
 * nothing to the outbox file.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORGET_ENDED_LEASE_MS, ProcessLeases } from '../../webhook-relay/src/store/process-leases';
import { openSqliteOutboxStore, SQLITE_FILE_NAME } from '../../webhook-relay/src/store/sqlite-outbox-store';

describe('ProcessLeases', () => {
  it('holds rows until their lease ends, and only for their pool', () => {
    const leases = new ProcessLeases();
    leases.take('queue:a', ['m1', 'm2'], 'w1', 1_000);
    leases.take('queue:b', ['m3'], 'w1', 1_000);
    expect(leases.heldIn('queue:a', 999)).toEqual(['m1', 'm2']);
    expect(leases.heldIn('queue:a', 1_000)).toEqual([]);
    expect(leases.heldIn('queue:c', 0)).toEqual([]);
  });

  it('lets a holder whose lease ended settle until another takes the row over', () => {
    const leases = new ProcessLeases();
    leases.take('queue:a', ['m1'], 'slow', 1_000);
    expect(leases.heldBy('m1', 'slow')).toBe(true);
    leases.take('queue:a', ['m1'], 'new', 5_000);
    expect(leases.heldBy('m1', 'slow')).toBe(false);
    expect(leases.heldBy('m1', 'new')).toBe(true);
    expect(leases.heldBy('m1', undefined)).toBe(true);
    expect(leases.size).toBe(1);
  });

  it('extends only the owner’s lease', () => {
    const leases = new ProcessLeases();
    leases.take('queue:a', ['m1'], 'w1', 1_000);
    expect(leases.extend('m1', 'w2', 9_000)).toBe(false);
    expect(leases.extend('m1', 'w1', 9_000)).toBe(true);
    expect(leases.heldIn('queue:a', 8_999)).toEqual(['m1']);
    expect(leases.extend('gone', 'w1', 9_000)).toBe(false);
  });

  it('forgets a lease that ended long ago and was never settled', () => {
    const leases = new ProcessLeases();
    leases.take('queue:a', ['m1'], 'w1', 1_000);
    leases.heldIn('queue:a', 1_000 + FORGET_ENDED_LEASE_MS - 1);
    expect(leases.size).toBe(1);
    leases.heldIn('queue:a', 1_000 + FORGET_ENDED_LEASE_MS);
    expect(leases.size).toBe(0);
    expect(leases.heldBy('m1', 'w1')).toBe(false);
  });
});

describe('SqliteOutboxStore leases', () => {
  it('lease, renew and release write nothing to the file; marking published does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outbox-leases-'));
    const store = openSqliteOutboxStore(dir);
    const walSize = () => statSync(path.join(dir, `${SQLITE_FILE_NAME}-wal`)).size;
    try {
      const ids = Array.from({ length: 50 }, (_, i) => `msg_${i}`);
      await Promise.all(
        ids.map((webhookId, i) =>
          store.insert({
            webhookId,
            exchangeId: `exc_${i}`,
            accountId: 'acc_1',
            bodyHash: 'h',
            payload: JSON.stringify({ note: 'x'.repeat(1_000) }),
            receivedAt: 1_000 + i,
            connectionId: 'org_a'
          })
        )
      );
      const before = walSize();
      const now = Date.now();
      const leased = await store.lease({ connectionId: 'org_a', limit: 200, now, owner: 'w1', leaseMs: 60_000 });
      expect(leased).toHaveLength(50);
      expect(await store.renewLease(ids, 'w1', 60_000)).toEqual([]);
      expect(await store.release(ids.slice(25), 'w1')).toEqual([]);
      expect(walSize()).toBe(before);

      // Held rows are skipped by the next lease; released ones are not.
      const next = await store.lease({ connectionId: 'org_a', limit: 200, now, owner: 'w2', leaseMs: 60_000 });
      expect(next.map((r) => r.webhookId)).toEqual(ids.slice(25));

      const results = ids.slice(0, 25).map((webhookId) => ({ webhookId, eventUuid: `uuid-${webhookId}` }));
      expect(await store.markPublished(results, 'w1')).toEqual([]);
      expect(walSize()).toBeGreaterThan(before);
      expect((await store.getByWebhookId('msg_0'))?.state).toBe('published');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
