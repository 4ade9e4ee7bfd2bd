import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { describeOutboxStoreContract } from './outbox-store-contract';

describe('SqliteOutboxStore (outbox contract)', () => {
  describeOutboxStoreContract(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-outbox-'));
    return {
      open: async () => new SqliteOutboxStore({ filename: path.join(dir, 'outbox.sqlite') }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true })
    };
  });
});

describe('SqliteOutboxStore after a crash', () => {
  it('hands rows leased by a process that died back to the queue when the outbox is reopened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-outbox-'));
    const filename = path.join(dir, 'outbox.sqlite');
    try {
      const crashed = new SqliteOutboxStore({ filename });
      await crashed.insert({
        webhookId: 'msg_crash',
        exchangeId: 'exc_crash',
        accountId: 'acc_1',
        bodyHash: 'h',
        payload: '{}',
        receivedAt: 1,
        connectionId: 'org_a'
      });
      const now = Date.now();
      const lease = { connectionId: 'org_a', limit: 10, now, leaseMs: 120_000 };
      expect(await crashed.lease({ ...lease, owner: 'killed-process' })).toHaveLength(1);
      await crashed.close();

      const restarted = new SqliteOutboxStore({ filename });
      const again = await restarted.lease({ ...lease, owner: 'new-process' });
      await restarted.close();
      expect(again.map((r) => r.webhookId)).toEqual(['msg_crash']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
